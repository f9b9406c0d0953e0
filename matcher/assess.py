"""Judge a resume against a posting's requirements and score it.

A requirement the resume names is met; a requirement for a kind of thing ("version control")
is met in full by any instance the resume shows ("met by Git", the ``is_a`` relation of
``vocab/kinds.toml``); one the resume only implies (Django shows Python), or shows only through
a sibling of the same kind (Azure for AWS) or the kind itself (Unix for Linux), earns partial
credit.
The score is the weighted share of credit (0-100); the similarity is the cosine of the two
documents' TF-IDF vectors.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from matcher.finder import FoundSkill
from matcher.posting import PostingAnalysis, Requirement, profile, profile_cosine
from matcher.scoring import SkillVectorizer
from matcher.softskills import default_soft_reading, lowered
from matcher.vocab import Vocabulary

# Credit for a requirement the resume shows only through a related skill (Django ⇒ Python).
PARTIAL_CREDIT = 0.5


@dataclass(frozen=True)
class ResumeAnalysis:
    """A resume's skills (those its job titles name included)."""

    text: str
    found: tuple[FoundSkill, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {f.name: f.count for f in self.found}


def read_resume(text: str, found: Sequence[FoundSkill]) -> ResumeAnalysis:
    """A resume's analysis from the skills found in it, soft words in a technical phrase
    ("B.E. Electronics & Communication", "collaborative filtering") dropped: they name no soft
    skill. The rules are ``vocab/soft_reading.toml`` (see :mod:`matcher.softskills`)."""
    return ResumeAnalysis(text, tuple(default_soft_reading().drop_technical(text, found)))


def counts_need_mentions(text: str, counts: Mapping[str, int], low: str | None = None) -> bool:
    """Whether a resume's skill counts (a ranking counts skills without their mentions) may
    differ from those of :func:`read_resume`: when a soft skill it names may stand in a
    technical phrase, only the mentions tell which of them count. Otherwise they are equal.
    ``low`` is the text lower-cased (:func:`matcher.softskills.lowered`), when the caller has it.
    """
    low = lowered(text) if low is None else low
    return default_soft_reading().any_technical(low, counts.keys())


def demonstrable(posting: PostingAnalysis, vocabulary: Vocabulary) -> frozenset[str]:
    """The soft skills whose demonstration in a resume could meet one of the posting's
    requirements: members, and the skills that meet, imply or relate to one
    (:func:`assess` reads all four)."""
    empty: frozenset[str] = frozenset()
    names = set()
    for req in posting.requirements:
        for member in req.members:
            names.add(member)
            names |= vocabulary.instances_of.get(member, empty)
            names |= vocabulary.implied_by.get(member, empty)
            names |= vocabulary.related.get(member, empty)
    return frozenset(names) & default_soft_reading().demonstrable


def demonstrated(
    resume: ResumeAnalysis, skills: frozenset[str], vocabulary: Vocabulary
) -> ResumeAnalysis:
    """The resume with the soft skills of ``skills`` it does not name but demonstrates ("led a
    team of 5" shows leadership), each mentioned where it is shown.

    Only skills a posting asks for are read (see :func:`demonstrable`): a demonstration is
    evidence for a requirement, and reading every rule for every resume of a ranking would
    double its cost.
    """
    named = resume.counts
    wanted = [name for name in skills if name not in named]
    if not wanted:
        return resume
    shown = default_soft_reading().demonstrations(resume.text, wanted)
    added = [
        FoundSkill(skill, mentions)
        for name, mentions in sorted(shown.items())
        if (skill := vocabulary.get(name)) is not None
    ]
    return ResumeAnalysis(resume.text, (*resume.found, *added)) if added else resume


def demonstrated_counts(
    text: str, counts: dict[str, int], skills: frozenset[str]
) -> dict[str, int]:
    """The counts of :func:`demonstrated`, from a resume's counts."""
    wanted = [name for name in skills if name not in counts]
    if not wanted:
        return counts
    shown = default_soft_reading().demonstrations(text, wanted)
    return {**counts, **{name: len(mentions) for name, mentions in sorted(shown.items())}}


@dataclass(frozen=True)
class Ask:
    """One requirement as scoring needs it: its share of the weight and, per member, the
    skills that meet it in full (its instances) and those that imply it."""

    requirement: Requirement
    share: float
    instances: tuple[frozenset[str], ...]
    implied_by: tuple[frozenset[str], ...]
    related: tuple[frozenset[str], ...]
    # Every skill that meets the requirement in any way: a resume naming none misses it.
    reach: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        reach = frozenset(self.requirement.members).union(
            *self.instances, *self.implied_by, *self.related
        )
        object.__setattr__(self, "reach", reach)


@dataclass(frozen=True)
class Verdict:
    """How the resume meets one requirement."""

    requirement: Requirement
    name: str  # the member the verdict is about
    status: str  # "matched", "partial" or "missing"
    credit: float
    share: float
    met_by: str | None = None  # the instance that meets a kind of thing ("Git")
    related_by: str | None = None  # a sibling that shows part of it (Azure for AWS)


@dataclass(frozen=True)
class ScoringPlan:
    """What scoring any resume against one posting needs, worked out once per posting.

    Ranking thousands of resumes scores each against the same posting: the requirements'
    shares, the skills that meet or imply each member, and the posting's unit TF-IDF weights
    do not depend on the resume.
    """

    posting: PostingAnalysis
    asks: tuple[Ask, ...]
    weights: Mapping[str, float]  # the posting's l2-normalised TF-IDF weights
    vectorizer: SkillVectorizer
    categories: Mapping[str, str]  # each hard skill's category (for the profile)
    posting_skills: int  # how many skills the requirements name
    demonstrable: frozenset[str] = frozenset()  # soft skills a resume may show by what it did


def plan_scoring(
    posting: PostingAnalysis, vectorizer: SkillVectorizer, vocabulary: Vocabulary
) -> ScoringPlan:
    """The :class:`ScoringPlan` of a posting."""
    total = sum(r.weight for r in posting.requirements)
    empty: frozenset[str] = frozenset()
    asks = tuple(
        Ask(
            req,
            req.weight / total if total else 0.0,
            tuple(vocabulary.instances_of.get(m, empty) for m in req.members),
            tuple(vocabulary.implied_by.get(m, empty) for m in req.members),
            tuple(vocabulary.related.get(m, empty) for m in req.members),
        )
        for req in posting.requirements
    )
    row = vectorizer.unit_row(posting.weighted_counts)
    skills = vocabulary.skills
    weights = {skills[c].name: v for c, v in zip(row.cols.tolist(), row.data.tolist(), strict=True)}
    asked = {m for r in posting.requirements for m in r.members}
    return ScoringPlan(
        posting,
        asks,
        weights,
        vectorizer,
        vocabulary.hard_categories,
        len(asked),
        demonstrable(posting, vocabulary),
    )


def _first_named(names: Mapping[str, int], candidates: frozenset[str]) -> str | None:
    """The candidate the resume names most often (ties by name), or None."""
    best: tuple[int, str] | None = None
    for name in candidates:
        count = names.get(name)
        if count and (best is None or (-count, name) < (-best[0], best[1])):
            best = (count, name)
    return best[1] if best else None


# One requirement's verdict as plain values: the member it is about, status, credit, the
# instance that meets it and the sibling that shows part of it (see Verdict).
_Judged = tuple[str, str, float, str | None, str | None]


def _judge(plan: ScoringPlan, resume_counts: Mapping[str, int]) -> tuple[list[_Judged], float]:
    """The verdict on each requirement as plain values, and the earned share of the weight.

    The one reading of :func:`assess` and :func:`summarize`, so that a ranking's figures are
    exactly those of the full report. Plain tuples rather than Verdicts: ranking runs this for
    every resume.
    """
    named = resume_counts.keys()
    judged: list[_Judged] = []
    earned = 0.0
    for ask in plan.asks:
        # A resume that names no skill meeting the requirement in any way misses it.
        verdict = None if named.isdisjoint(ask.reach) else _met(ask, resume_counts)
        if verdict is None:
            verdict = (ask.requirement.members[0], "missing", 0.0, None, None)
        earned += ask.share * verdict[2]
        judged.append(verdict)
    return judged, earned


def _met(ask: Ask, resume_counts: Mapping[str, int]) -> _Judged | None:
    """How the resume meets one requirement, or None when it does not: the first member it
    names; else the first met by an instance; else the first it implies (partial credit);
    else the first a sibling shows part of (partial credit)."""
    named = resume_counts.keys()
    members = ask.requirement.members
    # Plain loops rather than next() over generators, for the same reason.
    for member in members:
        if member in resume_counts:
            return (member, "matched", 1.0, None, None)
    for member, instances in zip(members, ask.instances, strict=True):
        if instances and not named.isdisjoint(instances):
            return (member, "matched", 1.0, _first_named(resume_counts, instances), None)
    for member, implied in zip(members, ask.implied_by, strict=True):
        if not named.isdisjoint(implied):
            return (member, "partial", PARTIAL_CREDIT, None, None)
    for member, close in zip(members, ask.related, strict=True):
        if close and not named.isdisjoint(close):
            return (member, "partial", PARTIAL_CREDIT, None, _first_named(resume_counts, close))
    return None


def assess(plan: ScoringPlan, resume_counts: Mapping[str, int]) -> tuple[list[Verdict], float]:
    """How the resume meets each requirement, and the earned share of the weight.

    Shared by the full report and (through :func:`_judge`) :func:`summarize`.
    """
    judged, earned = _judge(plan, resume_counts)
    verdicts = [
        Verdict(ask.requirement, name, status, credit, ask.share, met_by, related_by)
        for ask, (name, status, credit, met_by, related_by) in zip(plan.asks, judged, strict=True)
    ]
    return verdicts, earned


def similarities(plan: ScoringPlan, resume_counts: Mapping[str, int]) -> tuple[float, float]:
    """The rounded TF-IDF cosine and skill-profile cosine of a resume against a posting."""
    weights = plan.vectorizer.sublinear(resume_counts)
    norm = math.sqrt(sum(w * w for w in weights.values()))
    posting = plan.weights
    dot = sum(w * posting[n] for n, w in weights.items() if n in posting)
    similarity = dot / norm if norm else 0.0
    shape = profile(weights, plan.categories)
    return round(similarity, 4), round(profile_cosine(plan.posting.profile, shape), 4)


@dataclass(frozen=True)
class Summary:
    """A report's ranking figures alone: what ranking many resumes needs, without rows or snippets."""

    score: float
    similarity: float
    profile_similarity: float
    missing: tuple[str, ...]  # the missing requirements' names, most important first
    counts: Mapping[str, int]


def tally(verdicts: list[Verdict], posting_skills: int, resume_skills: int) -> dict[str, int]:
    """The counts a report and a ranking show."""
    return _tally([v.status for v in verdicts], posting_skills, resume_skills)


def _tally(statuses: list[str], posting_skills: int, resume_skills: int) -> dict[str, int]:
    return {
        "posting_skills": posting_skills,
        "resume_skills": resume_skills,
        "requirements": len(statuses),
        "matched": statuses.count("matched"),
        "partial": statuses.count("partial"),
        "missing": statuses.count("missing"),
    }


def summarize(plan: ScoringPlan, resume_counts: Mapping[str, int]) -> Summary:
    """The figures the full report would give (score, similarities, counts, missing names).

    Building every row's snippets and reasons costs far more than the score; a ranking of
    thousands of resumes needs only these, and builds a full report for the few it shows.
    """
    judged, earned = _judge(plan, resume_counts)
    similarity, profile_similarity = similarities(plan, resume_counts)
    return Summary(
        score=round(100.0 * earned, 1),
        similarity=similarity,
        profile_similarity=profile_similarity,
        missing=tuple(name for name, status, *_ in judged if status == "missing"),
        counts=_tally(
            [status for _, status, *_ in judged], plan.posting_skills, len(resume_counts)
        ),
    )
