"""Split a job posting into sections and find its knockout lines.

A posting asks for skills in different voices: "Requirements" (must have), "Nice to have"
(a plus), and boilerplate (benefits, equal-opportunity text) whose technology words are not
asks at all. Headings set the section for the lines after them; a sentence that says "is a
plus" or "bonus" is nice-to-have wherever it stands.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Section(StrEnum):
    """The voice in which a posting mentions a skill."""

    TITLE = "title"
    REQUIREMENTS = "requirements"
    NICE_TO_HAVE = "nice_to_have"
    OTHER = "other"
    CONTEXT = "context"
    BOILERPLATE = "boilerplate"


# How much a mention counts toward a skill's weight in the posting, by section. The role's
# title and the requirements are what the posting asks; the body around them (duties, "our
# stack") asks less firmly; what the company says about itself, its product or its customers
# (context) and boilerplate (benefits, equal opportunity) ask nothing.
SECTION_WEIGHTS: dict[Section, float] = {
    Section.TITLE: 1.0,
    Section.REQUIREMENTS: 1.0,
    Section.OTHER: 0.6,
    Section.NICE_TO_HAVE: 0.35,
    Section.CONTEXT: 0.0,
    Section.BOILERPLATE: 0.0,
}
# Sections in the order a skill's strongest mention is chosen.
SECTION_RANK: tuple[Section, ...] = (
    Section.TITLE,
    Section.REQUIREMENTS,
    Section.OTHER,
    Section.NICE_TO_HAVE,
    Section.CONTEXT,
    Section.BOILERPLATE,
)
# Sections whose mentions make a requirement "required" rather than "preferred".
REQUIRED_SECTIONS = frozenset({Section.TITLE, Section.REQUIREMENTS})

SECTION_LABELS: dict[Section, str] = {
    Section.TITLE: "the role's title",
    Section.REQUIREMENTS: "Requirements",
    Section.NICE_TO_HAVE: "Nice to have",
    Section.OTHER: "the posting's text",
    Section.CONTEXT: "the company's description",
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
        r"(?:our |the )?benefits(?: (?:we offer|and perks|package|include))?|perks(?: (?:and|&) benefits)?"
        r"|what we offer|we offer|what(?:['’]s| is) in it for you|compensation(?: (?:and|&) benefits)?"
        r"|salary|pay|equal (?:employment )?opportunit\w*|eeo\w*|diversity(?: (?:and|&) inclusion)?"
        r"|how to apply|to apply|apply(?: now| here| at| via)?|interview process|hiring process"
        r"|about (?:us|the company|(?!you\b|yourself\b|the\b|this\b|our\b|your\b|me\b)[\w.]+)|who we are|our (?:values|culture|mission|story)|culture"
        r"|why (?:join(?: us)?|work (?:with|for) us|you['’]?ll love \w+)|life at \w+|privacy notice"
        r"|accommodations?|location|visa|contact",
    ),
    (
        Section.REQUIREMENTS,
        r"requirements?|(?:minimum |basic |required |key )?qualifications|must[- ]haves?"
        r"|what you(?:'ll| will)? (?:need|bring)|what we(?:'re| are) looking for|who you are"
        r"|you should (?:have|bring|know|be)|you(?:'ll| will)? need|what you should have|must know"
        r"|what (?:we need|you have|you know)|we(?:'re| are) looking for|looking for"
        r"|you (?:have|bring|are)|about you|skills(?: (?:and|&) (?:experience|qualifications))?"
        r"|(?:required |technical )?(?:skills|experience)|your (?:profile|skills|experience)"
        r"|ideal candidate|the ideal candidate|we(?:'d| would)? expect|must have|essential",
    ),
    (
        Section.OTHER,
        r"responsibilities|what you(?:'ll| will) (?:do|own|work on)|the role|about the (?:role|job|position|team)"
        r"|technologies|tech|tools|tooling|stack|environment"
        r"|your (?:role|responsibilities|mission)|tech(?:nology)? stack|our stack|stack|the job"
        r"|description|job description|overview|duties",
    ),
]
_HEADING_RES = [
    (
        section,
        re.compile(
            r"^[\s#*>\-•·|]*(?:\*\*)?(?:" + pattern + r")(?:\*\*)?\s*(?::|-|—|\?|$)",
            re.IGNORECASE,
        ),
    )
    for section, pattern in _HEADINGS
]
# A sentence in the posting's body that asks something of the candidate, in so many words.
_ASK_SENTENCE = re.compile(
    r"\b(?:you(?:['’]ll| will)? (?:have|bring|need|know)|you(?:['’]re| are) (?:an? |comfortable|fluent|proficient"
    r"|experienced|skilled|strong)|you['’]?ve|we(?:['’]re| are) looking for (?:someone|an? |engineers?|people)"
    r"|looking for (?:someone|an? (?:\w+ ){0,3}(?:engineer|developer))|must|(?:is|are|be) required|required (?:skills?|experience|qualifications)|requires?"
    r"|experience (?:with|in|building|using|of|developing|working)|years of|proficien\w*|strong"
    r"|solid|deep|expert\w*|fluen\w*|comfortable (?:with|on|in)|hands-on|knowledge of"
    r"|understanding of|background in|track record|ability to|skills? in|mastery|(?:is|are) expected|we expect)\b",
    re.IGNORECASE,
)
# A sentence in which the company speaks of itself, its product or its customers: what it
# names there is context, not an ask, unless the sentence also speaks of the work ("our stack").
_CONTEXT_SENTENCE = re.compile(
    r"\b(?:we(?:['’]re| are|['’]ve| have)? (?:build|building|built|make|making|develop|developing|provide|providing|offer"
    r"|help|helping|create|creating|power|powering|sell|serve|serving|enable|enabling|automate"
    r"|empower|empowering"
    r"|turn|bring|raised|have raised|are backed|were founded|founded"
    r"|value|emphasi[sz]e|care (?:about|deeply about)|believe in|pride ourselves on)"
    r"|we(?:['’]re| are) (?:a|an) (?:[\w-]+ ){0,5}(?:company|startup|team|firm|business|studio|lab|agency)"
    r"|(?:is|are) (?:revolutioni[sz]ing|transforming|reinventing|reimagining|redefining|disrupting)"
    r"|our (?:platform|product|products|customers|clients?|users|mission|company|software|tools?"
    r"|solutions?|app|service|services|technology|investors|partners|team has|founders)"
    r"|(?:used|trusted|loved|backed|funded|relied on) by|integrates? with|(?:customers|clients),? (?:include|such as|like)"
    r"|is (?:a|an|the) (?:[\w-]+ ){0,5}(?:company|platform|startup|provider|leader|tool|marketplace"
    r"|product|solution|service|app|lab|firm)|(?:series [a-d]|seed)[- ](?:funded|stage|round)"
    r"|founded in|headquartered)\b",
    re.IGNORECASE,
)
# Words that make a company sentence speak of the hire's work after all.
_WORK_SENTENCE = re.compile(
    r"\b(?:stack|we use|using|built (?:with|on|in)|written in|runs? on|you(?:['’]ll| will)?|your|experience"
    r"|familiar\w*|knowledge|proficien\w*|skills?|hire|hiring|seeking|looking for|join"
    r"|(?:builds?|building|built|develop\w*|writ\w+)\b[^.\n]{0,80}?\b(?:in|with|using)\s+"
    r"(?!(?:the|a|an|our|their|domains?|areas?|fields?|industries|sectors?|markets?)\b)\w+)\b",
    re.IGNORECASE,
)
_NICE_SENTENCE = re.compile(
    r"\b(?:nice[- ]to[- ]have|a (?:big |huge )?plus|bonus|preferred|ideally|is desirable|are desirable"
    r"|would be (?:great|nice|helpful)|not required|not a requirement|optional"
    r"|(?:is|are|would be|will be) (?:an? )?(?:(?:big|real|strong|definite) )?(?:advantage|asset)"
    r"|advantageous|(?:about |roughly )?half of (?:these|the following|them))\b",
    re.IGNORECASE,
)
_BOILERPLATE_SENTENCE = re.compile(
    r"\b(?:equal (?:employment )?opportunity|without regard to|regardless of (?:race|gender|age)"
    r"|health (?:insurance|care)|dental|401\s?\(?k\)?|paid time off|parental leave|stock options"
    r"|reasonable accommodation|we offer|benefits include|pto\b)",
    re.IGNORECASE,
)
_MAX_HEADING_LEN = 60
# What may follow a heading's words on its line: a few words, then a colon or question mark.
_HEADING_TAIL = re.compile(r"^(?:[\w'’&/-]+\s+){0,4}[\w'’&/-]*\s*[:?!]?\**\s*$")


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
_ASK_FINDER = _Finder(_ASK_SENTENCE)
_CONTEXT_FINDER = _Finder(_CONTEXT_SENTENCE)
_WORK_FINDER = _Finder(_WORK_SENTENCE)
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


def _heading_section(line: str) -> tuple[Section, bool] | None:
    """The section a heading line opens ("Nice to have:", "Benefits we offer", "BENEFITS"), and
    whether it is a label of this line alone ("Apply here: https://...", "Salary: $150k").

    A heading may carry a few more words before its colon ("Benefits we offer:", "Why join?").
    """
    stripped = line.strip()
    if not stripped:
        return None
    lowered = _lower_if_ascii(stripped)
    for section, finder in _HEADING_FINDERS:
        m = finder.match(stripped, lowered)
        if m is None:
            continue
        rest = stripped[m.end() :].strip()
        short = len(stripped) <= _MAX_HEADING_LEN
        if short and (not rest or _HEADING_TAIL.match(rest)):
            return section, False
        if stripped[: m.end()].rstrip().endswith((":", "-", "—")):
            # Boilerplate named on one line ("Apply here: <link>") does not open a section.
            return section, section is Section.BOILERPLATE and bool(rest)
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


def split_sections(text: str, offsets: Sequence[int] | None = None) -> list[Span]:
    """Split a posting into spans, each in one :class:`Section`.

    Parameters
    ----------
    text:
        The posting's text.
    offsets:
        If given (sorted), only the sentences holding one of these offsets (the skills'
        mentions) are read for their voice; the others keep their heading's section. Every
        offset gets the section it would get without this; reading only those sentences halves
        the cost of a posting's analysis.

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
    lines = text.splitlines(keepends=True)
    title_end = header_end(text)
    company = _company_voice(lines[0]) if lines else None
    for number, line in enumerate(lines):
        line_start, pos = pos, pos + len(line)
        if number == 0 and title_end:
            spans.extend(_title_spans(line, line_start))
            continue
        heading = _heading_section(line)
        line_section = current
        if heading is not None:
            line_section, line_only = heading
            if not line_only:
                current = line_section
        line_sentences = _sentences(text, line_start, pos)
        story = _CompanyStory(text, lowered, line_sentences, company)
        for k, (s, e) in enumerate(line_sentences):
            unread = offsets is not None and not _holds(offsets, s, e)
            if line_section is Section.BOILERPLATE or unread:
                spans.append(Span(s, e, line_section))
                continue
            sentence = text[s:e]
            low = None if lowered is None else lowered[s:e]
            if _BOILERPLATE_FINDER.search(sentence, low):
                spans.append(Span(s, e, Section.BOILERPLATE))
            elif _NICE_FINDER.search(sentence, low):
                spans.append(Span(s, e, Section.NICE_TO_HAVE))
            elif line_section is Section.OTHER:
                voice = _body_voice(sentence, low, company)
                if voice is Section.OTHER and _goes_on_about_the_company(
                    text, lowered, (s, e), offsets, story, k
                ):
                    voice = Section.CONTEXT
                spans.append(Span(s, e, voice))
            else:
                spans.append(Span(s, e, line_section))
    return spans


