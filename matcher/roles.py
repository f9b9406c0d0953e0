"""The roles a posting hires for, and the disciplines job titles name.

A Hacker News posting often hires for several roles at once ("Acme | Backend Engineer, ML
Engineer | Remote", or one paragraph per role under its own title line); a gap report is for
one of them. A role's title names a discipline ("QA Engineer": quality assurance), which is a
requirement of the role, and a resume's job titles are evidence of the same disciplines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

import ahocorasick

from matcher.errors import RoleError
from matcher.finder import Mention
from matcher.sections import header_segments, is_title_line
from matcher.vocab import Vocabulary

# Separators of the roles one header segment lists.
_ROLE_LIST = re.compile(r"\s*(?:,|;|\band\b|&|\s/\s)\s*", re.IGNORECASE)
_ROLE_NOUN = re.compile(
    r"\b(?:engineers?|developers?|programmers?|architects?|scientists?|sre|sdet|designers?"
    r"|managers?|researchers?|analysts?|administrators?|specialists?|interns?|recruiters?"
    r"|marketers?|writers?|head of|director)\b",
    re.IGNORECASE,
)
# A line that is a sentence about a role, not a role's title.
_SENTENCE_WORDS = re.compile(
    r"\b(?:we|we're|you|your|our|us|looking|hiring|join|is|are|will|who|this|that|the team)\b",
    re.IGNORECASE,
)
_TITLE_CUT = re.compile(r"\s+[-–—|@]\s+|\s*[:(\[]|\s+-\s*$|https?://")
_LEADER = re.compile(
    r"^[\s#*>•·\-–\d.)\]]*(?:[\[(]\d+[\])]\s*)?(?:\*\*)?(?:(?:role|position|opening)s?\s*:\s*)?"
)
_COUNT = re.compile(r"^\s*(?:\d+\s*x|\d+)\s+", re.IGNORECASE)
_MAX_TITLE_WORDS = 8
# A title ends in its role noun ("Blockchain Developer", "Software Engineer II, Acme"); a line
# where the noun leads on to other words ("Developer Keys", "engineers across teams") is not one.
_TITLE_END = re.compile(
    _ROLE_NOUN.pattern + r"(?:\s+(?:i{1,3}|iv|v|[1-5]|intern|lead|contractor|consultant))?\.?"
    r"(?=\s*$|\s*[,;|/(@–—-]|\s+(?:at|in|for|with|and|&)\b|\s+\d)",
    re.IGNORECASE,
)
# A labelled title line near a posting's top ("Role: Founding Full Stack Engineer").
_TITLE_LABEL = re.compile(
    r"[\s*_#>]*(?:role|position|job title|title|hiring|we(?:'re| are) hiring|opening)\s*[:\-–—]\s*",
    re.IGNORECASE,
)
_LABELLED_TITLE_LINES = 12
# A first line that opens with its role's title and goes on ("Full-Stack Engineer in Co-Founding
# for ...", "Senior Backend Engineer at Acme ...").
_OPENING_TITLE = re.compile(
    r"[\s*_#>]*([A-Z][\w+#./-]*(?:[ \t]+[\w+#./-]+){0,5}?[ \t]+" + _ROLE_NOUN.pattern + r")"
    r"(?=[ \t]+(?:in|at|for|with)\b|[ \t]*[,:(–—-])",
    re.IGNORECASE,
)
# A paragraph after the last role's that speaks to every role: the stack they share, pay, how to
# apply ("Stack: TypeScript, Python, GCP.", "Tech we use:", "Interested? Apply at").
_SHARED_TAIL = re.compile(
    r"[\s*_#>]*(?:(?:our|the|tech(?:nology)?|tech\s+we\s+use|common)\s+)?"
    r"(?:stack|tech|technologies|tools|compensation|salary|benefits|perks|interested\b"
    r"|to apply|apply|how to apply|notes?|about us|for all roles|all roles"
    r"|everyone)\b[^\n]{0,40}?(?::|\?|$)",
    re.IGNORECASE | re.MULTILINE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Where a title's words end and a clause about the role begins ("... Engineer in Co-Founding
# for an AI-driven pairing engine"): after the role noun, a preposition and three more words.
_TITLE_CLAUSE = re.compile(
    _ROLE_NOUN.pattern + r"(?=\s+(?:in|at|for|with)\s+\S+\s+\S+\s+\S+)", re.IGNORECASE
)
NON_ENGINEERING = re.compile(
    r"\b(?:designer|product manager|marketer|marketing|sales|account|recruiter|writer|legal"
    r"|counsel|operations manager|customer success|support)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Role:
    """One role a posting hires for.

    ``title_start``/``title_end`` place the title in the text; ``start``/``end`` the role's own
    part of the text (from its title line to the next role's), or -1 when the posting only
    names the role in its header and describes all its roles together.
    """

    title: str
    title_start: int
    title_end: int
    start: int = -1
    end: int = -1

    @property
    def engineering(self) -> bool:
        """Whether the role is an engineering one (not design, product, sales...)."""
        return NON_ENGINEERING.search(self.title) is None

    def to_dict(self) -> dict[str, object]:
        return {"title": self.title, "engineering": self.engineering}


def _clean_title(raw: str) -> str:
    title = _COUNT.sub("", raw.strip(" *_#>-•·\t"))
    return " ".join(title.split()).strip(" ,.;")


def _header_roles(line: str) -> list[Role]:
    """The roles a header line names, each placed in the line."""
    roles = []
    for s, e in header_segments(line):
        segment = line[s:e]
        if not _ROLE_NOUN.search(segment) or "http" in segment:
            continue
        piece_start = s
        for m in [*_ROLE_LIST.finditer(segment), None]:
            piece_end = s + (m.start() if m else len(segment))
            piece = line[piece_start:piece_end]
            if _ROLE_NOUN.search(piece):
                title = _clean_title(piece)
                clause = _TITLE_CLAUSE.search(title)
                if clause is not None:  # "Full-Stack Engineer in Co-Founding for ..."
                    title = title[: clause.end()]
                if title:
                    offset = piece_start + piece.find(title.split()[0])
                    roles.append(Role(title, offset, piece_end))
            if m:
                piece_start = s + m.end()
    return roles


def _heading_title(line: str) -> str | None:
    """The role a body line is the title of ("**Senior Backend Engineer** (Remote)"), or None."""
    stripped = line.strip()
    if not stripped:
        return None
    body = _LEADER.sub("", stripped)
    cut = _TITLE_CUT.search(body)
    if cut is not None and cut.start() > 80:
        cut = None
    title = _clean_title(body[: cut.start()] if cut else body)
    words = title.split()
    if not words or len(words) > _MAX_TITLE_WORDS or not words[0][0].isupper():
        return None
    if not _ROLE_NOUN.search(title) or _SENTENCE_WORDS.search(title):
        return None
    if not cut and len(stripped) > 90:
        return None
    return title


def find_roles(text: str) -> tuple[Role, ...]:
    """The roles a posting hires for, when it names more than one; else an empty tuple.

    Roles with their own title lines in the body (two or more) own the text from their title
    to the next one's; otherwise the roles listed in the header line are named without text
    of their own.
    """
    lines = text.splitlines(keepends=True)
    header: list[Role] = []
    body: list[Role] = []
    pos = 0
    for number, line in enumerate(lines):
        if number == 0 and is_title_line(line):
            header = _header_roles(line)
        else:
            title = _heading_title(line)
            if title is not None:
                at = line.find(title.split()[0])
                body.append(Role(title, pos + at, pos + at + len(title), pos))
        pos += len(line)
    if len(body) >= 2:
        placed = []
        for i, role in enumerate(body):
            end = body[i + 1].start if i + 1 < len(body) else _last_role_end(text, role.title_end)
            placed.append(Role(role.title, role.title_start, role.title_end, role.start, end))
        return tuple(placed)
    return tuple(header) if len(header) >= 2 else ()


def _last_role_end(text: str, after: int) -> int:
    """Where the last role's own text ends: at a paragraph that speaks to every role (the
    shared stack, pay, how to apply), which belongs to all roles alike; else the text's end."""
    for brk in _PARAGRAPH_BREAK.finditer(text, after):
        if _SHARED_TAIL.match(text, brk.end()):
            return brk.end()
    return len(text)


