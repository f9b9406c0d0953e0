"""Read a posting as a recruiter does: its roles, what it asks of the candidate, and how firmly.

The posting's asks are *requirements*: one per skill, or one per either-or group ("Java, Go
or Rust", "a relational database such as PostgreSQL or MySQL"). A requirement's weight comes
first from the posting's own emphasis (the role's title, the requirements against the nice to
haves, "strong", repetition), and rarity across postings (the idf) refines it within a narrow
band: it never turns a nice-to-have into the heaviest ask. Skills named only where the company
describes itself, its product or its customers are context, shown but not scored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from matcher.errors import RoleError
from matcher.finder import FoundSkill, Mention
from matcher.roles import Role, find_roles, single_title, title_disciplines
from matcher.scoring import SkillVectorizer
from matcher.sections import (
    REQUIRED_SECTIONS,
    SECTION_RANK,
    SECTION_WEIGHTS,
    Knockout,
    Section,
    Span,
    find_knockouts,
    header_end,
    span_at,
    split_sections,
)
from matcher.softskills import SoftReading, default_soft_reading, lowered, not_technical
from matcher.vocab import Vocabulary

# A requirement's weight before rarity, by the strongest place the posting names it.
LEVEL_WEIGHTS: dict[Section, float] = {
    Section.TITLE: 1.0,
    Section.REQUIREMENTS: 1.0,
    Section.OTHER: 0.55,
    Section.NICE_TO_HAVE: 0.3,
}
EMPHASIS = 1.2  # "strong", "must", "expert": the posting stresses the ask
REPEAT_STEP, REPEAT_CAP = 0.1, 4  # each further mention adds 10 %, up to the fourth
RARITY_BAND = (0.8, 1.2)  # the idf refines a weight by at most this factor either way

_STRESS = re.compile(
    r"\b(?:strong|must|required|expert\w*|deep|solid|extensive|proficien\w*|mastery|essential)\b",
    re.IGNORECASE,
)
_GROUP_GAP = re.compile(r"^\s*(?:,|/|\||,?\s*\bor\b|,?\s*\band/or\b|\(\s*or\b)\s*$", re.IGNORECASE)
_LIST_GAP = re.compile(r"^\s*(?:,|/|\||,?\s*\b(?:or|and|and/or)\b)\s*$", re.IGNORECASE)
# A list introduced like this is one requirement met by any member: "one of: A, B, C", and
# lists of examples, "server-side languages such as Python, Ruby, Java, and PHP".
_ONE_OF = re.compile(
    r"(?:\b(?:one of|any of|either|at least one|one or more of|such as|for example|for instance"
    r"|like|including)\b|\be\.?g\.?)[^.\n]{0,40}$",
    re.IGNORECASE,
)
# A list that ends like this is one requirement too: "Python, C#, Java, or similar".
_OR_SIMILAR = re.compile(
    r"^\s*,?\s*(?:or|and/or)\s+(?:similar|equivalent|comparable|another|other|any other|related)\b",
    re.IGNORECASE,
)
# How far before a list of examples its concept may stand ("a relational database such as").
_CONCEPT_REACH = 60
# What opens a list of examples after a concept: "monitoring (Datadog, Grafana)", "a CI system
# such as Jenkins or CircleCI", "cloud platforms, e.g. AWS or GCP"; what may stand between
# the concept and the opening; and what closes the list.
_EXAMPLES_OPEN = re.compile(
    r"\(|\b(?:such as|like|e\.g\.?|eg|including|for example|for instance|namely|specifically)\b",
    re.IGNORECASE,
)
_EXAMPLES_GAP = re.compile(r"[^.\n();]{0,60}")
# Between a concept and its examples, other skills coordinated with it: ", alerting, and
# dashboarding " (words joined by commas, "and", "or", "&").
_COORDINATED = re.compile(
    r"(?:\s*(?:,|&|/|\band\b|\bor\b)\s*(?:[\w+#.-]+\s*){1,3})*\s*(?=\()", re.IGNORECASE
)
_EXAMPLES_CLOSE = re.compile(r"[)\n;]|\.\s")
# A skill the posting rules out is no ask: "no CRUD", "Python, not Java", "without Kubernetes".
_NEGATED = re.compile(
    r"\b(?:no|not|without|never)\s+(?:(?:prior|previous|professional|formal|real|any)\s+)?$",
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
    level: str = "required"
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostingAnalysis:
    """A posting's skills, sections, roles, knockout lines and requirements for one role."""

    text: str
    found: tuple[FoundSkill, ...]
    spans: tuple[Span, ...]
    knockouts: tuple[Knockout, ...]
    requirements: tuple[Requirement, ...]
    weighted_counts: Mapping[str, float]
    sections_of: Mapping[str, Section]
    profile: Mapping[str, float] = field(default_factory=dict)
    roles: tuple[Role, ...] = ()
    role: int | None = None
    context: tuple[str, ...] = ()  # skills named only about the company: shown, not scored

    def skill(self, name: str) -> FoundSkill | None:
        """The found skill of this name, or None."""
        return next((f for f in self.found if f.name == name), None)


