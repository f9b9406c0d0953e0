"""Split a job posting into sections and find its knockout lines.

A posting asks for skills in different voices: "Requirements" (must have), "Nice to have"
(a plus), and boilerplate (benefits, equal-opportunity text) whose technology words are not
asks at all. Headings set the section for the lines after them; a sentence that says "is a
plus" or "bonus" is nice-to-have wherever it stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Section(StrEnum):
    """The voice in which a posting mentions a skill."""

    REQUIREMENTS = "requirements"
    NICE_TO_HAVE = "nice_to_have"
    OTHER = "other"
    BOILERPLATE = "boilerplate"


# How much a mention counts toward a skill's weight in the posting, by section.
SECTION_WEIGHTS: dict[Section, float] = {
    Section.REQUIREMENTS: 1.0,
    Section.OTHER: 0.8,
    Section.NICE_TO_HAVE: 0.4,
    Section.BOILERPLATE: 0.0,
}

SECTION_LABELS: dict[Section, str] = {
    Section.REQUIREMENTS: "Requirements",
    Section.NICE_TO_HAVE: "Nice to have",
    Section.OTHER: "the posting's text",
    Section.BOILERPLATE: "boilerplate",
}

_HEADINGS: list[tuple[Section, str]] = [
    (
        Section.NICE_TO_HAVE,
        r"nice[- ]to[- ]haves?|bonus(?: points)?|preferred(?: qualifications| skills| experience)?"
        r"|pluses|plus(?:es)? if|good to have|desired(?: skills| qualifications)?|ideally|extra credit"
        r"|it'?s a plus|would be (?:great|nice)|not required",
    ),
    (
        Section.BOILERPLATE,
        r"benefits|perks(?: (?:and|&) benefits)?|what we offer|we offer|compensation(?: (?:and|&) benefits)?"
        r"|salary|equal (?:employment )?opportunit\w*|eeo\w*|diversity(?: (?:and|&) inclusion)?"
        r"|how to apply|to apply|apply(?: now| here)?|about (?:us|the company)|who we are|our values"
        r"|why (?:join us|work (?:with|for) us)|life at \w+|privacy notice|accommodations?",
    ),
    (
        Section.REQUIREMENTS,
        r"requirements?|(?:minimum |basic |required |key )?qualifications|must[- ]haves?"
        r"|what you(?:'ll| will)? (?:need|bring)|what we(?:'re| are) looking for|who you are"
        r"|you (?:have|bring|are)|about you|skills(?: (?:and|&) (?:experience|qualifications))?"
        r"|(?:required |technical )?(?:skills|experience)|your (?:profile|skills|experience)"
        r"|ideal candidate|the ideal candidate|we(?:'d| would)? expect|must have|essential",
    ),
    (
        Section.OTHER,
        r"responsibilities|what you(?:'ll| will) do|the role|about the (?:role|job|position|team)"
        r"|your (?:role|responsibilities|mission)|tech(?:nology)? stack|our stack|stack|the job"
        r"|description|job description|overview|duties",
    ),
]
_HEADING_RES = [
    (
        section,
        re.compile(
            r"^[\s#*>\-•·|]*(?:\*\*)?(?:" + pattern + r")(?:\*\*)?\s*(?::|-|—|$)",
            re.IGNORECASE,
        ),
    )
    for section, pattern in _HEADINGS
]
_NICE_SENTENCE = re.compile(
    r"\b(?:nice[- ]to[- ]have|a (?:big |huge )?plus|bonus|preferred|ideally|is desirable|are desirable"
    r"|would be (?:great|nice|helpful)|not required|not a requirement|optional)\b",
    re.IGNORECASE,
)
_BOILERPLATE_SENTENCE = re.compile(
    r"\b(?:equal (?:employment )?opportunity|without regard to|regardless of (?:race|gender|age)"
    r"|health (?:insurance|care)|dental|401\s?\(?k\)?|paid time off|parental leave|stock options"
    r"|reasonable accommodation|we offer|benefits include|pto\b)",
    re.IGNORECASE,
)
_MAX_HEADING_LEN = 60


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-insensitive ``pattern`` made case-sensitive and lower-case, for lowered text.

    On ASCII text, matching case-insensitively and matching the lowered text case-sensitively
    agree when the pattern holds no capital letter, and the second is about twice as fast. A
    pattern that reads capitals somewhere (``(?-i:B\\.S\\.)``) lowered matches wherever it
    matched and more: a first sieve.
    """
    if re.search(r"\\[A-Z]", pattern.pattern):
        raise ValueError(f"a class escape changes meaning when lowered: {pattern.pattern}")
    return re.compile(pattern.pattern.lower(), pattern.flags & ~re.IGNORECASE)