def single_title(text: str) -> Role | None:
    """The title of a posting's one role, or None when it names none.

    From its header line ("Acme | Backend Engineer | Remote"), else from a labelled line near
    the top ("Role: Founding Full Stack Engineer"), else from a first line that opens with the
    title ("Full-Stack Engineer in Co-Founding for ...").
    """
    lines = text.splitlines(keepends=True)
    if lines and is_title_line(lines[0]):
        roles = _header_roles(lines[0])
        if roles:
            return roles[0]
    pos = 0
    for number, line in enumerate(lines[:_LABELLED_TITLE_LINES]):
        label = _TITLE_LABEL.match(line)
        if label is not None:
            title = _heading_title(line[label.end() :])
            if title is not None:
                at = pos + line.find(title.split()[0], label.end())
                return Role(title, at, at + len(title))
        if number == 0:
            opening = _OPENING_TITLE.match(line)
            if opening is not None and not _SENTENCE_WORDS.search(opening.group(1)):
                title = _clean_title(opening.group(1))
                return Role(title, opening.start(1), opening.start(1) + len(title))
        pos += len(line)
    return None


def pick_role(roles: Sequence[Role], wanted: str | int | None) -> int | None:
    """The index of the role a caller names by index or by title (best word overlap), or None.

    Raises
    ------
    RoleError
        When an index is out of range or a title shares no word with any role.
    """
    if wanted is None or not roles:
        return None
    if isinstance(wanted, int) or str(wanted).strip().isdigit():
        index = int(wanted)
        if not 0 <= index < len(roles):
            raise RoleError(f"role {index} does not exist: the posting lists {len(roles)} roles")
        return index
    want = set(re.findall(r"\w+", str(wanted).lower()))
    overlap = [
        len(want & (have := set(re.findall(r"\w+", r.title.lower())))) / len(want | have)
        for r in roles
    ]
    best = max(range(len(roles)), key=lambda i: (overlap[i], -i))
    if overlap[best] == 0:
        titles = ", ".join(repr(r.title) for r in roles)
        raise RoleError(f"no role matches {wanted!r}; the posting lists {titles}")
    return best