class _CompanyStory:
    """Whether the company has spoken of itself in a line's first sentences; each sentence is
    read for its voice at most once, however many later sentences ask."""

    def __init__(
        self,
        text: str,
        lowered: str | None,
        sentences: Sequence[tuple[int, int]],
        company: re.Pattern[str] | None,
    ) -> None:
        self.text, self.lowered, self.sentences, self.company = text, lowered, sentences, company
        self.read = 0
        self.told = False

    def before(self, k: int) -> bool:
        """Whether one of the line's sentences before the ``k``-th is in the company's voice."""
        while not self.told and self.read < k:
            a, b = self.sentences[self.read]
            self.read += 1
            low = None if self.lowered is None else self.lowered[a:b]
            self.told = _body_voice(self.text[a:b], low, self.company) is Section.CONTEXT
        return self.told


def _goes_on_about_the_company(
    text: str,
    lowered: str | None,
    sentence: tuple[int, int],
    offsets: Sequence[int] | None,
    story: _CompanyStory,
    k: int,
) -> bool:
    """Whether a sentence that says nothing of the hire or the work continues a paragraph in
    which the company speaks of itself ("We've raised $42M for a new way to collaborate. The
    first step was an editor to serve as the user interface."), and so speaks of it too.

    ``k`` is the sentence's place in its line. A sentence that mostly lists skills ("Python,
    Django, Postgres.") is a stack, not the company's story, and keeps its voice.
    """
    s, e = sentence
    low = None if lowered is None else lowered[s:e]
    if k == 0 or _WORK_FINDER.search(text[s:e], low):
        return False
    if offsets is not None:
        named = bisect_left(offsets, e) - bisect_left(offsets, s)
        if named >= 2 and len(text[s:e].split()) <= 3 * named:
            return False
    return story.before(k)


