"""Build the gap report: what the posting asks for, what the resume shows, and the score.

The posting's asks are *requirements*: one per skill, or one per either-or group ("Java, Go
or Rust"). Each has a weight from TF-IDF over section-weighted counts. A requirement the
resume names earns full credit, one it implies (Django shows Python) partial credit. The
score is the weighted share of credit (0-100); the similarity is the cosine of the two
documents' TF-IDF vectors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from itertools import pairwise

from matcher.finder import FoundSkill, Mention
from matcher.scoring import SkillVectorizer
from matcher.sections import (
    SECTION_LABELS,
    SECTION_WEIGHTS,
    Knockout,
    Section,
    Span,
    find_knockouts,
    section_at,
    split_sections,
)
from matcher.vocab import IMPLIES_DEPTH, Vocabulary

# Credit for a requirement the resume shows only through a related skill (Django ⇒ Python).
PARTIAL_CREDIT = 0.5
SNIPPET_RADIUS = 70
# A requirement's importance compares its weight with the mean weight of all requirements.
IMPORTANCE_HIGH, IMPORTANCE_MEDIUM = 1.3, 0.7
# Shares of postings that name a skill, below or above which the report calls it rare or common.
RARE_SHARE, COMMON_SHARE = 0.03, 0.20

_GROUP_GAP = re.compile(r"^\s*(?:,|/|\||,?\s*\bor\b|,?\s*\band/or\b|\(\s*or\b)\s*$", re.IGNORECASE)
_LIST_GAP = re.compile(r"^\s*(?:,|/|\||,?\s*\b(?:or|and|and/or)\b)\s*$", re.IGNORECASE)
# A list introduced like this is one requirement met by any member: "one of: A, B, C", and
# lists of examples, "server-side languages such as Python, Ruby, Java, and PHP".
_ONE_OF = re.compile(
    r"(?:\b(?:one of|any of|either|at least one|one or more of|such as|for example|for instance)\b"
    r"|\be\.?g\.?)[^.\n]{0,40}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Requirement:
    """One ask of the posting: a skill, or an either-or group of skills met by any member."""

    members: tuple[str, ...]
    weight: float
    section: Section
    count: int
    text: str = ""


@dataclass(frozen=True)
class PostingAnalysis:
    """A posting's skills, sections, knockout lines and requirements (computed once per posting)."""

    text: str
    found: tuple[FoundSkill, ...]
    spans: tuple[Span, ...]
    knockouts: tuple[Knockout, ...]
    requirements: tuple[Requirement, ...]
    weighted_counts: Mapping[str, float]
    sections_of: Mapping[str, Section]
    profile: Mapping[str, float] = field(default_factory=dict)

    def skill(self, name: str) -> FoundSkill | None:
        """The found skill of this name, or None."""
        return next((f for f in self.found if f.name == name), None)


