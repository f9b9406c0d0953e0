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
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import accumulate

import ahocorasick

from matcher.vocab import Skill, Vocabulary, default_vocabulary, fold

# How far (in characters) around an ambiguous mention we look for evidence.
EVIDENCE_WINDOW = 60
# How much text a deny rule sees on each side of a mention.
DENY_WINDOW = 40
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})


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
        }


@dataclass(frozen=True)
class _Pattern:
    skill: Skill | None  # None for a blocker phrase
    form: str  # the exact (space-folded) form, for case-sensitive checks
    exact: bool  # an ambiguous form: case must match and context must agree


@dataclass
class _Hit:
    start: int
    end: int
    pattern: _Pattern


_DASH_CHARS = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212]")
_SPACE = re.compile(r"\s+")
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
# only where the end-of-word rule accepts them, so Python sees real hits only. ``\b`` is a
# boundary between a word character (str.isalnum() or "_") and anything else.
_BOUNDARY = re.compile(r"\b")
_GLUE = "\x01"
# A letter followed by a run of digits that ends the word (the run is followed by a boundary
# mark). The lookahead comes first because it fails fast on the many non-digit positions.
_GLUED_VERSION = re.compile(r"(?=\d+\x00)(?<=[^\W\d_])")


@cache
def _unusual_numerics() -> re.Pattern[str]:
    r"""Characters for which the regex classes above differ from str.isalpha/str.isdigit.

    ``\d`` is str.isdecimal() and ``[^\W\d_]`` is str.isalpha() plus the numeric
    characters that are not decimal digits ("²", "½", "Ⅻ"); a text holding one of them
    takes the exact (slower) scan. So does any character beyond the Basic Multilingual Plane:
    one class of BMP characters compiles to a bitmap, one with astral characters to a slow list.
    """
    chars = [chr(i) for i in range(0x80, 0x10000) if chr(i).isnumeric() and not chr(i).isdecimal()]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "\U00010000-\U0010ffff]")


def _mark_boundaries(text: str) -> str:
    """Mark word boundaries, then glued version numbers (see _BOUNDARY and _GLUED_VERSION)."""
    return _GLUED_VERSION.sub(_GLUE, _BOUNDARY.sub(_MARK, text))


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


def _folded_with_map(text: str) -> tuple[str, str, _OffsetMap]:
    """Fold whitespace runs to one space and dashes to '-', keeping an offset map.

    Returns the lower-cased folded text, the case-kept folded text, and a map from each
    folded character's index to its index in ``text``. Characters whose lower case changes
    length keep their case, so both strings have the same length.
    """
    if _DASH_CHARS.search(text):
        text = text.translate(_DASHES)
    cased_text = _SPACE.sub(" ", text)
    lower = cased_text.lower()
    # str.lower() lowers each character on its own except a final capital sigma; when no
    # character's lower case changes length it equals the per-character loop below.
    if len(lower) != len(cased_text) or _CAPITAL_SIGMA in cased_text:
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in cased_text)
    return lower, cased_text, _OffsetMap(text)


def _mark_word_starts(text: str) -> str:
    return _WORD_START.sub(_MARK, text)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# Links name hosts and paths, not skills: "rust-lang.org", "…/encryption-at-rest", "https://".
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.-]+\.(?:com|org|io|dev|net|ai|co)/\S*")
_URL_HINT = re.compile(r"://|www\.|\.(?:com|org|io|dev|net|ai|co)/")