def _holds(offsets: Sequence[int], start: int, end: int) -> bool:
    """Whether a sorted sequence of offsets holds one in ``[start, end)``."""
    i = bisect_left(offsets, start)
    return i < len(offsets) and offsets[i] < end


def _body_voice(
    sentence: str, lowered: str | None, company: re.Pattern[str] | None = None
) -> Section:
    """The section of a body sentence by what it says: an ask, the company, or the work.

    ``company`` matches a sentence whose subject is the company the header names ("Cogram
    builds AI agents for architects"): it speaks of the company as "we build" does.
    """
    if _ASK_FINDER.search(sentence, lowered):
        return Section.REQUIREMENTS
    speaks_of_company = _CONTEXT_FINDER.search(sentence, lowered) or (
        company is not None and company.match(sentence) is not None
    )
    if speaks_of_company and not _WORK_FINDER.search(sentence, lowered):
        return Section.CONTEXT
    return Section.OTHER


# The verbs of a sentence in which the company speaks of itself by its name.
_COMPANY_VERBS = (
    r"(?:is|are|was|has|have|builds?|built|makes?|develops?|provides?|offers?|helps?|enables?"
    r"|powers?|creates?|serves?|automates?|turns?|brings?|raised|sells?|delivers?|gives?|lets?"
    r"|allows?|connects?|transforms?|simplifies|streamlines?|protects?|empowers?|combines?)"
)
_CORPORATE_SUFFIX = re.compile(
    r",?\s+(?:inc\.?|llc|ltd\.?|gmbh|corp\.?|co\.|labs?|technologies|industries|software|systems"
    r"|group|hq)$",
    re.IGNORECASE,
)
_COMPANY_NAME = re.compile(r"^[\w][\w.&'’ -]{0,40}?(?=\s*(?:\(|,|\s-\s|$))")


