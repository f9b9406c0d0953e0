"""Assemble the gap report: a row per requirement, with its weight, why, and where each skill
was found in both documents.

The pipeline reads straight down: :mod:`matcher.posting` reads the posting's requirements,
:mod:`matcher.assess` judges the resume against them, and this module turns the verdicts into
the rows a person reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from matcher.assess import ResumeAnalysis, assess, plan_scoring, similarities, tally
from matcher.finder import FoundSkill, Mention
from matcher.posting import PostingAnalysis, Requirement
from matcher.roles import Role
from matcher.scoring import SkillVectorizer
from matcher.sections import SECTION_LABELS, Knockout, Section, section_at
from matcher.vocab import IMPLIES_DEPTH, Vocabulary

SNIPPET_RADIUS = 70
# A requirement's importance compares its weight with the mean weight of all requirements.
IMPORTANCE_HIGH, IMPORTANCE_MEDIUM = 1.3, 0.7
# Shares of postings that name a skill, below or above which the report calls it rare or common.
RARE_SHARE, COMMON_SHARE = 0.03, 0.20


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
    level: str = "required"
    met_by: str | None = None  # the instance that meets a kind of thing ("Git" for version control)
    related: str | None = None  # the related skill a partial row rests on (Azure for AWS)
    # ``weight`` is the requirement's own weight, on one scale for every posting (1.0 for a
    # required ask, 0.55 for the body, 0.3 for a nice-to-have, times emphasis and rarity);
    # ``share`` is its part of this posting's total, which the score adds up.
    share: float = 0.0
    # Where the posting names the requirement's members: offsets into the posting's text.
    mentions: tuple[Mention, ...] = ()
    # A name no vocabulary holds, found where the posting's words say it is a skill
    # (matcher.context): matched by name alone, with no idf or relations.
    from_context: bool = False


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
    roles: tuple[Role, ...] = ()
    role: int | None = None
    context: tuple[str, ...] = ()  # skills the posting names only about the company
    role_asked: bool = False  # the role was chosen by the caller, not as the best fit
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
            "roles": [r.to_dict() for r in self.roles],
            "role": self.role,
            "context": list(self.context),
            "role_asked": self.role_asked,
        }


_ROW_FIELDS = tuple(f.name for f in fields(Row))


def _row_dict(row: Row) -> dict[str, object]:
    # The fields are flat (strings, numbers, tuples, a mapping), so a shallow copy gives what
    # dataclasses.asdict gives, without its recursive deep copy (a report has dozens of rows).
    d = {name: getattr(row, name) for name in _ROW_FIELDS}
    d["reasons"] = list(row.reasons)
    d["alternatives"] = list(row.alternatives)
    d["demand"] = dict(row.demand) if row.demand is not None else None
    d["mentions"] = [{"start": m.start, "end": m.end, "text": m.text} for m in row.mentions]
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
    place = "in" if req.section is Section.TITLE else "under"
    reasons = [f"{req.level}: {place} {SECTION_LABELS[req.section]}", *req.reasons]
    if req.count > 1:
        reasons.append(f"named {req.count} times")
    # A name found from context has no figures across postings.
    share = vectorizer.idf_table_.share(name) if name in vectorizer.index_ else None
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
        The result of :func:`matcher.posting.analyze_posting` (for one role).
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
    verdicts, earned = assess(plan, resume_counts)
    implied = _implied(
        sorted(resume_counts, key=lambda n: (-resume_counts[n], n.lower())), vocabulary
    )
    n = len(posting.requirements)
    rows: dict[str, list[Row]] = {"matched": [], "partial": [], "missing": []}
    groups: list[dict[str, object]] = []
    resume_found = {f.name: f for f in resume.found}
    for v in verdicts:
        req, name, status = v.requirement, v.name, v.status
        found_p = posting.skill(name)
        skill = vocabulary.get(name) or (found_p.skill if found_p else None)
        if skill is None:  # every requirement names a skill the posting names
            raise ValueError(f"requirement {name!r} names no skill of the vocabulary or posting")
        # The row shows where the resume names the skill, the instance that meets it, or the
        # skill that implies it.
        shown = v.met_by or v.related_by or (implied.get(name) if status == "partial" else name)
        found_r = resume_found.get(shown) if shown else None
        best_mention = _first_asked_mention(posting, found_p)
        row = Row(
            name=name,
            category=skill.category,
            kind=skill.kind,
            weight=round(req.weight, 4),
            share=round(v.share, 4),
            importance=_importance(v.share, n),
            reasons=_reasons(req, name, vectorizer),
            section=req.section.value,
            posting_count=req.count if len(req.members) == 1 else (found_p.count if found_p else 0),
            resume_count=found_r.count if found_r else 0,
            status=status,
            credit=v.credit,
            implied_by=implied.get(name) if status == "partial" and not v.related_by else None,
            posting_snippet=snippet(posting.text, best_mention) if best_mention else "",
            resume_snippet=snippet(resume.text, found_r.mentions[0]) if found_r else None,
            alternatives=tuple(m for m in req.members if m != name),
            demand=(market or {}).get(name),
            level=req.level,
            met_by=v.met_by,
            related=v.related_by,
            from_context=skill.from_context,
            mentions=tuple(
                m
                for member in req.members
                if (found := posting.skill(member)) is not None
                for m in found.mentions
            ),
        )
        rows[status].append(row)
        if len(req.members) > 1:
            groups.append(
                {
                    "members": list(req.members),
                    "met_by": (v.met_by or name) if status != "missing" else None,
                    "text": req.text,
                }
            )
    asked_names = {m for r in posting.requirements for m in r.members}
    met_by = {v.met_by for v in verdicts if v.met_by}
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
        if f.name not in asked_names and f.name not in posting_names and f.name not in met_by
    ]
    similarity, profile_similarity = similarities(plan, resume_counts)
    counts = tally(verdicts, len(asked_names), len(resume.found))
    return Report(
        score=round(100.0 * earned, 1),
        similarity=similarity,
        profile_similarity=profile_similarity,
        matched=tuple(rows["matched"]),
        partial=tuple(rows["partial"]),
        missing=tuple(rows["missing"]),
        extra=tuple(extra),
        groups=tuple(groups),
        knockouts=posting.knockouts,
        counts=counts,
        roles=posting.roles,
        role=posting.role,
        context=posting.context,
    )


def _first_asked_mention(posting: PostingAnalysis, found: FoundSkill | None) -> Mention | None:
    """The first mention outside boilerplate, so the snippet shows the ask, not the perks."""
    if found is None:
        return None
    for m in found.mentions:
        if section_at(posting.spans, m.start) not in (Section.BOILERPLATE, Section.CONTEXT):
            return m
    return found.mentions[0]