class _Finder:
    """A case-insensitive pattern, searched in lowered text when the text is ASCII."""

    __slots__ = ("exact", "lowered", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.lowered = _lowered(pattern)
        # Whether the lowered pattern's answer is final, or only a sieve before the original.
        self.exact = not any(c.isupper() for c in pattern.pattern)

    def search(self, text: str, lowered: str | None) -> bool:
        """Whether the pattern occurs in ``text``; ``lowered`` is ``text.lower()`` if ASCII."""
        if lowered is not None:
            if self.lowered.search(lowered) is None:
                return False
            if self.exact:
                return True
        return self.pattern.search(text) is not None

    def match(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """The pattern matched at the start of ``text`` (``lowered`` as for :meth:`search`)."""
        if lowered is not None:
            found = self.lowered.match(lowered)
            if found is None or self.exact:
                return found
        return self.pattern.match(text)


def _lower_if_ascii(text: str) -> str | None:
    return text.lower() if text.isascii() else None


_HEADING_FINDERS = [(section, _Finder(pattern)) for section, pattern in _HEADING_RES]
_NICE_FINDER = _Finder(_NICE_SENTENCE)
_BOILERPLATE_FINDER = _Finder(_BOILERPLATE_SENTENCE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(])|\n")


@dataclass(frozen=True)
class Span:
    """A stretch of the posting, ``text[start:end]``, in one section."""

    start: int
    end: int
    section: Section


@dataclass(frozen=True)
class Knockout:
    """A line that screens candidates out by something other than a skill."""

    kind: str
    text: str
    start: int


def _heading_section(line: str) -> Section | None:
    """Return the section a heading line opens ("Nice to have:", "BENEFITS"), else None."""
    stripped = line.strip()
    if not stripped:
        return None
    lowered = _lower_if_ascii(stripped)
    for section, finder in _HEADING_FINDERS:
        m = finder.match(stripped, lowered)
        if m is None:
            continue
        rest = stripped[m.end() :].strip()
        is_heading_only = not rest and len(stripped) <= _MAX_HEADING_LEN
        if is_heading_only or stripped[: m.end()].rstrip().endswith((":", "-", "—")):
            return section
    return None


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in _SENTENCE_SPLIT.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def split_sections(text: str) -> list[Span]:
    """Split a posting into spans, each in one :class:`Section`.

    Parameters
    ----------
    text:
        The posting's text.

    Returns
    -------
    list[Span]
        Spans covering the text in order. Text before any heading is ``OTHER``; a
        sentence that says a skill is a plus is ``NICE_TO_HAVE`` and one about benefits
        or equal opportunity is ``BOILERPLATE`` wherever it stands.
    """
    spans: list[Span] = []
    current = Section.OTHER
    pos = 0
    # Lowering keeps offsets only in ASCII text; other text is searched as it is.
    lowered = _lower_if_ascii(text)
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        heading = _heading_section(line)
        line_section = current
        if heading is not None:
            line_section = current = heading
        for s, e in _sentences(text, line_start, pos):
            if line_section is Section.BOILERPLATE:
                spans.append(Span(s, e, line_section))
                continue
            sentence = text[s:e]
            low = None if lowered is None else lowered[s:e]
            if _BOILERPLATE_FINDER.search(sentence, low):
                spans.append(Span(s, e, Section.BOILERPLATE))
            elif _NICE_FINDER.search(sentence, low):
                spans.append(Span(s, e, Section.NICE_TO_HAVE))
            else:
                spans.append(Span(s, e, line_section))
    return spans


def section_at(spans: Sequence[Span], offset: int) -> Section:
    """Return the section of the span holding ``offset`` (``OTHER`` between spans)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(spans) and spans[lo].start <= offset < spans[lo].end:
        return spans[lo].section
    return Section.OTHER


_KNOCKOUTS: list[tuple[str, re.Pattern[str]]] = [
    (
        "work_authorization",
        re.compile(
            r"\b(?:authori[sz]ed to work|work(?:ing)? authori[sz]ation|right to work|visa sponsorship"
            r"|(?:unable|not able) to sponsor|no sponsorship|sponsorship (?:is )?(?:not )?(?:available|provided)"
            r"|(?:u\.?s\.?|us) citizens?(?:hip)?|green card|permanent resident|eligible to work)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "clearance",
        re.compile(
            r"\b(?:security clearance|(?:top )?secret clearance|ts/sci|active clearance|clearable"
            r"|able to obtain (?:a |an )?(?:\w+ )?clearance|clearance required)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "degree",
        re.compile(
            r"\b(?:bachelor'?s|master'?s|doctorate|phd|(?:university |college |four[- ]year )?degree"
            r"|(?-i:B\.?S\.?c?|M\.?S\.?c?|B\.E\.|B\.?Tech|M\.?Tech|Ph\.?D\.?))\b[^.\n]{0,60}?"
            r"\b(?:in|of|required|or equivalent|computer science|engineering|related field)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "experience",
        re.compile(
            r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|ten)\s*(?:\+|plus)?\s*(?:-\s*\d{1,2}\s*)?"
            r"(?:\+\s*)?years?(?:'|’)?\s+(?:of\s+)?(?:professional |relevant |industry |hands-on |commercial )?"
            r"(?:experience|exp\b|working|building|developing|in\b|with\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "location",
        re.compile(
            r"\b(?:must (?:be )?(?:located|based|live) in|must reside|relocation (?:is )?required"
            r"|on-?site only|in[- ]office (?:\d|five|four|three) days)\b",
            re.IGNORECASE,
        ),
    ),
]
_MAX_KNOCKOUT_TEXT = 220
_KNOCKOUT_FINDERS = [(kind, _Finder(pattern)) for kind, pattern in _KNOCKOUTS]


def find_knockouts(text: str) -> list[Knockout]:
    """Return the sentences that screen candidates by authorization, clearance, degree or years.

    Parameters
    ----------
    text:
        The posting's text.

    Returns
    -------
    list[Knockout]
        At most one knockout per kind and sentence, in text order.
    """
    out: list[Knockout] = []
    seen: set[tuple[str, str]] = set()
    for s, e in _sentences(text, 0, len(text)):
        sentence = " ".join(text[s:e].split())
        if not sentence:
            continue
        lowered = _lower_if_ascii(sentence)
        for kind, finder in _KNOCKOUT_FINDERS:
            if finder.search(sentence, lowered) and (kind, sentence) not in seen:
                seen.add((kind, sentence))
                shown = (
                    sentence
                    if len(sentence) <= _MAX_KNOCKOUT_TEXT
                    else sentence[:_MAX_KNOCKOUT_TEXT] + "…"
                )
                out.append(Knockout(kind, shown, s))
    return out