def _outside_role(roles: tuple[Role, ...], role: int | None) -> list[tuple[int, int]]:
    """The stretches of text that belong to the roles other than the chosen one."""
    if role is None:
        return []
    return [
        (r.start, r.end) if r.start >= 0 else (r.title_start, r.title_end)
        for i, r in enumerate(roles)
        if i != role
    ]


def _title_found(
    title: Role | None, found: list[FoundSkill], vocabulary: Vocabulary
) -> list[FoundSkill]:
    """The found skills with the title's disciplines added, each mentioned at the title."""
    if title is None:
        return found
    index = {f.name: i for i, f in enumerate(found)}
    out = list(found)
    mention = Mention(title.title_start, title.title_end, title.title)
    for name in title_disciplines(title.title, vocabulary):
        skill = vocabulary.get(name)
        if skill is None:
            continue
        if name in index:
            f = out[index[name]]
            mentions = sorted((*f.mentions, mention), key=lambda m: m.start)
            out[index[name]] = FoundSkill(f.skill, tuple(mentions))
        else:
            out.append(FoundSkill(skill, (mention,)))
    return out


def _group_chains(text: str, found: tuple[FoundSkill, ...]) -> list[list[Mention]]:
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
        before = text[max(0, chain[0][0].start - 60) : chain[0][0].start]
        after = text[chain[-1][0].end : chain[-1][0].end + 40]
        one_of = _ONE_OF.search(before) or _OR_SIMILAR.match(after)
        said_and = any(
            re.search(r"\band\b", g, re.IGNORECASE) and "and/or" not in g.lower() for g in gaps
        )
        if (says_or and not said_and and all(_GROUP_GAP.match(g) for g in gaps)) or one_of:
            groups.append([m for m, _ in chain])
    return groups


def _concept_examples(
    text: str, found: list[FoundSkill], vocabulary: Vocabulary
) -> list[tuple[str, list[str], int, int]]:
    """Concepts followed by examples of them: (concept, instances named, start, end).

    "Monitoring, alerting, and dashboarding (Datadog, Grafana, CloudWatch, Prometheus)" is one
    requirement, monitoring, that any of the four meets.
    """
    mentions = sorted(((m, f.name) for f in found for m in f.mentions), key=lambda x: x[0].start)
    # Per list of examples, the concept nearest before it ("Observability & Reliability:
    # Monitoring, alerting (Datadog, ...)": the examples are of monitoring).
    by_opener: dict[int, tuple[str, list[str], int, int]] = {}
    for i, (m, name) in enumerate(mentions):
        instances = vocabulary.instances_of.get(name)
        # Only a kind whose instances stand in for each other takes a list as its examples:
        # "DevOps comfort (Docker, CI/CD, cloud)" asks for each of the three.
        if not instances or name not in vocabulary.substitutes:
            continue
        gap = _EXAMPLES_GAP.match(text, m.end)
        opener = _EXAMPLES_OPEN.search(text, m.end, gap.end() + 12) if gap else None
        if opener is None:
            continue
        close = _EXAMPLES_CLOSE.search(text, opener.end())
        stop = close.start() if close else len(text)
        examples = [
            other
            for n, other in mentions[i + 1 :]
            if opener.end() <= n.start < stop and other in instances
        ]
        if examples:
            # Skills listed with the concept before the examples ("Monitoring, alerting, and
            # dashboarding (...)") belong to the same requirement.
            beside = [other for n, other in mentions[i + 1 :] if m.end <= n.start < opener.start()]
            if not _COORDINATED.match(text, m.end, opener.start() + 1):
                beside = []
            members = list(dict.fromkeys([*beside, *examples]))
            by_opener[opener.start()] = (name, members, m.start, stop)
    return list(by_opener.values())