def title_disciplines(title: str, vocabulary: Vocabulary) -> list[str]:
    """The skills a job title names as its discipline ("ML Engineer" → Machine learning)."""
    pattern, named = vocabulary.title_words
    out: list[str] = []
    for m in pattern.finditer(title):
        for skill in named.get(_title_key(m.group(), named), ()):
            if skill not in out:
                out.append(skill)
    return out


def _title_key(words: str, named: Mapping[str, object]) -> str:
    """The key of ``named`` a case-blind match stands for ("ſoftware engineer" is "software
    engineer" to the pattern that found it)."""
    key = words.lower()
    return key if key in named else words.translate(_CASE_BLIND_LETTERS).lower()


# Each word _ROLE_NOUN matches holds one of these, written in lower case ("engineers" holds
# "engineer"): a resume line without any cannot name a role (see _role_noun_lines).
_ROLE_NOUN_STEMS = (
    "engineer", "developer", "programmer", "architect", "scientist", "sre", "sdet", "designer",
    "manager", "researcher", "analyst", "administrator", "specialist", "intern", "recruiter",
    "marketer", "writer", "head of", "director",
)  # fmt: skip
# The characters besides ASCII letters that _ROLE_NOUN's IGNORECASE matching takes for an
# ASCII letter ("ı" for "i", "ſ" for "s", the Kelvin sign for "k"); lower-casing does not
# turn them into it, so a text holding one is read line by line. ("İ" is also the one character
# that lower-cases to two: without it, offsets in the lower-cased text are the text's own.)
_CASE_TWINS = "\u0130\u0131\u017f\u212a"
# Each of them as the ASCII letter it stands for, to read what such a pattern matched.
_CASE_BLIND_LETTERS = str.maketrans(dict(zip(_CASE_TWINS, "iisk", strict=True)))


@cache
def _stem_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for stem in _ROLE_NOUN_STEMS:
        automaton.add_word(stem, len(stem))
    automaton.make_automaton()
    return automaton


def _is_word(ch: str) -> bool:
    """Whether a character is one ``\\w`` matches (a letter, digit or underscore)."""
    return ch.isalnum() or ch == "_"


def _role_noun_lines(text: str, lines: list[str], low: str | None = None) -> Iterable[int]:
    """The indices of the lines of ``text`` (its ``splitlines(keepends=True)``) that may hold
    a role noun: every line _ROLE_NOUN matches, in order, and maybe a few more.

    One pass of an automaton over the lower-cased text ``low`` finds the stems; a stem counts
    where it starts a word and ends one, maybe after an "s" (as the nouns do: "engineers", not
    "international"). Most lines hold none, and testing each line with _ROLE_NOUN cost most of
    a ranking's title scan.
    """
    if any(c in text for c in _CASE_TWINS):
        return range(len(lines))
    if low is None:
        low = text.lower()
    ends = list(accumulate(map(len, lines)))
    last = len(low) - 1
    found = set()
    for end, length in _stem_automaton().iter(low):
        start = end + 1 - length
        if start and _is_word(low[start - 1]):
            continue
        # Only a plural "s" may follow, and then no other word character.
        if (
            end < last
            and _is_word(low[end + 1])
            and (low[end + 1] != "s" or (end + 1 < last and _is_word(low[end + 2])))
        ):
            continue
        found.add(bisect_right(ends, start))
    return sorted(found)


def resume_titles(
    text: str, vocabulary: Vocabulary, low: str | None = None
) -> dict[str, list[Mention]]:
    """Disciplines shown by a resume's own job titles, with where each title stands.

    A short line that names a role ("Senior DevOps Engineer, Acme, 2019-2023") is a job title;
    its discipline is evidence, as a recruiter reads it. ``low`` is the text lower-cased
    (:func:`matcher.softskills.lowered`), when the caller has it.
    """
    out: dict[str, list[Mention]] = {}
    if not vocabulary.titles:
        return out
    lines = text.splitlines(keepends=True)
    starts: list[int] | None = None
    for number in _role_noun_lines(text, lines, low):
        line = lines[number]
        stripped = line.strip()
        # A long line is a paragraph, not a title; the length test first.
        if not stripped or len(stripped) > 100 or not _ROLE_NOUN.search(stripped):
            continue
        head = _TITLE_CUT.split(_LEADER.sub("", stripped))[0]
        if (
            len(head.split()) > _MAX_TITLE_WORDS
            or _SENTENCE_WORDS.search(head)
            or not _TITLE_END.search(head)
        ):
            continue
        if starts is None:
            starts = [0, *accumulate(map(len, lines))]
        start = starts[number]
        at = line.find(head)
        for name in title_disciplines(head, vocabulary):
            out.setdefault(name, []).append(Mention(start + at, start + at + len(head), head))
    return out