def _company_voice(header: str) -> re.Pattern[str] | None:
    """A pattern for sentences that open with the company's name and a verb of what it is or
    does, from the header's first segment when that names the company ("Cogram (YC W22) |
    Multiple Roles"); None when the header names no company."""
    parts = header_segments(header)
    if len(parts) < 2:
        return None
    m = _COMPANY_NAME.match(header[parts[0][0] : parts[0][1]].strip())
    name = m.group().strip() if m else ""
    if not name or len(name.split()) > 4 or _ROLE_WORD.search(name) or _URL.search(name):
        return None
    names = [re.escape(name)]
    short = _CORPORATE_SUFFIX.sub("", name).strip()
    if short and short != name:
        names.append(re.escape(short))  # "Zed Industries" writes of itself as "Zed"
    # "Coder is ...", "Cogram builds ...", and any sentence about the company's own things
    # ("Coder's self-hosted environments cut cloud costs").
    return re.compile(
        rf"\s*(?:the\s+)?(?:{'|'.join(names)})(?:['’]s\s|\s+(?:\w+\s+)?{_COMPANY_VERBS}\b)",
        re.IGNORECASE,
    )


# The separators of a header line: "Company | Role | Location", "Company -- Role -- Salary".
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||--|—|–|·|•)\s+|\s*\|\s*")
_ROLE_WORD = re.compile(
    r"\b(?:engineers?|developers?|programmers?|architects?|scientists?|sre|sdet|devops|designers?"
    r"|managers?|leads?|researchers?|analysts?|administrators?|specialists?|interns?|founding)\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+|www\.\S+")


