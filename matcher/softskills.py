"""Soft skills where they count: asked in a posting's words to the candidate, shown in a resume.

A soft skill's word is common in both documents and is most often neither an ask nor a claim:
"we are a collaborative team", "our culture of ownership", "mentorship from senior engineers",
"B.E. Electronics & Communication". The rules are data (``vocab/soft_reading.toml``, each with
its reason and an example a test checks):

- a mention inside a technical phrase is no soft skill, in either document;
- in a posting, the nearest voice marker before a mention in its sentence says whether the
  sentence speaks to the candidate ("you", "we're looking for", "ability to") or of the company
  ("we", "our culture", "join a team where", "room to grow your career"); with no marker, a soft
  word that describes a place ("a collaborative team") or what the role grants ("real
  ownership") is not asked; otherwise the mention keeps its section;
- in a resume, text that demonstrates a skill ("led a team of 5") shows it, for skills the resume
  does not already name. Demonstrations are read only for the soft skills a posting asks: they
  are evidence for a requirement, and a ranking reads every resume.

Patterns are written in lower case and matched on lower-cased text (:func:`lowered`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from matcher.errors import VocabularyError
from matcher.finder import FoundSkill, Mention
from matcher.resources import data_dir
from matcher.vocab import read_toml

SOFT_READING_PATH = data_dir("vocab") / "soft_reading.toml"
VOICES = ("candidate", "company")
# Patterns are written in lower case and matched on lower-cased text: case-sensitive matching
# is several times faster than re.IGNORECASE, and every resume of a ranking is read.
_FLAGS = re.MULTILINE


def lowered(text: str) -> str:
    """``text`` in lower case, each character at its own offset.

    ``str.lower`` turns a few characters into two ("İ"); those are kept as they are, so that
    offsets into the lowered text are offsets into ``text``.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True)
class PhraseRule:
    """A pattern that, where it matches, marks (``technical``) or shows (``shown``) soft skills."""

    skills: tuple[str, ...]
    pattern: re.Pattern[str]
    reason: str
    example: str
    # Words one of which every match holds: the pattern is not run on a text without any (a
    # substring test costs far less than a pass of the pattern, and most documents lack them).
    stems: tuple[str, ...] = ()

    def finditer(self, low: str) -> Iterable[re.Match[str]]:
        """The rule's matches in lower-cased text ``low``."""
        if self.stems and not any(stem in low for stem in self.stems):
            return ()
        return self.pattern.finditer(low)


@dataclass(frozen=True)
class VoiceRule:
    """A marker of who a posting's sentence speaks of: the candidate or the company."""

    voice: str
    pattern: re.Pattern[str]
    reason: str
    example: str


@dataclass(frozen=True)
class ContextRule:
    """A reading of a mention by its own text and the text around it (``described``, ``not_asked``).

    Each pattern given must match: ``mention`` the mention's text, ``before`` the sentence up to
    the mention (searched, so anchor it with ``$``), ``after`` the text from the mention's end to
    the sentence's end (matched at its start). ``skills`` empty means every soft skill.
    """

    skills: tuple[str, ...]
    mention: re.Pattern[str] | None
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    reason: str
    example: str

    def applies(self, name: str, low: str, sentence_start: int, end: int, m: Mention) -> bool:
        """Whether the rule reads mention ``m`` of skill ``name`` in lower-cased text ``low``
        (the mention's sentence ends at ``end``)."""
        if self.skills and name not in self.skills:
            return False
        if self.mention is not None and not self.mention.fullmatch(low[m.start : m.end]):
            return False
        if self.before is not None and not self.before.search(low[sentence_start : m.start]):
            return False
        return self.after is None or self.after.match(low[m.end : end]) is not None


