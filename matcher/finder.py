"""Find every mention of a vocabulary skill in a text, with character offsets.

One Aho-Corasick automaton per vocabulary holds every surface form (case- and space-folded).
A scan keeps the hits that sit on word boundaries, resolves overlaps longest first (so "C++"
beats "C" and a blocker phrase such as "go-to-market" beats "Go"), and accepts an ambiguous
form ("Go", "R", "Spring") only in its exact case, when no deny rule fires and when the text
around it gives evidence: another skill close by, or one of the skill's cue words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import accumulate
from typing import NamedTuple

import ahocorasick
import numpy as np

from matcher.vocab import Skill, Vocabulary, default_vocabulary, fold

# How far (in characters) around an ambiguous mention we look for evidence.
EVIDENCE_WINDOW = 60
# How much text a deny rule sees on each side of a mention.
DENY_WINDOW = 40
# Dashes folded to "-" (hyphens, figure, en and em dashes, minus).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


@dataclass(frozen=True)
class Mention:
    """One occurrence of a skill: ``text[start:end]`` of the searched text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FoundSkill:
    """A skill and all of its mentions in one text, in order of appearance."""

    skill: Skill
    mentions: tuple[Mention, ...]

    @property
    def name(self) -> str:
        return self.skill.name

    @property
    def count(self) -> int:
        return len(self.mentions)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``matcher skills --json``."""
        return {
            "name": self.skill.name,
            "category": self.skill.category,
            "kind": self.skill.kind,
            "count": self.count,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
            "from_context": self.skill.from_context,
        }


@dataclass(frozen=True)
class _Pattern:
    skill: Skill | None  # None for a blocker phrase
    form: str  # the exact (space-folded) form, for case-sensitive checks
    exact: bool  # an ambiguous form: case must match and context must agree


# For one key: per exact writing of its ambiguous forms, the patterns to try in order; and
# the pattern any other writing stands for (None: no pattern).
_Choices = tuple[dict[str, tuple[_Pattern, ...]], _Pattern | None]


def _choices(patterns: tuple[_Pattern, ...]) -> _Choices:
    """How a hit of a key with these patterns is decided, by how the hit is written.

    An ambiguous form counts only written exactly so (and then only if no deny rule fires);
    a plain form counts in any case. A case variant listed as ambiguous ("celery" beside the
    plain name "Celery") is decided by its own rules: the plain form of the same skill does not
    take it over.
    """
    plain = [p for p in patterns if not p.exact]
    by_writing: dict[str, tuple[_Pattern, ...]] = {}
    for written in dict.fromkeys(p.form for p in patterns if p.exact):
        ruled = {p.skill.name for p in patterns if p.exact and p.form == written}
        by_writing[written] = tuple(
            p
            for p in patterns
            if (p.form == written if p.exact else p.skill is None or p.skill.name not in ruled)
        )
    return by_writing, plain[0] if plain else None


# Hits of a batch of texts as parallel arrays: text, start, end, pattern number.
_HitArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
# The accepted hits of one text as parallel lists: starts, ends, pattern numbers.
_Accepted = tuple[list[int], list[int], list[int]]


def _keep_only(keep: np.ndarray, run: list[tuple[int, int, int]]) -> None:
    """Unkeep the hits of an overlapping run that :func:`_longest_first` drops."""
    if not run:
        return
    kept = set(_longest_first(run))
    for _, _, i in run:
        if i not in kept:
            keep[i] = False


def _own_cues(skill: Skill) -> tuple[str, ...]:
    """The skill's cue words that are not one of its own forms.

    A form is no evidence for itself: with "tts" among the cues of Speech synthesis, an agency
    called TTS named twice ("TTS ... at TTS we") would vouch for itself.
    """
    own = {fold(f) for f in skill.forms}
    return tuple(c for c in skill.cues if fold(c) not in own)


class _Hit(NamedTuple):
    start: int
    end: int
    pattern: _Pattern


_SPACE_RUN = re.compile(r"\s{2,}")
# Where a word starts: a word character (``\w`` is str.isalnum() or "_", as in _is_word)
# after a non-word character or at the start of the text.
_WORD_START = re.compile(r"(?<!\w)(?=\w)")
# Put before every word start in the automaton's keys and text, so that the automaton only
# reports hits that start on a word boundary (most raw hits, such as "go" in "good", do not).
_MARK = "\x00"
_CAPITAL_SIGMA = "\u03a3"
# The fast scan marks every word boundary (start or end) with _MARK, and with _GLUE the point
# where a version number is glued to a name ("python|3"): keys marked the same way then match
# only where the end-of-word rule accepts them, so Python sees real hits only.
_GLUE = "\x01"
# Joins the texts of a batch: white space to no rule, a word character to none, in no key.
_SEPARATOR = "\x02"
# How many texts :meth:`SkillFinder.count_many` scans at once.
_BATCH_TEXTS = 64
_BMP = 0x10000


# Bits of a character's class in _char_classes.
_WORD_BIT, _ALPHA_BIT, _DIGIT_BIT = 1, 2, 4


@cache
def _char_classes() -> np.ndarray:
    """For every character of the Basic Multilingual Plane, its class as bits.

    Word character, letter and digit: the same predicates as the exact scan (:func:`_is_word`,
    str.isalpha, str.isdigit), in one lookup table, so that a whole text is classified by one
    numpy indexing.
    """
    classes = np.zeros(_BMP, dtype=np.uint8)
    for i in range(_BMP):
        c = chr(i)
        classes[i] = (
            (_WORD_BIT if c.isalnum() or c == "_" else 0)
            | (_ALPHA_BIT if c.isalpha() else 0)
            | (_DIGIT_BIT if c.isdigit() else 0)
        )
    return classes


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _marks(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where to insert marks into a text of BMP code points: (positions, mark code points).

    A _MARK goes at every word boundary (the start and end of each run of word characters);
    a _GLUE between a letter and the run of digits that ends its word ("python3", "html5").
    Positions index the unmarked text, ascending; nothing is inserted twice at one place, since
    a glue point lies inside a word.
    """
    n = len(codes)
    if n == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.uint32)
    classes = _char_classes()[codes]
    is_word = (classes & _WORD_BIT).astype(bool)
    edges = np.empty(n + 1, dtype=bool)
    edges[0] = is_word[0]
    edges[n] = is_word[-1]
    np.not_equal(is_word[1:], is_word[:-1], out=edges[1:n])
    positions = np.flatnonzero(edges)
    is_digit = (classes & _DIGIT_BIT).astype(bool)
    glued = np.flatnonzero(is_digit[1:] & (classes[:-1] & _ALPHA_BIT).astype(bool)) + 1
    if len(glued):
        # Keep the digit runs that end their word: the character after the run (if any) is
        # not a word character. A run ends where a digit is followed by a non-digit.
        run_ends = np.flatnonzero(is_digit[:-1] & ~is_digit[1:]) + 1
        if is_digit[-1]:
            run_ends = np.append(run_ends, n)
        after = run_ends[np.searchsorted(run_ends, glued, side="right")]
        ends_word = after == n
        inside = ~ends_word
        ends_word[inside] = ~is_word[after[inside]]
        glued = glued[ends_word]
    if not len(glued):
        return positions, np.zeros(len(positions), dtype=np.uint32)
    everything = np.concatenate((positions, glued))
    order = np.argsort(everything, kind="stable")
    kinds = np.concatenate(
        (np.zeros(len(positions), dtype=np.uint32), np.ones(len(glued), dtype=np.uint32))
    )
    return everything[order], kinds[order]


