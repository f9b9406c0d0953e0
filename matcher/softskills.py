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
  does not already name.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from matcher.errors import VocabularyError
from matcher.finder import FoundSkill, Mention
from matcher.resources import data_dir
from matcher.vocab import Vocabulary

SOFT_READING_PATH = data_dir("vocab") / "soft_reading.toml"
VOICES = ("candidate", "company")
_FLAGS = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True)
class PhraseRule:
    """A pattern that, where it matches, marks (``technical``) or shows (``shown``) soft skills."""

    skills: tuple[str, ...]
    pattern: re.Pattern[str]
    reason: str
    example: str


@dataclass(frozen=True)
class VoiceRule:
    """A marker of who a posting's sentence speaks of: the candidate or the company."""

    voice: str
    pattern: re.Pattern[str]
    reason: str
    example: str


@dataclass(frozen=True)
class ContextRule:
    """A reading of a mention by its own text and the text around it (``described``, ``negated``).

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

    def applies(self, name: str, text: str, sentence_start: int, end: int, m: Mention) -> bool:
        """Whether the rule reads mention ``m`` of skill ``name`` (its sentence ends at ``end``)."""
        if self.skills and name not in self.skills:
            return False
        if self.mention is not None and not self.mention.fullmatch(m.text):
            return False
        if self.before is not None and not self.before.search(text[sentence_start : m.start]):
            return False
        return self.after is None or self.after.match(text[m.end : end]) is not None


@dataclass(frozen=True)
class SoftReading:
    """The rules of ``vocab/soft_reading.toml``, compiled."""

    technical: tuple[PhraseRule, ...]
    voices: tuple[VoiceRule, ...]
    described: tuple[ContextRule, ...]
    negated: tuple[ContextRule, ...]
    shown: tuple[PhraseRule, ...]
    # Every voice marker in one pattern, one named group per rule: one pass finds them all, and
    # at one position the first rule listed wins.
    markers: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        joined = "|".join(f"(?P<v{i}>{rule.pattern.pattern})" for i, rule in enumerate(self.voices))
        object.__setattr__(self, "markers", re.compile(joined or r"(?!)", _FLAGS))

    @property
    def skills(self) -> frozenset[str]:
        """Every skill a rule names."""
        rules: Iterable[PhraseRule | ContextRule] = (
            *self.technical,
            *self.described,
            *self.negated,
            *self.shown,
        )
        return frozenset(name for rule in rules for name in rule.skills)

    def technical_spans(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Per soft skill, the stretches of ``text`` where its word is used in a technical sense."""
        out: dict[str, list[tuple[int, int]]] = {}
        for rule in self.technical:
            for m in rule.pattern.finditer(text):
                for name in rule.skills:
                    out.setdefault(name, []).append(m.span())
        return out

    def voice(self, text: str, sentence_start: int, mention_start: int) -> str | None:
        """The voice of the nearest marker before a mention in its sentence, or None."""
        last = None
        # A slice, not pos/endpos: '^' then marks the sentence's start.
        for m in self.markers.finditer(text[sentence_start:mention_start]):
            last = m
        if last is None or last.lastgroup is None:
            return None
        return self.voices[int(last.lastgroup[1:])].voice

    def asked(self, name: str, text: str, sentence: tuple[int, int], m: Mention) -> bool:
        """Whether a posting's mention of soft skill ``name`` asks it of the candidate.

        ``sentence`` is the (start, end) of the sentence holding the mention.
        """
        start, end = sentence
        if any(rule.applies(name, text, start, end, m) for rule in self.negated):
            return False
        voice = self.voice(text, start, m.start)
        if voice is not None:
            return voice == "candidate"
        return not any(rule.applies(name, text, start, end, m) for rule in self.described)

    def demonstrations(self, text: str) -> dict[str, list[Mention]]:
        """Per soft skill, the stretches of a resume that demonstrate it, in text order."""
        out: dict[str, list[Mention]] = {}
        for rule in self.shown:
            for m in rule.pattern.finditer(text):
                mention = Mention(m.start(), m.end(), m.group())
                for name in rule.skills:
                    out.setdefault(name, []).append(mention)
        for name, mentions in out.items():
            out[name] = _disjoint(mentions)
        return out

    def read_resume(
        self, text: str, found: Sequence[FoundSkill], vocabulary: Vocabulary
    ) -> list[FoundSkill]:
        """A resume's skills with soft words in a technical sense dropped and demonstrated
        soft skills added (only those the resume does not name)."""
        technical = self.technical_spans(text) if any(f.skill.kind == "soft" for f in found) else {}
        out: list[FoundSkill] = []
        for f in found:
            spans = technical.get(f.name)
            if spans and f.skill.kind == "soft":
                kept = tuple(m for m in f.mentions if not _inside(m, spans))
                if not kept:
                    continue
                if len(kept) < len(f.mentions):
                    f = FoundSkill(f.skill, kept)
            out.append(f)
        named = {f.name for f in out}
        for name, mentions in self.demonstrations(text).items():
            skill = vocabulary.get(name)
            if skill is not None and skill.name not in named:
                out.append(FoundSkill(skill, tuple(mentions)))
                named.add(skill.name)
        return out

    def resume_counts(
        self,
        text: str,
        counts: dict[str, int],
        vocabulary: Vocabulary,
        read: Callable[[], Mapping[str, int]],
    ) -> dict[str, int]:
        """The counts :meth:`read_resume` gives, from a resume's plain skill counts.

        ``read`` gives the counts of the full reading (the finder's mentions); it is called only
        when a soft skill the resume names may stand in a technical phrase, the one case where
        counts alone cannot tell.
        """
        technical = self.technical_spans(text)
        if any(name in counts for name in technical):
            return dict(read())
        out = dict(counts)
        for name, mentions in self.demonstrations(text).items():
            skill = vocabulary.get(name)
            if skill is not None and skill.name not in out:
                out[skill.name] = len(mentions)
        return out


def _inside(m: Mention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= m.start and m.end <= e for s, e in spans)


def _disjoint(mentions: list[Mention]) -> list[Mention]:
    """Mentions in text order, a mention overlapping an earlier one dropped."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def _pattern(entry: Mapping[str, Any], key: str, where: str) -> re.Pattern[str] | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise VocabularyError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    try:
        return re.compile(value, _FLAGS)
    except re.error as exc:
        raise VocabularyError(f"{where}: {key!r} is not a valid regular expression: {exc}") from exc


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise VocabularyError(f"{where}: every rule needs a {key!r} (a non-empty string)")
    return value


def _skills(entry: Mapping[str, Any], where: str, required: bool) -> tuple[str, ...]:
    value = entry.get("skills", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise VocabularyError(f"{where}: 'skills' must be a list of skill names, got {value!r}")
    if required and not value:
        raise VocabularyError(f"{where}: 'skills' names no skill")
    return tuple(value)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read the soft-skill rules: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"{path}: not valid TOML: {exc}") from exc


def load_soft_reading(path: Path = SOFT_READING_PATH) -> SoftReading:
    """Read and compile the soft-skill rules.

    Raises
    ------
    VocabularyError
        When the file is unreadable, a rule lacks its reason or example, a pattern does not
        compile, or a voice is not one of ``candidate`` and ``company``.
    """
    data = _read_toml(path)
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
    context: dict[str, list[ContextRule]] = {"described": [], "negated": []}
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
        negated=tuple(context["negated"]),
        shown=tuple(phrase["shown"]),
    )


@cache
def default_soft_reading() -> SoftReading:
    """The shipped rules, read once per process."""
    return load_soft_reading()