def _outside_urls(hits: list[_Hit], lower: str) -> list[_Hit]:
    """Drop the hits that lie inside a URL."""
    # Most texts hold no link: a cheap scan for the marks of one decides.
    if not _URL_HINT.search(lower):
        return hits
    spans = [(m.start(), m.end()) for m in _URL.finditer(lower)]
    if not spans:
        return hits
    starts = [a for a, _ in spans]
    kept = []
    for hit in hits:
        i = bisect_right(starts, hit.start) - 1
        if i < 0 or hit.end > spans[i][1]:
            kept.append(hit)
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
        self._entries = entries
        self._forms_by_length: dict[str, list[str]] = {}  # filled by _longest_forms_first
        self._fast = self._boundary_automaton(entries)
        _unusual_numerics()  # built with the finder, not on the first text that needs it
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
            s.name: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in s.cues) + r")(?!\w)")
            for s in vocabulary.skills
            if s.cues
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

    @staticmethod
    def _boundary_automaton(entries: dict[str, list[_Pattern]]) -> ahocorasick.Automaton:
        """Keys with every word boundary marked, for :meth:`_hits`.

        A key ending in a word character ends in a boundary mark, so it matches only where
        the text's word ends too. A key ending in a letter whose forms are all plain gets a
        second entry ending in the glue mark instead: "Python" in "Python3".
        """
        automaton = ahocorasick.Automaton()
        for key, patterns in entries.items():
            marked = _mark_boundaries(key)
            lead = int(marked.startswith(_MARK))
            value = (len(marked), lead, len(key), tuple(patterns))
            automaton.add_word(marked, value)
            if marked.endswith(_MARK) and key[-1].isalpha() and not any(p.exact for p in patterns):
                automaton.add_word(marked[:-1] + _GLUE, value)
        automaton.make_automaton()
        return automaton

    # -- the scan -------------------------------------------------------------------------------

    def _hits(self, lower: str, cased: str) -> list[_Hit]:
        """The candidate hits of ``lower``: the same list as :meth:`_candidates`, faster.

        The boundary-marked automaton reports only hits that start and end where the word
        rules allow, so the loop below only checks case and deny rules of ambiguous forms.
        Texts the regex marks cannot describe exactly take :meth:`_candidates`.
        """
        if (
            _MARK in lower
            or _GLUE in lower
            or (not lower.isascii() and _unusual_numerics().search(lower))
        ):
            return self._candidates(lower, cased)
        marked = _mark_boundaries(lower)
        glued = _GLUE in marked
        hits: list[_Hit] = []
        # Hits arrive in order of their end, so their starts move little: count the marks
        # before each start from the previous one.
        last = before = 0
        for end_index, (marked_length, lead, length, patterns) in self._fast.iter(marked):
            first = end_index + 1 - marked_length + lead
            if first >= last:
                before += marked.count(_MARK, last, first)
                if glued:
                    before += marked.count(_GLUE, last, first)
            else:
                before -= marked.count(_MARK, first, last)
                if glued:
                    before -= marked.count(_GLUE, first, last)
            last = first
            start = first - before
            end = start + length
            pattern = self._accept(patterns, lower, cased, start, end)
            if pattern is not None:
                hits.append(_Hit(start, end, pattern))
        return hits

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
        """The pattern a hit stands for, or None when case or deny rules reject it.

        A case variant listed as ambiguous ("celery" beside the plain name "Celery") is decided
        by its own rules: the plain form of the same skill does not take it over.
        """
        if len(patterns) == 1 and not patterns[0].exact:
            return patterns[0]
        written = cased[start:end]
        ruled = {p.skill.name for p in patterns if p.exact and p.form == written}
        for pattern in patterns:
            if pattern.exact:
                if pattern.form != written:
                    continue
                if not self._allowed_by_deny_rules(pattern.skill, lower, cased, start, end):
                    continue
            elif pattern.skill is not None and pattern.skill.name in ruled:
                continue
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

    @staticmethod
    def _resolve_overlaps(hits: list[_Hit]) -> list[_Hit]:
        """Keep the longest hits; among equals the leftmost. Then return them in text order."""
        taken = bytearray(max((h.end for h in hits), default=0))
        kept: list[_Hit] = []
        for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
            if any(taken[hit.start : hit.end]):
                continue
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            kept.append(hit)
        kept.sort(key=lambda h: h.start)
        return kept

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
        lower, cased, index = _folded_with_map(text)
        hits = self._resolve_overlaps(_outside_urls(self._hits(lower, cased), lower))
        plain = [h for h in hits if h.pattern.skill is not None and not h.pattern.exact]
        pending = [h for h in hits if h.pattern.exact]
        anchors = [h.start for h in plain if h.pattern.skill.kind == "hard"]
        accepted = list(plain)
        # Two rounds: an ambiguous name accepted on its own evidence ("Go" beside "golang")
        # is evidence for a neighbour ("Rust") that had none of its own.
        for _ in range(2):
            still: list[_Hit] = []
            for hit in pending:
                if self._has_evidence(hit, lower, anchors):
                    accepted.append(hit)
                    insort(anchors, hit.start)  # kept sorted for _has_evidence's bisection
                else:
                    still.append(hit)
            if len(still) == len(pending):
                break
            pending = still
        by_skill: dict[str, list[Mention]] = {}
        skills: dict[str, Skill] = {}
        # Accepted hits do not overlap, so a skill's own mentions come in order and distinct;
        # only a skill that also got a mention inside a compound needs sorting and deduplication.
        unordered: set[str] = set()
        for hit in sorted(accepted, key=lambda h: h.start):
            skill = hit.pattern.skill
            start, end = index[hit.start], index[hit.end - 1] + 1
            by_skill.setdefault(skill.name, []).append(Mention(start, end, text[start:end]))
            skills[skill.name] = skill
            # A compound names the skills it holds ("SQL optimization" names SQL too).
            for part_name in skill.contains:
                part = self.vocabulary.get(part_name)
                span = self._part_span(part, lower, hit.start, hit.end)
                if span is None:
                    continue
                s, e = index[span[0]], index[span[1] - 1] + 1
                by_skill.setdefault(part.name, []).append(Mention(s, e, text[s:e]))
                skills[part.name] = part
                unordered.add(part.name)
        for name in unordered:
            by_skill[name] = sorted(set(by_skill[name]), key=lambda m: m.start)
        return [
            FoundSkill(skills[name], tuple(mentions))
            for name, mentions in sorted(by_skill.items(), key=lambda kv: kv[1][0].start)
        ]

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