def _inserted(
    codes: np.ndarray, positions: np.ndarray, kinds: np.ndarray
) -> tuple[str, np.ndarray]:
    """The text with each mark of ``kinds`` inserted before its position, and where marks sit.

    The same as numpy.insert for ascending positions, without its per-call overhead.
    """
    at = positions + np.arange(len(positions))
    out = np.empty(len(codes) + len(positions), dtype=np.uint32)
    text = np.ones(len(out), dtype=bool)
    text[at] = False
    out[at] = kinds
    out[text] = codes
    return out.tobytes().decode("utf-32-le"), at


def _mark_key(key: str) -> str:
    """A key marked as :func:`_marks` and :func:`_inserted` mark a text, one character at a time.

    The reference for the vectorised marking (tests compare the two) and the marking of keys,
    which may hold any character.
    """
    out: list[str] = []
    n = len(key)
    for i, ch in enumerate(key):
        prev_word = i > 0 and _is_word(key[i - 1])
        if _is_word(ch) != prev_word:
            out.append(_MARK)
        elif ch.isdigit() and i > 0 and key[i - 1].isalpha():
            j = i
            while j < n and key[j].isdigit():
                j += 1
            if j == n or not _is_word(key[j]):
                out.append(_GLUE)
        out.append(ch)
    if n and _is_word(key[-1]):
        out.append(_MARK)
    return "".join(out)


class _OffsetMap:
    """Maps offsets in the folded text back to the original text.

    Only runs of two or more white-space characters shorten the text, so the map keeps, for
    each such run, the folded offset just after it and how many characters were dropped up
    to there.
    """

    __slots__ = ("_after", "_dropped")

    def __init__(self, text: str) -> None:
        # Comprehensions rather than one loop: a resume has hundreds of runs (line breaks).
        spans = [m.span() for m in _SPACE_RUN.finditer(text)]
        dropped = list(accumulate(e - s - 1 for s, e in spans))
        self._after = [e - d for (_, e), d in zip(spans, dropped, strict=True)]
        self._dropped = dropped

    def __getitem__(self, folded: int) -> int:
        k = bisect_right(self._after, folded)
        return folded + self._dropped[k - 1] if k else folded


def _fold_spaces(text: str) -> str:
    """Each run of white space as one space (str.split() splits where ``\\s+`` matches)."""
    words = text.split()
    if not words:
        return " " if text else ""
    folded = " ".join(words)
    if text[0].isspace():
        folded = " " + folded
    if text[-1].isspace():
        folded += " "
    return folded


def _folded(text: str) -> tuple[str, str]:
    """Fold whitespace runs to one space and dashes to '-'.

    Returns the lower-cased folded text and the case-kept folded text. Characters whose
    lower case changes length keep their case, so both strings have the same length.
    """
    if not text.isascii():
        # One search per dash character: much faster than a regex class over the whole text.
        for dash in _DASHES:
            if dash in text:
                text = text.replace(dash, "-")
    cased_text = _fold_spaces(text)
    lower = cased_text.lower()
    # str.lower() lowers each character on its own except a final capital sigma; when no
    # character's lower case changes length it equals the per-character loop below.
    if len(lower) != len(cased_text) or _CAPITAL_SIGMA in cased_text:
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in cased_text)
    return lower, cased_text