@dataclass(frozen=True)
class SoftReading:
    """The rules of ``vocab/soft_reading.toml``, compiled."""

    technical: tuple[PhraseRule, ...]
    voices: tuple[VoiceRule, ...]
    described: tuple[ContextRule, ...]
    not_asked: tuple[ContextRule, ...]
    shown: tuple[PhraseRule, ...]
    # Every voice marker in one pattern, one named group per rule: one pass finds them all, and
    # at one position the first rule listed wins.
    markers: re.Pattern[str] = field(init=False, repr=False, compare=False)
    # The joined patterns of sets of technical rules (see _joined_technical), made on first use.
    _joined: dict[tuple[int, ...], re.Pattern[str] | None] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        joined = "|".join(f"(?P<r{i}>{rule.pattern.pattern})" for i, rule in enumerate(self.voices))
        object.__setattr__(self, "markers", re.compile(joined or r"(?!)", _FLAGS))

    @property
    def skills(self) -> frozenset[str]:
        """Every skill a rule names."""
        rules: Iterable[PhraseRule | ContextRule] = (
            *self.technical,
            *self.described,
            *self.not_asked,
            *self.shown,
        )
        return frozenset(name for rule in rules for name in rule.skills)

    @property
    def demonstrable(self) -> frozenset[str]:
        """The skills some ``shown`` rule demonstrates."""
        return frozenset(name for rule in self.shown for name in rule.skills)

    def technical_spans(
        self, low: str, skills: Collection[str]
    ) -> dict[str, list[tuple[int, int]]]:
        """Per soft skill of ``skills`` (those a document names), the stretches of lower-cased
        text ``low`` where its word is used in a technical sense.

        Only the rules of those skills are read: each rule is one pass over the text.
        """
        out: dict[str, list[tuple[int, int]]] = {}
        for rule in self.technical:
            for name in rule.skills:
                if name in skills:
                    out.setdefault(name, []).extend(m.span() for m in rule.finditer(low))
        return out

    def voice(self, low: str, sentence_start: int, mention_start: int) -> str | None:
        """The voice of the nearest marker before a mention in its sentence, or None."""
        last = None
        # A slice, not pos/endpos: '^' then marks the sentence's start.
        for m in self.markers.finditer(low[sentence_start:mention_start]):
            last = m
        return None if last is None else _rule_of(self.voices, last).voice

    def asked(self, name: str, low: str, sentence: tuple[int, int], m: Mention) -> bool:
        """Whether a posting's mention of soft skill ``name`` asks it of the candidate.

        ``low`` is the posting's lower-cased text (:func:`lowered`), ``sentence`` the (start,
        end) of the sentence holding the mention.
        """
        start, end = sentence
        if any(rule.applies(name, low, start, end, m) for rule in self.not_asked):
            return False
        voice = self.voice(low, start, m.start)
        if voice is not None:
            return voice == "candidate"
        return not any(rule.applies(name, low, start, end, m) for rule in self.described)

    def demonstrations(
        self, text: str, skills: Collection[str] | None = None
    ) -> dict[str, tuple[Mention, ...]]:
        """Per soft skill (of ``skills``, when given), the stretches of a resume that
        demonstrate it, in text order; only the rules of those skills are read."""
        low = lowered(text)
        out: dict[str, list[Mention]] = {}
        for rule in self.shown:
            names = [n for n in rule.skills if skills is None or n in skills]
            if not names:
                continue
            for m in rule.finditer(low):
                mention = Mention(m.start(), m.end(), text[m.start() : m.end()])
                for name in names:
                    out.setdefault(name, []).append(mention)
        return {name: _disjoint(mentions) for name, mentions in out.items()}

    def drop_technical(self, text: str, found: Sequence[FoundSkill]) -> list[FoundSkill]:
        """The found skills without the soft-skill mentions that stand in a technical phrase
        (a skill left with none is dropped)."""
        soft = {f.name for f in found if f.skill.kind == "soft"}
        technical = self.technical_spans(lowered(text), soft) if soft else {}
        if not any(technical.values()):
            return list(found)
        out: list[FoundSkill] = []
        for f in found:
            spans = technical.get(f.name)
            if spans:
                kept = not_technical(f.mentions, spans)
                if not kept:
                    continue
                if len(kept) < len(f.mentions):
                    f = FoundSkill(f.skill, kept)
            out.append(f)
        return out

    def any_technical(self, low: str, skills: Collection[str]) -> bool:
        """Whether a soft skill of ``skills`` (those a document names) may be used in a technical
        sense somewhere in lower-cased text ``low``: whether :meth:`technical_spans` finds any.

        The rules that apply are run as one pattern, which stops at the first match. A resume's
        skill counts alone cannot tell which of its mentions such a stretch holds, so then its
        mentions are read (5 of the 166 shared text resumes); otherwise :meth:`drop_technical`
        drops nothing.
        """
        rules = tuple(
            i
            for i, rule in enumerate(self.technical)
            if any(name in skills for name in rule.skills)
            and (not rule.stems or any(stem in low for stem in rule.stems))
        )
        if not rules:
            return False
        joined = self._joined_technical(rules)
        if joined is not None:
            return joined.search(low) is not None
        return any(self.technical[i].pattern.search(low) is not None for i in rules)

    def _joined_technical(self, rules: tuple[int, ...]) -> re.Pattern[str] | None:
        """The patterns of these technical rules as one alternation, which matches where one of
        them does (one pass rather than one each); None for a single rule, or when they cannot
        be joined (a pattern with groups, whose numbers would shift, or flags of its own)."""
        if rules in self._joined:
            return self._joined[rules]
        patterns = [self.technical[i].pattern for i in rules]
        joined = None
        if len(patterns) > 1 and all(p.groups == 0 for p in patterns):
            try:
                joined = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), _FLAGS)
            except re.error:
                joined = None
        self._joined[rules] = joined
        return joined