def is_title_line(line: str) -> bool:
    """Whether a posting's first line is a header naming its roles ("Acme | Backend Engineer |
    Remote"), as Hacker News postings and many careers pages open."""
    stripped = line.strip()
    if not stripped or len(stripped) > 300:
        return False
    return bool(_ROLE_WORD.search(stripped)) and (
        bool(_TITLE_SEPARATOR.search(stripped)) or len(stripped) <= 120
    )


def header_end(text: str) -> int:
    """Where the posting's header line ends (see :func:`is_title_line`), or 0 without one."""
    first = text.splitlines(keepends=True)[:1]
    return len(first[0]) if first and is_title_line(first[0]) else 0


def header_segments(line: str) -> list[tuple[int, int]]:
    """The (start, end) of each segment of a header line, between its separators."""
    parts: list[tuple[int, int]] = []
    pos = 0
    for m in _TITLE_SEPARATOR.finditer(line):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(line)))
    return parts


def _title_spans(line: str, start: int) -> list[Span]:
    """A header line's spans: the role segments are the title, the company's name is context.

    "Acme | Python + TypeScript Engineers | Remote": the first segment names the company (a
    skill there is a product, "Supabase | ..."), segments naming a role or a stack are asked.
    """
    parts = header_segments(line)
    spans = []
    for i, (s, e) in enumerate(parts):
        segment = line[s:e]
        names_role = _ROLE_WORD.search(segment) is not None
        company = i == 0 and len(parts) > 1 and not names_role
        if company or _URL.search(segment):
            section = Section.CONTEXT
        else:
            # A header segment that lists a stack ("Python, TensorFlow, GCP") names the work,
            # not a demand: it reads as the body does.
            section = Section.TITLE if names_role else Section.OTHER
        spans.append(Span(start + s, start + e, section))
    return spans


def span_at(spans: Sequence[Span], offset: int) -> Span | None:
    """The span (a sentence, or a stretch of a line) holding ``offset``, or None between spans."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(spans) and spans[lo].start <= offset < spans[lo].end:
        return spans[lo]
    return None


def section_at(spans: Sequence[Span], offset: int) -> Section:
    """Return the section of the span holding ``offset`` (``OTHER`` between spans)."""
    span = span_at(spans, offset)
    return span.section if span is not None else Section.OTHER


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