def _concept_before(
    text: str, start: int, members: list[str], found: list[FoundSkill], vocabulary: Vocabulary
) -> str | None:
    """The concept a list of examples illustrates ("a relational database such as A or B")."""
    lo = max(0, start - _CONCEPT_REACH)
    best: tuple[int, str] | None = None
    for f in found:
        instances = vocabulary.instances_of.get(f.name)
        if not instances or not all(m in instances for m in members):
            continue
        for m in f.mentions:
            near = lo <= m.end <= start and "\n" not in text[m.end : start]
            if near and (best is None or m.end > best[0]):
                best = (m.end, f.name)
    return best[1] if best else None


class SoftAsks:
    """Which of a posting's soft-skill mentions ask the skill of the candidate.

    A soft word in a technical phrase ("5G Satellite Communication") is no mention at all; one in
    the header line is part of a name, not an ask, unless it is the discipline the role's title
    names; elsewhere its sentence's voice decides (:meth:`SoftReading.asked`).
    """

    def __init__(
        self, text: str, found: list[FoundSkill], title: Role | None, reading: SoftReading
    ) -> None:
        self.reading = reading
        soft = {f.name for f in found if f.skill.kind == "soft"}
        self.low = lowered(text) if soft else ""
        self.technical = reading.technical_spans(self.low, soft) if soft else {}
        self.header_end = header_end(text) if soft else 0
        self.title = (title.title_start, title.title_end) if title is not None else None

    def meant(self, name: str, mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
        """The mentions that name the soft skill, not a technical phrase."""
        spans = self.technical.get(name)
        return not_technical(mentions, spans) if spans else mentions

    def asked(self, name: str, m: Mention, span: Span | None) -> bool:
        """Whether a mention in an asking section asks the skill of the candidate."""
        if self.title == (m.start, m.end):
            return True  # the discipline the role's title names ("Engineering Manager")
        if m.start < self.header_end:
            return False
        sentence = (span.start, span.end) if span is not None else (m.start, m.end)
        return self.reading.asked(name, self.low, sentence, m)


def _level(section: Section) -> str:
    """A requirement is required when its strongest mention is in the title or the asks."""
    return "required" if section in REQUIRED_SECTIONS else "preferred"


def _rarity_factor(vectorizer: SkillVectorizer, name: str) -> float:
    low, high = RARITY_BAND
    return low + (high - low) * vectorizer.rarity(name)


def analyze_posting(
    text: str,
    found: list[FoundSkill],
    vectorizer: SkillVectorizer,
    vocabulary: Vocabulary,
    role: int | None = None,
) -> PostingAnalysis:
    """Read a posting's requirements for one of its roles, and weigh them.

    Parameters
    ----------
    text:
        The posting's extracted text.
    found:
        The skills found in it.
    vectorizer, vocabulary:
        The scoring model and the vocabulary it was built for.
    role:
        For a posting that lists several roles, the index of the role to read (see
        :func:`matcher.roles.find_roles`); None reads every role together.

    Returns
    -------
    PostingAnalysis
        Requirements exclude skills named only in boilerplate or in the company's description
        of itself (those are ``context``) and, with a role chosen, in the other roles' text.
    """
    spans = split_sections(text, sorted(m.start for f in found for m in f.mentions))
    roles = find_roles(text)
    if role is not None and not 0 <= role < len(roles):
        raise RoleError(f"role {role} does not exist: the posting lists {len(roles)} roles")
    title = roles[role] if role is not None else (single_title(text) if not roles else None)
    found = _title_found(title, found, vocabulary)
    outside = _outside_role(roles, role)
    title_lines = [(r.title_start, r.title_end) for r in roles if r.start >= 0]
    soft = SoftAsks(text, found, title, default_soft_reading())

    weighted: dict[str, float] = {}
    best_section: dict[str, Section] = {}
    stressed: set[str] = set()
    counts: dict[str, int] = {}
    kept: list[FoundSkill] = []
    for f in found:
        mentions = tuple(m for m in f.mentions if not any(s <= m.start < e for s, e in outside))
        if f.skill.kind == "soft":
            mentions = soft.meant(f.name, mentions)
        if not mentions:
            continue
        kept.append(f if len(mentions) == len(f.mentions) else FoundSkill(f.skill, mentions))
        for m in mentions:
            span = span_at(spans, m.start)
            section = span.section if span is not None else Section.OTHER
            if (title is not None and title.title_start <= m.start < title.title_end) or any(
                s <= m.start < e for s, e in title_lines
            ):
                section = Section.TITLE
            if SECTION_WEIGHTS[section] > 0 and _NEGATED.search(
                text, max(0, m.start - 30), m.start
            ):
                section = Section.CONTEXT
            if (
                f.skill.kind == "soft"
                and SECTION_WEIGHTS[section] > 0
                and not soft.asked(f.name, m, span)
            ):
                section = Section.CONTEXT
            weighted[f.name] = weighted.get(f.name, 0.0) + SECTION_WEIGHTS[section]
            if SECTION_WEIGHTS[section] > 0:
                counts[f.name] = counts.get(f.name, 0) + 1
                if span is not None and _STRESS.search(text, span.start, span.end):
                    stressed.add(f.name)
            prior = best_section.get(f.name)
            if prior is None or SECTION_RANK.index(section) < SECTION_RANK.index(prior):
                best_section[f.name] = section
    asked = {name: w for name, w in weighted.items() if w > 0}
    tfidf = vectorizer.weights(asked)

    def weigh(name: str) -> tuple[float, tuple[str, ...]]:
        section = best_section[name]
        weight = LEVEL_WEIGHTS.get(section, 0.0)
        reasons = []
        if name in stressed:
            weight *= EMPHASIS
            reasons.append("stressed (strong, must, expert...)")
        repeats = min(counts.get(name, 1), REPEAT_CAP)
        if repeats > 1:
            weight *= 1 + REPEAT_STEP * (repeats - 1)
        return weight * _rarity_factor(vectorizer, name), tuple(reasons)

    grouped: dict[str, int] = {}
    group_members: list[tuple[list[str], str]] = []
    for concept, examples, start, end in _concept_examples(text, kept, vocabulary):
        names = [n for n in (concept, *examples) if n in asked and n not in grouped]
        if concept in names and len(names) >= 2:
            for name in names:
                grouped[name] = len(group_members)
            group_members.append((names, " ".join(text[start:end].split())))
    owner = {id(m): f.name for f in kept for m in f.mentions}
    chains = _group_chains(text, tuple(kept))
    in_chain = {id(m) for chain in chains for m in chain}
    # A skill the posting also asks for on its own ("solid Python experience") is no mere
    # alternative where a list names it again ("C#/Python interop").
    alone = {f.name for f in kept for m in f.mentions if id(m) not in in_chain}
    for chain in chains:
        names = []
        for m in chain:
            name = owner.get(id(m))
            if name in asked and name not in grouped and name not in names and name not in alone:
                names.append(name)
        if len(names) < 2:
            continue
        concept = _concept_before(text, chain[0].start, names, kept, vocabulary)
        if concept is not None and concept in asked and concept not in grouped:
            names.insert(0, concept)
        for name in names:
            grouped[name] = len(group_members)
        group_members.append((names, " ".join(text[chain[0].start : chain[-1].end].split())))

    requirements: list[Requirement] = []
    for names, group_text in group_members:
        weights = [weigh(n) for n in names]
        section = min((best_section[n] for n in names), key=SECTION_RANK.index)
        requirements.append(
            Requirement(
                members=tuple(names),
                weight=max(w for w, _ in weights),
                section=section,
                count=max(counts.get(n, 0) for n in names),
                text=group_text,
                level=_level(section),
                reasons=tuple(dict.fromkeys(r for _, rs in weights for r in rs)),
            )
        )
    for name in asked:
        if name not in grouped:
            weight, reasons = weigh(name)
            section = best_section[name]
            requirements.append(
                Requirement(
                    (name,), weight, section, counts.get(name, 0), "", _level(section), reasons
                )
            )
    requirements.sort(key=lambda r: (-r.weight, r.members[0].lower()))
    context = tuple(
        sorted(
            (f.name for f in kept if best_section.get(f.name) is Section.CONTEXT),
            key=str.lower,
        )
    )
    return PostingAnalysis(
        text=text,
        found=tuple(kept),
        spans=tuple(spans),
        knockouts=tuple(find_knockouts(text)),
        requirements=tuple(requirements),
        weighted_counts=asked,
        sections_of=best_section,
        profile=profile(tfidf, vocabulary.hard_categories),
        roles=roles,
        role=role,
        context=context,
    )


def profile(weights: Mapping[str, float], categories: Mapping[str, str]) -> dict[str, float]:
    """A document's hard-skill weight summed per category: what kind of work it is about.

    ``categories`` is :attr:`Vocabulary.hard_categories`.
    """
    out: dict[str, float] = {}
    for name, weight in weights.items():
        category = categories.get(name)
        if category is not None:
            out[category] = out.get(category, 0.0) + weight
    return out


def profile_cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The cosine of two category profiles (0 when either is empty)."""
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0