def _folded_many(texts: Sequence[str]) -> list[tuple[str, str]]:
    """:func:`_folded` of each text, folding them joined (the separator is not white space)."""
    joined = _SEPARATOR.join(texts)
    if len(texts) < 2 or joined.count(_SEPARATOR) != len(texts) - 1:
        return [_folded(t) for t in texts]
    lower, cased = _folded(joined)
    return list(zip(lower.split(_SEPARATOR), cased.split(_SEPARATOR), strict=True))


def _mark_word_starts(text: str) -> str:
    return _WORD_START.sub(_MARK, text)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# Links name hosts and paths, not skills: "rust-lang.org", "…/encryption-at-rest", "https://".
_TLD_NAMES = ("com", "org", "io", "dev", "net", "ai", "co")
_TLDS = "(?:" + "|".join(_TLD_NAMES) + ")"
_URL = re.compile(rf"(?:https?://|www\.)\S+|[\w.-]+\.{_TLDS}/\S*")
# The slash of "://" or of ".com/": searched from each "/" (a fast literal scan) backwards.
_URL_SLASH = re.compile("/(?:(?<=://)|" + "|".join(rf"(?<=\.{tld}/)" for tld in _TLD_NAMES) + ")")


def _link_spans(lower: str) -> list[tuple[int, int]]:
    """Where a folded text holds links: the spans of ``_URL.finditer(lower)``, found faster.

    A link holds "www." or the slash of "://" or ".com/" (cheap scans find them), and lies
    within one run of non-space characters (folded text has no other white space than " "):
    the link pattern, slow over a whole text, is only run over the words that hold a mark.
    """
    marks = [m.start() for m in _URL_SLASH.finditer(lower)]
    at = lower.find("www.")
    while at >= 0:
        marks.append(at)
        at = lower.find("www.", at + 1)
    spans: list[tuple[int, int]] = []
    word_end = -1
    for mark in sorted(marks):
        if mark < word_end:
            continue  # in the word just searched
        word_start = lower.rfind(" ", 0, mark) + 1
        word_end = lower.find(" ", mark)
        if word_end < 0:
            word_end = len(lower)
        spans += [m.span() for m in _URL.finditer(lower, word_start, word_end)]
    return spans


# Lists of companies name customers, investors and former employers, not skills: "customers
# such as Cloudflare, T-Mobile and SpaceX", "used by engineers at Linear, Vercel and Notion",
# "former leaders from Cloudflare and Segment", "our engineers' backgrounds include Elastic and
# ngrok". Each phrase below opens such a list, which runs
# to the end of its sentence or clause, and at most _COMPANY_LIST_CHARS. The phrases are keys of
# the finder's automaton like blocker phrases, so the scan finds them at no extra cost.
_COMPANY_LIST_OPENERS = frozenset(
    [
        f"{subject} {link}"
        for subject in (
            "company", "companies", "customer", "customers", "client", "clients", "brand",
            "brands", "partner", "partners", "investor", "investors", "backers", "employers",
            "logos", "backgrounds",
        )
        for link in ("like", "such as", "including", "include", "includes")
    ]
    + [
        f"{verb} by {group} {link}"
        for verb in ("trusted", "used", "loved", "adopted")
        for group in ("teams", "engineers", "developers", "companies", "customers", "startups")
        for link in ("at", "from", "like", "such as", "including")
    ]
    + [
        f"{people} {link}"
        for people in ("founders", "operators", "investors", "leaders", "alumni", "veterans")
        for link in ("at", "from", "of", "@")
    ]
    # "engineers from the FFmpeg community" names a technology; "engineers at" an employer.
    + ["engineers at", "engineers @"]
    + ["formerly at", "previously at", "formerly of", "previously of"]
)  # fmt: skip
_COMPANY_LIST_CHARS = 160
# Where a list of companies ends: a sentence or clause ("…, and we code in Rust"), a separator.
_COMPANY_LIST_END = re.compile(
    r"[.;:!?](?:\s|$)|\s[-|•]\s|,? and (?:more|others|many|we|you|our|they|the|it)\b|\s\((?!\w)"
)


# A word joined to the next one by "/", "&", "and" or "or", ending at the searched end: the head
# of "manual and automation testing" (see SkillFinder._shared_heads).
_SHARED_HEAD = re.compile(r"(?<![\w+#.&/-])([a-z0-9][\w+#.-]*)(?: ?/ ?| ?& ?| and | or )\Z")
_SHARED_HEAD_CHARS = 40
_SHARED_JOINS = (" and ", " or ", "/", "/ ", "&", "& ")


def _company_list_span(lower: str, opener_end: int) -> tuple[int, int]:
    """The list a company-list opener ending at ``opener_end`` opens: to the end of its
    sentence or clause (see _COMPANY_LIST_OPENERS)."""
    limit = opener_end + _COMPANY_LIST_CHARS
    end = _COMPANY_LIST_END.search(lower, opener_end, limit)
    return opener_end, end.start() if end else min(len(lower), limit)


def _longest_first(run: list[tuple[int, int, int]]) -> list[int]:
    """Of overlapping hits (start, end, number), the numbers of those kept.

    The longest hit is kept first, among equals the leftmost; a hit overlapping a kept one goes.
    """
    base = min(start for start, _, _ in run)
    taken = bytearray(max(end for _, end, _ in run) - base)
    kept: list[int] = []
    for start, end, number in sorted(run, key=lambda h: (h[0] - h[1], h[0])):
        a, b = start - base, end - base
        if taken.find(1, a, b) >= 0:
            continue
        taken[a:b] = b"\x01" * (b - a)
        kept.append(number)
    return kept