@dataclass(frozen=True)
class ResumeAnalysis:
    """A resume's skills."""

    text: str
    found: tuple[FoundSkill, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {f.name: f.count for f in self.found}


@dataclass(frozen=True)
class Row:
    """One line of the gap report: a posting requirement and how the resume meets it."""

    name: str
    category: str
    kind: str
    weight: float
    importance: str
    reasons: tuple[str, ...]
    section: str
    posting_count: int
    resume_count: int
    status: str
    credit: float
    implied_by: str | None
    posting_snippet: str
    resume_snippet: str | None
    alternatives: tuple[str, ...] = ()
    demand: Mapping[str, float] | None = None


@dataclass(frozen=True)
class Report:
    """The gap report of one resume against one posting."""

    score: float
    similarity: float
    matched: tuple[Row, ...]
    partial: tuple[Row, ...]
    missing: tuple[Row, ...]
    extra: tuple[Mapping[str, object], ...]
    groups: tuple[Mapping[str, object], ...]
    knockouts: tuple[Knockout, ...]
    counts: Mapping[str, int] = field(default_factory=dict)
    # How close the two documents' mix of skill categories is (languages, databases, cloud...):
    # it orders resumes with equal scores, e.g. when a posting names few skills.
    profile_similarity: float = 0.0

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready values (the shape of the API and ``matcher match --json``)."""
        return {
            "score": self.score,
            "similarity": self.similarity,
            "profile_similarity": self.profile_similarity,
            "matched": [_row_dict(r) for r in self.matched],
            "partial": [_row_dict(r) for r in self.partial],
            "missing": [_row_dict(r) for r in self.missing],
            "extra": [dict(e) for e in self.extra],
            "groups": [dict(g) for g in self.groups],
            "knockouts": [{"kind": k.kind, "text": k.text} for k in self.knockouts],
            "counts": dict(self.counts),
        }


_ROW_FIELDS = tuple(f.name for f in fields(Row))


def _row_dict(row: Row) -> dict[str, object]:
    # The fields are flat (strings, numbers, tuples, a mapping), so a shallow copy gives what
    # dataclasses.asdict gives, without its recursive deep copy (a report has dozens of rows).
    d = {name: getattr(row, name) for name in _ROW_FIELDS}
    d["reasons"] = list(row.reasons)
    d["alternatives"] = list(row.alternatives)
    d["demand"] = dict(row.demand) if row.demand is not None else None
    return d


def snippet(text: str, mention: Mention, radius: int = SNIPPET_RADIUS) -> str:
    """Return the mention with some context, white space folded, cut at word boundaries."""
    lo, hi = max(0, mention.start - radius), min(len(text), mention.end + radius)
    while lo > 0 and not text[lo - 1].isspace() and mention.start - lo < radius + 15:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - mention.end < radius + 15:
        hi += 1
    body = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


def _group_chains(
    text: str, found: tuple[FoundSkill, ...], vocabulary: Vocabulary
) -> list[list[Mention]]:
    """Find either-or runs of mentions: "Java, Go or Rust", "PostgreSQL/MySQL", "one of: A, B, C"."""
    mentions = sorted(
        ((m, f.skill.category) for f in found for m in f.mentions if f.skill.kind == "hard"),
        key=lambda x: x[0].start,
    )
    chains: list[list[tuple[Mention, str]]] = []
    current: list[tuple[Mention, str]] = []
    for item in mentions:
        if current:
            prev, prev_cat = current[-1]
            gap = text[prev.end : item[0].start]
            if _LIST_GAP.match(gap) and prev_cat == item[1]:
                current.append(item)
                continue
            chains.append(current)
        current = [item]
    if current:
        chains.append(current)
    groups = []
    for chain in chains:
        names = {m.text.lower() for m, _ in chain}
        if len(chain) < 2 or len(names) < 2:
            continue
        gaps = [text[a.end : b.start] for (a, _), (b, _) in pairwise(chain)]
        says_or = any(re.search(r"\bor\b|/|\|", g, re.IGNORECASE) for g in gaps)
        one_of = _ONE_OF.search(text[max(0, chain[0][0].start - 60) : chain[0][0].start])
        said_and = any(
            re.search(r"\band\b", g, re.IGNORECASE) and "and/or" not in g.lower() for g in gaps
        )
        if (says_or and not said_and and all(_GROUP_GAP.match(g) for g in gaps)) or one_of:
            groups.append([m for m, _ in chain])
    return groups


def analyze_posting(
    text: str, found: list[FoundSkill], vectorizer: SkillVectorizer, vocabulary: Vocabulary
) -> PostingAnalysis:
    """Weigh a posting's skills by section and TF-IDF, and group its either-or asks.

    Parameters
    ----------
    text:
        The posting's extracted text.
    found:
        The skills found in it.
    vectorizer, vocabulary:
        The scoring model and the vocabulary it was built for.

    Returns
    -------
    PostingAnalysis
        Requirements exclude skills named only in boilerplate (benefits, equal opportunity).
    """
    spans = split_sections(text)
    weighted: dict[str, float] = {}
    best_section: dict[str, Section] = {}
    rank = [Section.REQUIREMENTS, Section.OTHER, Section.NICE_TO_HAVE, Section.BOILERPLATE]
    for f in found:
        for m in f.mentions:
            section = section_at(spans, m.start)
            weighted[f.name] = weighted.get(f.name, 0.0) + SECTION_WEIGHTS[section]
            if f.name not in best_section or rank.index(section) < rank.index(best_section[f.name]):
                best_section[f.name] = section
    asked = {name: w for name, w in weighted.items() if w > 0}
    weights = vectorizer.weights(asked)
    counts = {
        f.name: sum(1 for m in f.mentions if section_at(spans, m.start) is not Section.BOILERPLATE)
        for f in found
    }

    grouped: dict[str, int] = {}
    group_members: list[tuple[list[str], str]] = []
    for chain in _group_chains(text, tuple(found), vocabulary):
        names = []
        for m in chain:
            name = next(f.name for f in found if m in f.mentions)
            if name in weights and name not in grouped and name not in names:
                names.append(name)
        if len(names) >= 2:
            for name in names:
                grouped[name] = len(group_members)
            group_members.append((names, " ".join(text[chain[0].start : chain[-1].end].split())))

    requirements: list[Requirement] = []
    for names, group_text in group_members:
        requirements.append(
            Requirement(
                members=tuple(names),
                weight=max(weights[n] for n in names),
                section=min((best_section[n] for n in names), key=rank.index),
                count=max(counts[n] for n in names),
                text=group_text,
            )
        )
    for name, weight in weights.items():
        if name not in grouped:
            requirements.append(Requirement((name,), weight, best_section[name], counts[name]))
    requirements.sort(key=lambda r: (-r.weight, r.members[0].lower()))
    return PostingAnalysis(
        text=text,
        found=tuple(found),
        spans=tuple(spans),
        knockouts=tuple(find_knockouts(text)),
        requirements=tuple(requirements),
        weighted_counts=asked,
        sections_of=best_section,
        profile=_profile(weights, vocabulary.hard_categories),
    )


def _profile(weights: Mapping[str, float], categories: Mapping[str, str]) -> dict[str, float]:
    """A document's hard-skill weight summed per category: what kind of work it is about.

    ``categories`` is :attr:`Vocabulary.hard_categories`.
    """
    out: dict[str, float] = {}
    for name, weight in weights.items():
        category = categories.get(name)
        if category is not None:
            out[category] = out.get(category, 0.0) + weight
    return out


def _profile_cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _implied(resume_names: list[str], vocabulary: Vocabulary) -> dict[str, str]:
    """Map each skill the resume implies but does not name to the resume skill implying it."""
    out: dict[str, str] = {}
    frontier = [(n, n) for n in resume_names]
    named = set(resume_names)
    for _ in range(IMPLIES_DEPTH):
        nxt = []
        for name, origin in frontier:
            skill = vocabulary.get(name)
            for target in skill.implies if skill else ():
                canonical = vocabulary.get(target).name
                if canonical not in named and canonical not in out:
                    out[canonical] = origin
                    nxt.append((canonical, origin))
        frontier = nxt
    return out


def _reasons(req: Requirement, name: str, vectorizer: SkillVectorizer) -> tuple[str, ...]:
    reasons = [f"under {SECTION_LABELS[req.section]}"]
    if req.count > 1:
        reasons.append(f"named {req.count} times")
    share = vectorizer.idf_table_.share(name)
    if share is not None:
        if share < RARE_SHARE:
            reasons.append(f"rare across postings ({share:.0%} name it)")
        elif share >= COMMON_SHARE:
            reasons.append(f"common across postings ({share:.0%} name it)")
    if len(req.members) > 1:
        reasons.append("either-or: " + " / ".join(req.members))
    return tuple(reasons)


def _importance(weight_share: float, n: int) -> str:
    mean = 1.0 / n if n else 0.0
    if weight_share >= IMPORTANCE_HIGH * mean:
        return "high"
    if weight_share >= IMPORTANCE_MEDIUM * mean:
        return "medium"
    return "low"


@dataclass(frozen=True)
class ScoringPlan:
    """What scoring any resume against one posting needs, worked out once per posting.

    Ranking thousands of resumes scores each against the same posting: the requirements'
    shares, the skills that imply each member, and the posting's unit TF-IDF weights do not
    depend on the resume.
    """

    posting: PostingAnalysis
    # Per requirement: its share of the total weight, and per member the skills implying it.
    asks: tuple[tuple[Requirement, float, tuple[frozenset[str], ...]], ...]
    weights: Mapping[str, float]  # the posting's l2-normalised TF-IDF weights
    idf: Mapping[str, float]
    categories: Mapping[str, str]  # each hard skill's category (for the profile)
    posting_skills: int  # how many skills the requirements name


def plan_scoring(
    posting: PostingAnalysis, vectorizer: SkillVectorizer, vocabulary: Vocabulary
) -> ScoringPlan:
    """The :class:`ScoringPlan` of a posting."""
    total = sum(r.weight for r in posting.requirements)
    asks = tuple(
        (
            req,
            req.weight / total if total else 0.0,
            tuple(vocabulary.implied_by.get(m, frozenset()) for m in req.members),
        )
        for req in posting.requirements
    )
    row = vectorizer.unit_row(posting.weighted_counts)
    skills = vocabulary.skills
    weights = {skills[c].name: v for c, v in zip(row.cols.tolist(), row.data.tolist(), strict=True)}
    return ScoringPlan(
        posting,
        asks,
        weights,
        vectorizer.idf_by_name,
        vocabulary.hard_categories,
        len({m for r in posting.requirements for m in r.members}),
    )


def _assess(
    plan: ScoringPlan, resume_counts: Mapping[str, int]
) -> tuple[list[tuple[Requirement, str, str, float, float]], float]:
    """How the resume meets each requirement: (requirement, name, status, credit, weight share).

    Shared by :func:`build_report` and :func:`summarize` so that a ranking's figures are
    exactly those of the full report. Also returns the earned share. A member the resume does
    not name but a named skill implies (see Vocabulary.implied_by) earns partial credit.
    """
    named = resume_counts.keys()
    assessed: list[tuple[Requirement, str, str, float, float]] = []
    earned = 0.0
    for req, share, implied_by in plan.asks:
        # The first member the resume names, else the first it implies, else the first member.
        # A loop rather than next() over generators: ranking runs this for every resume.
        members = req.members
        status, credit = "missing", 0.0
        name = members[0]
        for member in members:
            if member in resume_counts:
                name, status, credit = member, "matched", 1.0
                break
        else:
            for member, by in zip(members, implied_by, strict=True):
                if not named.isdisjoint(by):
                    name, status, credit = member, "partial", PARTIAL_CREDIT
                    break
        earned += share * credit
        assessed.append((req, name, status, credit, share))
    return assessed, earned


def _similarities(plan: ScoringPlan, resume_counts: Mapping[str, int]) -> tuple[float, float]:
    """The rounded TF-IDF cosine and skill-profile cosine of a resume against a posting."""
    idf = plan.idf
    # Sublinear TF-IDF, as the posting's weights (SkillVectorizer) are computed.
    weights = {n: (1.0 + math.log(c)) * idf[n] for n, c in resume_counts.items() if n in idf}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    posting = plan.weights
    dot = sum(w * posting[n] for n, w in weights.items() if n in posting)
    similarity = dot / norm if norm else 0.0
    profile = _profile(weights, plan.categories)
    return round(similarity, 4), round(_profile_cosine(plan.posting.profile, profile), 4)


@dataclass(frozen=True)
class Summary:
    """A report's ranking figures alone: what ranking many resumes needs, without rows or snippets."""

    score: float
    similarity: float
    profile_similarity: float
    missing: tuple[str, ...]  # the missing requirements' names, most important first
    counts: Mapping[str, int]


def summarize(plan: ScoringPlan, resume_counts: Mapping[str, int]) -> Summary:
    """The figures :func:`build_report` would give (score, similarities, counts, missing names).

    Building every row's snippets and reasons costs far more than the score; a ranking of
    thousands of resumes needs only these, and builds a full report for the few it shows.
    """
    assessed, earned = _assess(plan, resume_counts)
    similarity, profile_similarity = _similarities(plan, resume_counts)
    statuses = [status for _, _, status, _, _ in assessed]
    return Summary(
        score=round(100.0 * earned, 1),
        similarity=similarity,
        profile_similarity=profile_similarity,
        missing=tuple(name for _, name, status, _, _ in assessed if status == "missing"),
        counts={
            "posting_skills": plan.posting_skills,
            "resume_skills": len(resume_counts),
            "requirements": len(assessed),
            "matched": statuses.count("matched"),
            "partial": statuses.count("partial"),
            "missing": statuses.count("missing"),
        },
    )


def build_report(
    posting: PostingAnalysis,
    resume: ResumeAnalysis,
    vectorizer: SkillVectorizer,
    vocabulary: Vocabulary,
    market: Mapping[str, Mapping[str, float]] | None = None,
) -> Report:
    """Compare a resume with an analysed posting and return the gap report.

    Parameters
    ----------
    posting:
        The result of :func:`analyze_posting`.
    resume:
        The resume's skills.
    vectorizer, vocabulary:
        The scoring model and its vocabulary.
    market:
        Optional demand figures per skill name (``posting_share``, ``resume_share``).

    Returns
    -------
    Report
        A posting without skills scores 0 with empty lists; nothing here divides by zero.
    """
    resume_counts = resume.counts
    plan = plan_scoring(posting, vectorizer, vocabulary)
    assessed, earned = _assess(plan, resume_counts)
    implied = _implied(
        sorted(resume_counts, key=lambda n: (-resume_counts[n], n.lower())), vocabulary
    )
    n = len(posting.requirements)
    matched: list[Row] = []
    partial: list[Row] = []
    missing: list[Row] = []
    groups: list[dict[str, object]] = []
    for req, name, status, credit, share in assessed:
        skill = vocabulary.get(name)
        found_p = posting.skill(name)
        resume_skill = next((f for f in resume.found if f.name == name), None)
        # A partial row shows where the resume names the skill that implies it.
        shown = implied.get(name) if status == "partial" else name
        found_r = next((f for f in resume.found if f.name == shown), None)
        best_mention = _first_asked_mention(posting, found_p)
        row = Row(
            name=name,
            category=skill.category,
            kind=skill.kind,
            weight=round(share, 4),
            importance=_importance(share, n),
            reasons=_reasons(req, name, vectorizer),
            section=req.section.value,
            posting_count=req.count if len(req.members) == 1 else (found_p.count if found_p else 0),
            resume_count=resume_skill.count if resume_skill else 0,
            status=status,
            credit=credit,
            implied_by=implied.get(name) if status == "partial" else None,
            posting_snippet=snippet(posting.text, best_mention) if best_mention else "",
            resume_snippet=snippet(resume.text, found_r.mentions[0]) if found_r else None,
            alternatives=tuple(m for m in req.members if m != name),
            demand=(market or {}).get(name),
        )
        {"matched": matched, "partial": partial, "missing": missing}[status].append(row)
        if len(req.members) > 1:
            groups.append(
                {
                    "members": list(req.members),
                    "met_by": name if status != "missing" else None,
                    "text": req.text,
                }
            )
    asked_names = {m for r in posting.requirements for m in r.members}
    posting_names = {f.name for f in posting.found}
    extra = [
        {
            "name": f.name,
            "category": f.skill.category,
            "kind": f.skill.kind,
            "count": f.count,
            "snippet": snippet(resume.text, f.mentions[0]),
        }
        for f in sorted(resume.found, key=lambda f: (-f.count, f.name.lower()))
        if f.name not in asked_names and f.name not in posting_names
    ]
    similarity, profile_similarity = _similarities(plan, resume_counts)
    return Report(
        score=round(100.0 * earned, 1),
        similarity=similarity,
        profile_similarity=profile_similarity,
        matched=tuple(matched),
        partial=tuple(partial),
        missing=tuple(missing),
        extra=tuple(extra),
        groups=tuple(groups),
        knockouts=posting.knockouts,
        counts={
            "posting_skills": len(asked_names),
            "resume_skills": len(resume.found),
            "requirements": n,
            "matched": len(matched),
            "partial": len(partial),
            "missing": len(missing),
        },
    )


def _first_asked_mention(posting: PostingAnalysis, found: FoundSkill | None) -> Mention | None:
    """The first mention outside boilerplate, so the snippet shows the ask, not the perks."""
    if found is None:
        return None
    for m in found.mentions:
        if section_at(posting.spans, m.start) is not Section.BOILERPLATE:
            return m
    return found.mentions[0]