def _rule_of(rules: Sequence[VoiceRule], m: re.Match[str]) -> VoiceRule:
    """The rule whose named group (``r<index>``) a match of the joined pattern matched."""
    assert m.lastgroup is not None
    return rules[int(m.lastgroup[1:])]


def not_technical(
    mentions: tuple[Mention, ...], spans: Sequence[tuple[int, int]]
) -> tuple[Mention, ...]:
    """The mentions that lie inside none of ``spans`` (see :meth:`SoftReading.technical_spans`)."""
    return tuple(m for m in mentions if not any(s <= m.start and m.end <= e for s, e in spans))


def _disjoint(mentions: list[Mention]) -> tuple[Mention, ...]:
    """Mentions in text order, a mention overlapping an earlier one dropped."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if not out or m.start >= out[-1].end:
            out.append(m)
    return tuple(out)


def _pattern(entry: Mapping[str, Any], key: str, where: str) -> re.Pattern[str] | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise VocabularyError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    if value != value.lower():
        raise VocabularyError(
            f"{where}: {key!r} is matched on lower-cased text: write it in lower case "
            f"(and without \\S, \\W, \\D or \\B), got {value!r}"
        )
    try:
        return re.compile(value, _FLAGS)
    except re.error as exc:
        raise VocabularyError(f"{where}: {key!r} is not a valid regular expression: {exc}") from exc


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise VocabularyError(f"{where}: every rule needs a {key!r} (a non-empty string)")
    return value


def _stems(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    value = entry.get("stems", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise VocabularyError(f"{where}: 'stems' must be a list of words, got {value!r}")
    if any(v != v.lower() for v in value):
        raise VocabularyError(f"{where}: 'stems' are looked for in lower-cased text: {value!r}")
    return tuple(value)


def _skills(entry: Mapping[str, Any], where: str, required: bool) -> tuple[str, ...]:
    value = entry.get("skills", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise VocabularyError(f"{where}: 'skills' must be a list of skill names, got {value!r}")
    if required and not value:
        raise VocabularyError(f"{where}: 'skills' names no skill")
    return tuple(value)


def load_soft_reading(path: Path = SOFT_READING_PATH) -> SoftReading:
    """Read and compile the soft-skill rules.

    Raises
    ------
    VocabularyError
        When the file is unreadable, a rule lacks its reason or example, a pattern does not
        compile, or a voice is not one of ``candidate`` and ``company``.
    """
    data = read_toml(path, "the soft-skill rules")
    phrase: dict[str, list[PhraseRule]] = {"technical": [], "shown": []}
    for key, rules in phrase.items():
        for i, entry in enumerate(data.get(key, []), 1):
            where = f"{path}: [[{key}]] {i}"
            pattern = _pattern(entry, "pattern", where)
            if pattern is None:
                raise VocabularyError(f"{where}: a rule needs a 'pattern'")
            rules.append(
                PhraseRule(
                    _skills(entry, where, required=True),
                    pattern,
                    _text(entry, "reason", where),
                    _text(entry, "example", where),
                    _stems(entry, where),
                )
            )
    voices = []
    for i, entry in enumerate(data.get("voice", []), 1):
        where = f"{path}: [[voice]] {i}"
        voice = entry.get("voice")
        if voice not in VOICES:
            raise VocabularyError(f"{where}: 'voice' must be one of {VOICES}, got {voice!r}")
        pattern = _pattern(entry, "pattern", where)
        if pattern is None:
            raise VocabularyError(f"{where}: a rule needs a 'pattern'")
        voices.append(
            VoiceRule(voice, pattern, _text(entry, "reason", where), _text(entry, "example", where))
        )
    context: dict[str, list[ContextRule]] = {"described": [], "not_asked": []}
    for key, rules_ in context.items():
        for i, entry in enumerate(data.get(key, []), 1):
            where = f"{path}: [[{key}]] {i}"
            patterns = [_pattern(entry, k, where) for k in ("mention", "before", "after")]
            if all(p is None for p in patterns):
                raise VocabularyError(f"{where}: give at least one of mention, before, after")
            rules_.append(
                ContextRule(
                    _skills(entry, where, required=False),
                    *patterns,
                    _text(entry, "reason", where),
                    _text(entry, "example", where),
                )
            )
    return SoftReading(
        technical=tuple(phrase["technical"]),
        voices=tuple(voices),
        described=tuple(context["described"]),
        not_asked=tuple(context["not_asked"]),
        shown=tuple(phrase["shown"]),
    )


@cache
def default_soft_reading() -> SoftReading:
    """The shipped rules, read once per process."""
    return load_soft_reading()