class SkillFinder:
    """Finds skills of one vocabulary; build it once and reuse it for every text."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        entries: dict[str, list[_Pattern]] = {}
        for skill in vocabulary.skills:
            for form in skill.forms:
                exact = form in skill.ambiguous
                entries.setdefault(fold(form), []).append(
                    _Pattern(skill, " ".join(form.split()), exact)
                )
        for phrase in vocabulary.blockers:
            entries.setdefault(fold(phrase), []).append(_Pattern(None, phrase, False))
        for phrase in sorted(_COMPANY_LIST_OPENERS - entries.keys()):
            entries[phrase] = [_Pattern(None, phrase, False)]
        self._entries = entries
        self._forms_by_length: dict[str, list[str]] = {}  # filled by _longest_forms_first
        self._fast = self._boundary_automaton(entries)
        _char_classes()  # built with the finder, not on the first text that needs it
        self._deny_before = {
            # Every alternative must end where the mention starts, hence the outer group.
            s.name: re.compile("(?:" + "|".join(f"(?:{p})" for p in s.deny_before) + r")\Z")
            for s in vocabulary.skills
            if s.deny_before
        }
        self._deny_after = {
            s.name: re.compile("|".join(f"(?:{p})" for p in s.deny_after))
            for s in vocabulary.skills
            if s.deny_after
        }
        self._cues = {
            s.name: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in cues) + r")(?!\w)")
            for s in vocabulary.skills
            if (cues := _own_cues(s))
        }

    @cached_property
    def _automaton(self) -> ahocorasick.Automaton:
        """Keys with word starts marked, for :meth:`_candidates` (built on first use: rare texts)."""
        automaton = ahocorasick.Automaton()
        for key, patterns in self._entries.items():
            marked = _mark_word_starts(key)
            lead = int(marked.startswith(_MARK))
            automaton.add_word(marked, (len(marked), lead, len(key), tuple(patterns)))
        automaton.make_automaton()
        return automaton

    def _boundary_automaton(self, entries: dict[str, list[_Pattern]]) -> ahocorasick.Automaton:
        """Keys with every word boundary marked, for :meth:`_scan`.

        A key ending in a word character ends in a boundary mark, so it matches only where
        the text's word ends too. A key ending in a letter whose forms are all plain gets a
        second entry ending in the glue mark instead: "Python" in "Python3".

        Each key's value is its number; per number the finder keeps the marked key's length,
        whether it starts with a mark, the unmarked key's length (as arrays, so that a whole
        batch of hits is placed at once), the number of the pattern a hit stands for when it
        needs no check (no ambiguous form; else -1), and how a hit is decided otherwise (see
        :func:`_choices`).
        """
        automaton = ahocorasick.Automaton()
        marked_lengths, leads, lengths, plains = [], [], [], []
        self._key_choices: list[_Choices] = []
        # Every pattern has a number; per number: the pattern, its skill's place in
        # vocabulary.skills (-1 for a blocker phrase), whether it is ambiguous, whether hard.
        self._patterns: list[_Pattern] = []
        self._pattern_number: dict[int, int] = {}  # by id() of the pattern
        place = {skill.name: i for i, skill in enumerate(self.vocabulary.skills)}
        for number, (key, patterns) in enumerate(entries.items()):
            marked = _mark_key(key)
            marked_lengths.append(len(marked))
            leads.append(int(marked.startswith(_MARK)))
            lengths.append(len(key))
            self._key_choices.append(_choices(tuple(patterns)))
            for pattern in patterns:
                self._pattern_number[id(pattern)] = len(self._patterns)
                self._patterns.append(pattern)
            # With no ambiguous form among them, _accept would take the first pattern.
            plain = not any(p.exact for p in patterns)
            plains.append(self._pattern_number[id(patterns[0])] if plain else -1)
            automaton.add_word(marked, number)
            if marked.endswith(_MARK) and key[-1].isalpha() and plain:
                automaton.add_word(marked[:-1] + _GLUE, number)
        automaton.make_automaton()
        # Where a key's first character sits after the end of its marked hit, and its length.
        self._key_back = np.array(marked_lengths, dtype=np.intp) - np.array(leads, dtype=np.intp)
        self._key_length = np.array(lengths, dtype=np.intp)
        self._key_plain = np.array(plains, dtype=np.intp)
        self._pattern_skill = np.array(
            [-1 if p.skill is None else place[p.skill.name] for p in self._patterns], dtype=np.intp
        )
        self._pattern_name = [p.skill.name if p.skill else "" for p in self._patterns]
        # Patterns of compound skills, which name the skills they contain too.
        self._compounds = frozenset(
            n for n, p in enumerate(self._patterns) if p.skill is not None and p.skill.contains
        )
        self._pattern_exact = np.array([p.exact for p in self._patterns], dtype=bool)
        self._pattern_shares_tail = self._tail_sharers(entries)
        self._pattern_opens_list = np.array(
            [p.skill is None and p.form in _COMPANY_LIST_OPENERS for p in self._patterns],
            dtype=bool,
        )
        self._pattern_hard = np.array(
            [p.skill is not None and p.skill.kind == "hard" for p in self._patterns], dtype=bool
        )
        return automaton

    def _tail_sharers(self, entries: dict[str, list[_Pattern]]) -> np.ndarray:
        """Per pattern number, whether its key's words after the first are also the last words
        of a plain key of another skill ("automation testing", "manual testing"): only hits of
        those patterns can share their last words (see :meth:`_shared_heads`)."""
        skills_by_tail: dict[str, set[str]] = {}
        for key, patterns in entries.items():
            space = key.find(" ")
            if space > 0 and not any(p.exact or p.skill is None for p in patterns):
                skills_by_tail.setdefault(key[space + 1 :], set()).add(patterns[0].skill.name)
        sharers = np.zeros(len(self._patterns), dtype=bool)
        for key, patterns in entries.items():
            space = key.find(" ")
            if space < 0:
                continue
            others = skills_by_tail.get(key[space + 1 :], set())
            for pattern in patterns:
                if pattern.skill is not None and others - {pattern.skill.name}:
                    sharers[self._pattern_number[id(pattern)]] = True
        return sharers

    # -- the scan -------------------------------------------------------------------------------

    def _hits(self, lower: str, cased: str) -> list[_Hit]:
        """The candidate hits of one folded text (see :meth:`_scan`)."""
        _, starts, ends, numbers = self._scan([(lower, cased)])
        patterns = self._patterns
        return [
            _Hit(start, end, patterns[number])
            for start, end, number in zip(
                starts.tolist(), ends.tolist(), numbers.tolist(), strict=True
            )
        ]

    def _scan(self, folded: Sequence[tuple[str, str]]) -> _HitArrays:
        """The candidate hits of the folded texts, as arrays: text, start, end, pattern number.

        The same hits as :meth:`_candidates` gives each text, faster: the texts are joined by a
        separator and scanned as one, so that the fixed cost of each step is paid once per
        batch, and the boundary-marked automaton reports only hits that start and end where the
        word rules allow. Only hits of ambiguous forms are checked one by one (case and deny
        rules). A text the marks cannot describe (holding a mark character, or a character
        beyond the Basic Multilingual Plane) takes :meth:`_candidates`.
        """
        joined = _SEPARATOR.join(lower for lower, _ in folded)
        codes = _code_points(joined)
        if _MARK in joined or _GLUE in joined or (not joined.isascii() and codes.max() >= _BMP):
            return self._scan_one_by_one(folded)
        marked, at = _inserted(codes, *_marks(codes))
        raw = np.array(list(self._fast.iter(marked)), dtype=np.intp).reshape(-1, 2)
        keys = raw[:, 1]
        firsts = raw[:, 0] + 1 - self._key_back[keys]
        starts = firsts - np.searchsorted(at, firsts)  # less the marks before each hit
        # Which text each hit lies in (no hit spans the separator), and where in that text.
        if len(folded) == 1:
            texts = np.zeros(len(starts), dtype=np.intp)
        else:
            text_starts = np.cumsum([0] + [len(lower) + 1 for lower, _ in folded[:-1]])
            texts = np.searchsorted(text_starts, starts, side="right") - 1
            starts -= text_starts[texts]
        ends = starts + self._key_length[keys]
        numbers = self._key_plain[keys]
        unsure = np.flatnonzero(numbers < 0)
        if len(unsure):
            choices, decide, number_of = self._key_choices, self._decide, self._pattern_number
            for i, t, start, end, key in zip(
                unsure.tolist(),
                texts[unsure].tolist(),
                starts[unsure].tolist(),
                ends[unsure].tolist(),
                keys[unsure].tolist(),
                strict=True,
            ):
                pattern = decide(choices[key], *folded[t], start, end)
                if pattern is not None:
                    numbers[i] = number_of[id(pattern)]
            kept = numbers >= 0
            texts, starts, ends, numbers = texts[kept], starts[kept], ends[kept], numbers[kept]
        return texts, starts, ends, numbers

    def _scan_one_by_one(self, folded: Sequence[tuple[str, str]]) -> _HitArrays:
        """:meth:`_scan` for a batch holding a text the marks cannot describe."""
        if len(folded) > 1:
            parts = [self._scan([one]) for one in folded]
            for t, part in enumerate(parts):
                part[0][:] = t
            texts, starts, ends, numbers = (np.concatenate(a) for a in zip(*parts, strict=True))
            return texts, starts, ends, numbers
        hits = self._candidates(*folded[0])
        number_of = self._pattern_number
        return (
            np.zeros(len(hits), dtype=np.intp),
            np.array([h.start for h in hits], dtype=np.intp),
            np.array([h.end for h in hits], dtype=np.intp),
            np.array([number_of[id(h.pattern)] for h in hits], dtype=np.intp),
        )

    def _candidates(self, lower: str, cased: str) -> list[_Hit]:
        hits: list[_Hit] = []
        n = len(lower)
        # The automaton runs over the text with a mark before each word start, and keys are
        # marked the same way: a key that starts with a word character then only matches where
        # the text has a word boundary before it, the first check of the unmarked scan.
        marked = _mark_word_starts(lower)
        marks_before = self._mark_counter(lower, marked)
        for end_index, (marked_length, lead, length, patterns) in self._automaton.iter(marked):
            first_char = end_index + 1 - marked_length + lead
            start = first_char - marks_before(first_char)
            end = start + length
            last = lower[end - 1]
            if end < n and _is_word(last) and _is_word(lower[end]):
                # Allow a version number glued to a name ("Python3", "HTML5", "Java8").
                j = end
                while j < n and lower[j].isdigit():
                    j += 1
                glued_version = last.isalpha() and j > end and (j == n or not _is_word(lower[j]))
                if not glued_version or any(p.exact for p in patterns):
                    continue
            pattern = self._accept(patterns, lower, cased, start, end)
            if pattern is not None:
                hits.append(_Hit(start, end, pattern))
        return hits

    def _accept(
        self, patterns: tuple[_Pattern, ...], lower: str, cased: str, start: int, end: int
    ) -> _Pattern | None:
        """The pattern a hit stands for, or None when case or deny rules reject it."""
        return self._decide(_choices(patterns), lower, cased, start, end)

    def _decide(
        self, choices: _Choices, lower: str, cased: str, start: int, end: int
    ) -> _Pattern | None:
        """:meth:`_accept` with the key's choices worked out beforehand (see :func:`_choices`)."""
        by_writing, otherwise = choices
        candidates = by_writing.get(cased[start:end])
        if candidates is None:
            return otherwise
        for pattern in candidates:
            if not pattern.exact or self._allowed_by_deny_rules(
                pattern.skill, lower, cased, start, end
            ):
                return pattern
        return None

    @staticmethod
    def _mark_counter(lower: str, marked: str) -> Callable[[int], int]:
        """A function giving how many marks precede an offset of the marked text."""
        if _MARK in lower:
            # The text holds the mark character itself: locate the inserted marks exactly.
            marks = [s + k for k, s in enumerate(m.start() for m in _WORD_START.finditer(lower))]
            return lambda offset: bisect_left(marks, offset)
        # Hits arrive in order of their end, so their starts move little: count from the last one.
        state = [0, 0]  # an offset and how many marks precede it

        def count(offset: int) -> int:
            last, before = state
            if offset >= last:
                before += marked.count(_MARK, last, offset)
            else:
                before -= marked.count(_MARK, offset, last)
            state[0], state[1] = offset, before
            return before

        return count

    def _allowed_by_deny_rules(
        self, skill: Skill | None, lower: str, cased: str, start: int, end: int
    ) -> bool:
        if skill is None:
            return True
        after = self._deny_after.get(skill.name)
        if after is not None and after.match(cased, end, min(len(cased), end + DENY_WINDOW)):
            return False
        before = self._deny_before.get(skill.name)
        return not (
            before is not None and before.search(cased[max(0, start - DENY_WINDOW) : start])
        )

    def _has_evidence(self, hit: _Hit, lower: str, anchors: list[int]) -> bool:
        """Whether a sorted anchor lies in the window around the hit, or a cue word does."""
        lo, hi = hit.start - EVIDENCE_WINDOW, hit.end + EVIDENCE_WINDOW
        skill = hit.pattern.skill
        if skill.evidence == "any":
            i = bisect_left(anchors, lo)
            if i < len(anchors) and anchors[i] <= hi:
                return True
        cue = self._cues.get(skill.name)
        # The mention itself is no evidence: a cue must be written around it, not be it.
        return bool(
            cue
            and (
                cue.search(lower, max(0, lo), hit.start)
                or cue.search(lower, hit.end, min(len(lower), hi))
            )
        )

    def _accepted(self, folded: Sequence[tuple[str, str]]) -> list[_Accepted]:
        """Per folded text, the hits that count, in text order: (starts, ends, pattern numbers).

        Hits inside links and lists of companies go; of overlapping hits the longest stays (see
        :func:`_longest_first`); blocker phrases, having stopped shorter hits, go too; a plain
        form counts; an ambiguous form counts with evidence: another hard skill close by, or a
        cue word. A word that shares a skill's last words counts too (see :meth:`_shared_heads`).
        """
        texts, starts, ends, numbers = self._scan(folded)
        if len(starts) == 0:
            return [([], [], []) for _ in folded]
        # In text order; a run of hits each overlapping the run so far competes on its own.
        order = np.lexsort((starts, texts))
        texts, starts, ends, numbers = texts[order], starts[order], ends[order], numbers[order]
        bounds = np.searchsorted(texts, np.arange(len(folded) + 1)).tolist()
        keep = np.ones(len(starts), dtype=bool)
        self._drop_links(folded, bounds, starts, ends, numbers, keep)
        self._drop_overlaps(texts, starts, ends, keep)
        skills = self._pattern_skill[numbers]
        exact = self._pattern_exact[numbers]
        keep &= skills >= 0
        accepted = keep & ~exact
        pending = np.flatnonzero(keep & exact)
        if len(pending):
            anchors = accepted & self._pattern_hard[numbers]
            self._accept_with_evidence(folded, bounds, starts, ends, numbers, anchors, pending)
            accepted[pending] = anchors[pending]
        chosen = np.flatnonzero(accepted)
        cuts = np.searchsorted(texts[chosen], np.arange(len(folded) + 1)).tolist()
        s_list, e_list, n_list = (a[chosen].tolist() for a in (starts, ends, numbers))
        out = [
            (
                s_list[cuts[t] : cuts[t + 1]],
                e_list[cuts[t] : cuts[t + 1]],
                n_list[cuts[t] : cuts[t + 1]],
            )
            for t in range(len(folded))
        ]
        sharers = np.flatnonzero(self._pattern_shares_tail[numbers[chosen]])
        if len(sharers):
            by_text: dict[int, list[int]] = {}
            for t, i in zip(texts[chosen][sharers].tolist(), sharers.tolist(), strict=True):
                by_text.setdefault(t, []).append(i - cuts[t])
            for t, hits in by_text.items():
                out[t] = self._shared_heads(folded[t][0], *out[t], hits)
        return out

    def _shared_heads(
        self,
        lower: str,
        starts: list[int],
        ends: list[int],
        numbers: list[int],
        sharers: list[int],
    ) -> _Accepted:
        """The accepted hits of one text, with the skills named by sharing a hit's last words.

        "manual and automation testing" names manual testing too, "frontend/backend development"
        frontend development, "relational and non-relational databases" relational databases:
        a word joined by "/", "&", "and" or "or" to a hit of several words, with that hit's last
        words, makes a plain form of another skill. That skill is mentioned by the whole phrase
        (as annotators write it: "automated and manual testing"), unless the word already lies in
        an accepted hit. Its mention is the one accepted hit that may overlap another.
        ``sharers`` are the places of the hits whose last words another skill's key ends with.
        """
        added: list[tuple[int, int, int]] = []
        for i in sharers:
            start, end = starts[i], ends[i]
            # The joining word or sign sits right before the hit: a cheap test before the search.
            if not lower.endswith(_SHARED_JOINS, max(0, start - 5), start):
                continue
            head = _SHARED_HEAD.search(lower, max(0, start - _SHARED_HEAD_CHARS), start)
            if head is None:
                continue
            key = lower[start:end]
            patterns = self._entries.get(f"{head.group(1)} {key[key.find(' ') + 1 :]}")
            if not patterns or any(p.exact or p.skill is None for p in patterns):
                continue
            if patterns[0].skill is self._patterns[numbers[i]].skill:
                continue
            first = head.start(1)
            before = bisect_right(starts, first) - 1
            if before >= 0 and ends[before] > first:
                continue
            added.append((first, end, self._pattern_number[id(patterns[0])]))
        # Each goes before the hits that start after it: few are added, so insert, not re-sort.
        for first, end, number in added:
            at = bisect_right(starts, first)
            starts.insert(at, first)
            ends.insert(at, end)
            numbers.insert(at, number)
        return starts, ends, numbers

    def _drop_links(
        self,
        folded: Sequence[tuple[str, str]],
        bounds: list[int],
        starts: np.ndarray,
        ends: np.ndarray,
        numbers: np.ndarray,
        keep: np.ndarray,
    ) -> None:
        """Unkeep the hits that lie inside a link ("rust-lang.org", "…/encryption-at-rest") or a
        list of companies ("customers like Cloudflare and Vercel", see _COMPANY_LIST_OPENERS)."""
        openers = np.flatnonzero(self._pattern_opens_list[numbers])
        if len(openers):
            opener_texts = np.searchsorted(bounds, openers, side="right") - 1
        for t, (lower, _) in enumerate(folded):
            lo, hi = bounds[t], bounds[t + 1]
            if lo == hi:
                continue
            spans = _link_spans(lower)
            if len(openers):
                spans += [
                    _company_list_span(lower, end)
                    for end in ends[openers[opener_texts == t]].tolist()
                ]
            if spans:
                a, b = np.array(spans, dtype=np.intp).T
                inside = (starts[lo:hi, None] >= a) & (ends[lo:hi, None] <= b)
                keep[lo:hi] &= ~inside.any(axis=1)

    @staticmethod
    def _drop_overlaps(
        texts: np.ndarray, starts: np.ndarray, ends: np.ndarray, keep: np.ndarray
    ) -> None:
        """Unkeep the hits that lose to an overlapping longer one (hits sorted by text, start).

        Links are gone first: a hit inside a link does not compete.
        """
        live = np.flatnonzero(keep)
        if len(live) < 2:
            return
        # Hits of different texts never overlap: place each text after the previous ones.
        offset = texts[live] * (int(ends.max()) + 1)
        first, last = starts[live] + offset, ends[live] + offset
        reach = np.maximum.accumulate(last)
        joins = np.flatnonzero(first[1:] < reach[:-1]) + 1  # hits that overlap the run so far
        if not len(joins):
            return
        # Most runs are two hits ("SQL" in "SQL Server"): the longer stays, the first of equals.
        alone = np.ones(len(live) + 1, dtype=bool)
        alone[joins] = False
        pairs = joins[alone[joins - 1] & alone[joins + 1]]
        if len(pairs):
            a, b = pairs - 1, pairs
            second_wins = (last[b] - first[b]) > (last[a] - first[a])
            keep[live[np.where(second_wins, a, b)]] = False
            joins = joins[~(alone[joins - 1] & alone[joins + 1])]
        run: list[tuple[int, int, int]] = []
        previous = -2
        for j in joins.tolist():
            if j != previous + 1:
                _keep_only(keep, run)
                i = live[j - 1]
                run = [(int(first[j - 1]), int(last[j - 1]), int(i))]
            i = live[j]
            run.append((int(first[j]), int(last[j]), int(i)))
            previous = j
        _keep_only(keep, run)

    def _accept_with_evidence(
        self,
        folded: Sequence[tuple[str, str]],
        bounds: list[int],
        starts: np.ndarray,
        ends: np.ndarray,
        numbers: np.ndarray,
        anchors: np.ndarray,
        pending: np.ndarray,
    ) -> None:
        """Mark in ``anchors`` the pending ambiguous hits that have evidence.

        ``anchors`` holds, on entry, the accepted hard hits; evidence is an anchor within the
        window around a hit, or a cue word. Two rounds: an ambiguous name accepted on its own
        evidence ("Go" beside "golang") is evidence for a neighbour ("Rust") that had none.
        """
        if len(folded) == 1:
            text_of, texts = np.zeros(len(pending), dtype=np.intp), [0]
        else:
            text_of = np.searchsorted(bounds, pending, side="right") - 1
            texts = np.unique(text_of).tolist()
        patterns = self._patterns
        for t in texts:
            lo, hi = bounds[t], bounds[t + 1]
            lower = folded[t][0]
            near = starts[lo:hi][anchors[lo:hi]].tolist()
            waiting = [
                (i, _Hit(int(starts[i]), int(ends[i]), patterns[numbers[i]]))
                for i in pending[text_of == t].tolist()
            ]
            for _ in range(2):
                still = []
                for i, hit in waiting:
                    if self._has_evidence(hit, lower, near):
                        anchors[i] = True
                        insort(near, hit.start)  # kept sorted for _has_evidence's bisection
                    else:
                        still.append((i, hit))
                if len(still) == len(waiting):
                    break
                waiting = still

    def _parts(
        self, skill: Skill, lower: str, start: int, end: int
    ) -> Iterator[tuple[Skill, int, int]]:
        """The skills a compound mention holds where they are written ("SQL" in "SQL tuning")."""
        for part_name in skill.contains:
            part = self.vocabulary.get(part_name)
            span = self._part_span(part, lower, start, end)
            if span is not None:
                yield part, span[0], span[1]

    def find(self, text: str) -> list[FoundSkill]:
        """Return the skills mentioned in ``text``, ordered by first mention.

        Parameters
        ----------
        text:
            Any text; offsets in the result index into it.

        Returns
        -------
        list[FoundSkill]
            One entry per skill with every mention; empty for an empty or skill-less text.
        """
        if not text:
            return []
        lower, cased = _folded(text)
        ((starts, ends, numbers),) = self._accepted([(lower, cased)])
        return self._found(text, lower, starts, ends, numbers)

    def find_many(self, texts: Sequence[str]) -> list[list[FoundSkill]]:
        """:meth:`find` of each text, the texts scanned in batches as :meth:`count_many` scans
        them: for the few texts of a ranking whose mentions are needed."""
        out: list[list[FoundSkill]] = []
        for i in range(0, len(texts), _BATCH_TEXTS):
            batch = texts[i : i + _BATCH_TEXTS]
            folded = _folded_many(batch)
            for text, (lower, _), accepted in zip(
                batch, folded, self._accepted(folded), strict=True
            ):
                out.append(self._found(text, lower, *accepted) if text else [])
        return out

    def _found(
        self, text: str, lower: str, starts: list[int], ends: list[int], numbers: list[int]
    ) -> list[FoundSkill]:
        """The found skills of ``text`` from its accepted hits in its folded text ``lower``."""
        index = _OffsetMap(text)
        by_skill: dict[str, list[Mention]] = {}
        skills: dict[str, Skill] = {}
        # Accepted hits come in order of their start, and one skill's never overlap (only a
        # shared-words hit overlaps, and another skill's), so a skill's own mentions come in
        # order and distinct; only a skill that also got a mention inside a compound needs sorting.
        unordered: set[str] = set()
        for hit_start, hit_end, number in zip(starts, ends, numbers, strict=True):
            skill = self._patterns[number].skill
            start, end = index[hit_start], index[hit_end - 1] + 1
            by_skill.setdefault(skill.name, []).append(Mention(start, end, text[start:end]))
            skills[skill.name] = skill
            for part, s, e in self._parts(skill, lower, hit_start, hit_end):
                s, e = index[s], index[e - 1] + 1
                by_skill.setdefault(part.name, []).append(Mention(s, e, text[s:e]))
                skills[part.name] = part
                unordered.add(part.name)
        for name in unordered:
            by_skill[name].sort(key=lambda m: m.start)
        return [
            FoundSkill(skills[name], tuple(mentions))
            for name, mentions in sorted(by_skill.items(), key=lambda kv: kv[1][0].start)
        ]

    def count_many(self, texts: Sequence[str]) -> list[dict[str, int]]:
        """How often each skill is mentioned, for each text: the counts of :meth:`find`, faster.

        Built for ranking thousands of texts: the texts are scanned in batches (see
        :meth:`_scan`) and no offsets or mentions are kept. Skills come in order of first
        mention, as :meth:`find` gives them.
        """
        out: list[dict[str, int]] = []
        patterns, name_of = self._patterns, self._pattern_name
        for i in range(0, len(texts), _BATCH_TEXTS):
            folded = _folded_many(texts[i : i + _BATCH_TEXTS])
            for (lower, _), (starts, ends, numbers) in zip(
                folded, self._accepted(folded), strict=True
            ):
                if self._compounds.isdisjoint(numbers):
                    out.append(dict(Counter([name_of[n] for n in numbers])))
                    continue
                names: list[str] = []
                for start, end, number in zip(starts, ends, numbers, strict=True):
                    skill = patterns[number].skill
                    names.append(skill.name)
                    if skill.contains:
                        names.extend(p.name for p, _, _ in self._parts(skill, lower, start, end))
                out.append(dict(Counter(names)))
        return out

    def _part_span(self, part: Skill, lower: str, start: int, end: int) -> tuple[int, int] | None:
        """Where inside a compound mention a contained skill is written, if it is."""
        window = lower[start:end]
        for form in self._longest_forms_first(part):
            i = window.find(form)
            if i >= 0:
                return start + i, start + i + len(form)
        return None

    def _longest_forms_first(self, skill: Skill) -> list[str]:
        forms = self._forms_by_length.get(skill.name)
        if forms is None:
            forms = sorted((fold(f) for f in skill.forms), key=len, reverse=True)
            self._forms_by_length[skill.name] = forms
        return forms


@cache
def default_finder() -> SkillFinder:
    """The finder of the shipped vocabulary, built once per process."""
    return SkillFinder(default_vocabulary())
