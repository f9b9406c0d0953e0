"""Skills no vocabulary holds, found where the words around them say they are skills.

"Tools: Linear, LangSmith, Jenkins", "experience with Infiniband and Lustre", "Hadoop
ecosystem: YARN, ORC, Snappy": a name in a list under a skills header, after a phrase such as
"experience with", or between skills of the vocabulary in a list, is a skill when the context
model (:mod:`matcher.contextmodel`) agrees with high confidence and the name looks like one (a
capital, a digit or inner punctuation, and not a common English word). Such a skill is marked
``from_context``; it has no idf and no relations, and a resume meets it by naming it.

Precision comes first: a false skill in a report is worse than a missed one. So a word counts
only where the context rule and the model agree, never in a sentence that merely capitalises
it, never in lists of companies, and never when it is a form the vocabulary holds (the
vocabulary's own context rules decided that one).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate

import ahocorasick

from matcher.contextmodel import (
    TRIGGER_REACH,
    TRIGGERS,
    ContextModel,
    LineContext,
    Word,
    core_bounds,
    english_band,
    line_context,
    line_features,
    load_model,
    words_of,
)
from matcher.finder import FoundSkill, Mention
from matcher.vocab import Skill, Vocabulary, fold

# The model's probability that a word begins a name (B), and that a following word continues
# it (I), for the finder to take it. The model's probabilities are modest (three tags, one
# binary model each): a tool under "Tools:" scores 0.55-0.75. Read against what it finds in
# the shared postings and resumes (the gold sets left out), 0.5 adds tools such as Aeron,
# Apptainer, Tailscale and TopoLVM to those of 0.6, with a few false names (a city, a bank)
# among them; 0.4 lets in many more of those.
THRESHOLD = 0.5
# A whole item of a skills list (under a skills header, among at least LIST_MIN_SKILLS skills of
# the vocabulary, between separators) is a skill by its place alone unless the model is sure it
# is not: "Software Tools: Xillinx, Modelsim, Matlab, Multisim." The model, trained on prose
# postings, scores the first and last items of such lists low (0.13-0.25).
LIST_ITEM_THRESHOLD = 0.1
LIST_MIN_SKILLS = 1
# An inline list without a header needs more skills of the vocabulary around the item.
INLINE_MIN_SKILLS = 3
# A single word that English uses at least this often (Zipf frequency; "budgeting" 3.25,
# "snappy" 3.01, "lustre" 2.97) is an English word, not a name, unless its case says otherwise.
COMMON_ZIPF_BAND = 3
MAX_NAME_WORDS = 3
# Words of technical writing that look like names but name no skill of their own.
GENERIC_WORDS = frozenset(
    [
        "api", "apis", "sdk", "sdks", "saas", "paas", "iaas", "sla", "slas", "slo", "slos",
        "backend", "frontend", "fullstack", "swe", "swes", "sde", "sdes", "ai", "ml", "it", "ui",
        "ux", "b2b", "b2c", "kpi", "kpis", "okr", "okrs", "roi", "ceo", "cto", "cfo", "coo", "vp",
        "hr", "pm", "pms", "eng", "fintech", "healthtech", "edtech", "proptech", "insurtech",
        "llm", "llms", "gpu", "gpus", "cpu", "cpus", "ide", "ides", "os", "usa", "us", "uk", "eu",
        "emea", "apac", "cet", "est", "pst", "utc", "gmt", "faq", "faqs",
    ]
)  # fmt: skip
# Resume headings that text extraction glues to the word before ("UnixEducation").
HEADINGS = frozenset(
    [
        "education", "experience", "skills", "projects", "summary", "objective", "profile",
        "certifications", "certificates", "achievements", "awards", "languages", "interests",
        "references", "contact", "employment", "work", "training", "publications", "hobbies",
        "declaration",
    ]
)  # fmt: skip
_HUMPS = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")
_VERSION = re.compile(r"\d+(?:\.\d+)*")
# Header words that make a line a list of skills ("Tools: ...", "Tech stack: ...").
SKILL_HEADERS = frozenset(
    [
        "skills", "skill", "tools", "tooling", "technologies", "technology", "tech", "stack",
        "stacks", "languages", "frameworks", "libraries", "platforms", "databases", "software",
        "environment", "environments", "ecosystem", "infrastructure",
    ]
)  # fmt: skip
# Lines and phrases that name customers, investors or employers: no skill is read there.
_COMPANY_LIST = re.compile(
    r"\b(?:compan(?:y|ies)|organi[sz]ations?|customers?|clients?|partners?|investors?|backers|"
    r"backed by|funded by|brands?|"
    r"trusted by|used by|alumni|formerly|previously|founded|headquartered|offices?)\b",
    re.IGNORECASE,
)
# A word that holds a capital (a name needs one, see looks_like_name), in a stretch of text
# where a skill may be listed.
_CAPITALISED = re.compile(r"(?<![\w.+#/-])[a-z0-9_]*[A-Z][\w.+#/-]*")
# How many words a finder remembers the judgement of (a few MB at most).
_CANDIDATES_KEPT = 200_000
# How far a header's colon may stand from its line's start, and a listed word from the end of
# its trigger phrase (TRIGGER_REACH words of about ten characters).
_HEADER_CHARS = 60
_TRIGGER_CHARS = 80
_SENTENCE_ENDS = (". ", "! ", "? ")
# The word a comma or slash joins to a skill, after it or before it ("Kafka, Redpanda").
_NEIGHBOUR_CHARS = 40
_WORD_AFTER = re.compile(r"[^\S\n]*([a-z0-9_]*[A-Z][\w.+#/-]*)")
_WORD_BEFORE = re.compile(r"(?<![\w.+#/-])([a-z0-9_]*[A-Z][\w.+#-]*)[^\S\n]*[,/][^\S\n]*\Z")
_SEPARATOR_END = (",", ";", ":", "/", "|")
_ITEM_END = (",", ";", "/", "|", ".", ")")
_JOINERS = frozenset(["and", "or", "and/or", "&", "/", "etc", "plus", "as", "well"])
_CATEGORY_OF_HEADER = {
    "languages": "language",
    "frameworks": "framework",
    "libraries": "library",
    "databases": "database",
    "platforms": "cloud",
    "infrastructure": "devops",
    "tools": "devops",
    "tooling": "devops",
}
DEFAULT_CATEGORY = "library"


def _covered(words: list[Word], mentions: list[tuple[int, int, Skill]]) -> list[bool]:
    """Whether each word's core overlaps one of the mentions (sorted by start): the mention
    that reaches furthest among those starting before the core's end reaches into it."""
    if not mentions:
        return [False] * len(words)
    starts = [s for s, _, _ in mentions]
    reach = list(accumulate((e for _, e, _ in mentions), max))
    out = []
    for w in words:
        k = bisect_left(starts, w.core_end) - 1
        out.append(k >= 0 and reach[k] > w.core_start)
    return out


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The sentence around an offset, within its line: what the model was trained on
    (SkillSpan's sentences), and all a name's context needs."""
    line = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    start = max([line] + [i + 2 for m in _SENTENCE_ENDS if (i := text.rfind(m, line, at)) >= 0])
    stops = [i for m in _SENTENCE_ENDS if (i := text.find(m, at, end)) >= 0]
    return start, min(stops) + 1 if stops else end


def name_key(name: str) -> str:
    """The key two writings of one name share: lower case, without spaces, dots, hyphens,
    underscores and slashes ("LangSmith", "Langsmith" and "lang-smith" are one name)."""
    return re.sub(r"[\s.\-_/]+", "", name.lower())


@lru_cache(maxsize=1 << 16)
def looks_like_name(core: str) -> bool:
    """Whether a word is written as a name: a capital inside it (LangSmith, ORC), a digit
    (Dynamics365), or a capital and rarity in English (Lustre); no placeholder brackets, no
    plain English word joined by a hyphen or slash ("AI-powered", "LIMS/clinical"), and none
    of the generic words of technical writing ("APIs", "Backend")."""
    if len(core) < 3 or not core[0].isalnum() or not (core[-1].isalnum() or core[-1] in "+#"):
        return False
    if any(c in core for c in "<>@&'’") or sum(c.isalpha() for c in core) < 2:
        return False
    if core.endswith("s") and core[:-1].isupper():
        return False  # a plural of an acronym names a kind of thing: CLIs, SDKs, RVs
    if core.lower() in GENERIC_WORDS or not any(c.isupper() for c in core):
        return False
    parts = [p for p in re.split(r"[-/]", core) if p]
    if len(parts) > 1:
        # Every part a name or a version: PLC/SCADA, ESP-IDF, GPT-5.2; not GUI/Silent.
        return all(looks_like_name(p) or _VERSION.fullmatch(p) for p in parts)
    humps = _HUMPS.findall(core)
    if len(humps) > 1 and humps[-1].lower() in HEADINGS:
        return False  # words glued by text extraction: "UnixEducation", "JavaSkills"
    if any(c.isupper() for c in core[1:]) or any(c.isdigit() for c in core):
        if core.isupper() and core.isalpha():
            # An acronym: ORC, UAT; not one that is a common word (US, IT, AND).
            return english_band(core.lower()) <= COMMON_ZIPF_BAND
        return True
    low = core.lower()
    # A plural or other inflection of a common word is common too: "Blockings".
    stems = [low] + [low[: -len(end)] for end in ("s", "es", "ings", "ing") if low.endswith(end)]
    return all(english_band(stem) < COMMON_ZIPF_BAND for stem in stems if len(stem) > 2)


class ContextFinder:
    """Finds the names of :mod:`matcher.context` in a text, beside a finder's skills."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        model: ContextModel | None,
        threshold: float = THRESHOLD,
    ) -> None:
        self.model = model
        self.threshold = threshold
        self._held = {fold(f) for s in vocabulary.skills for f in s.forms} | {
            fold(b) for b in vocabulary.blockers
        }
        self._held_keys = {name_key(f) for s in vocabulary.skills for f in s.forms}
        self._candidates: dict[str, bool] = {}
        # Header words ("tools:") and trigger phrases ("experience with"), lower-cased: the
        # value says which a key is.
        self._phrases = ahocorasick.Automaton()
        for header in SKILL_HEADERS:
            self._phrases.add_word(f"{header}:", True)
        for first, second in TRIGGERS:
            self._phrases.add_word(f"{first} {second}", False)
        self._phrases.make_automaton()

    @classmethod
    def shipped(cls, vocabulary: Vocabulary) -> ContextFinder:
        """A finder with the shipped model (finding nothing when its file is absent)."""
        return cls(vocabulary, load_model())

    def _is_candidate(self, word: str) -> bool:
        """Whether a word (as _CAPITALISED finds it) is written as a name and is no form of
        the vocabulary (remembered per word: texts repeat their words)."""
        known = self._candidates.get(word)
        if known is None:
            lo, hi = core_bounds(word)
            core = word[lo:hi].rstrip("-/")
            known = looks_like_name(core) and self._is_new(core)
            if len(self._candidates) < _CANDIDATES_KEPT:
                self._candidates[word] = known
        return known

    def _candidate_units(
        self, text: str, mentions: list[tuple[int, int, Skill]], starts: list[int]
    ) -> list[tuple[int, int]]:
        """The sentences worth reading: those with a word written as a name, outside the
        finder's mentions, where a skill may be listed: after a header ("Tools:", or one
        that names a skill, "Hadoop ecosystem:") on its line, after a trigger phrase
        ("experience with") for a few words, or joined by a comma or slash to a skill of the
        vocabulary ("Kafka, Redpanda"). :meth:`_eligible` decides exactly, word by word;
        this only says where to look.

        One pass of an Aho-Corasick automaton over the lower-cased text finds the headers
        and trigger phrases, and a look at the characters around each mention the lists;
        each distinct word is judged once per finder. Reading every line instead costs
        about as much as the finder itself.
        """
        reach = list(accumulate((e for _, e, _ in mentions), max))
        units: dict[int, int] = {}

        def take(word: str, at: int) -> None:
            if self._is_candidate(word):
                k = bisect_right(starts, at) - 1
                if k < 0 or reach[k] <= at:
                    start, end = _sentence(text, at)
                    units[start] = end

        stretches = []
        for end, is_header in self._phrases.iter(text.lower()):
            end += 1
            if not is_header:
                stretches.append((end, min(len(text), end + _TRIGGER_CHARS)))
            elif end - text.rfind("\n", 0, end) <= _HEADER_CHARS:
                stop = text.find("\n", end)
                stretches.append((end, len(text) if stop < 0 else stop))
        last = len(mentions) - 1
        for i, (start, end, _) in enumerate(mentions):
            after = text[end : end + 1]
            if after == ":" and end - text.rfind("\n", 0, start) <= _HEADER_CHARS:
                stop = text.find("\n", end)
                stretches.append((end, len(text) if stop < 0 else stop))
            elif (after == "," or after == "/") and not (i < last and starts[i + 1] <= end + 2):
                # (a skill right after the sign is no unknown word)
                word = _WORD_AFTER.match(text, end + 1)
                if word:
                    take(word.group(1), word.start(1))
            sign = text[start - 2 : start] if start > 1 else text[:start]
            if ("," in sign or "/" in sign) and not (i and reach[i - 1] >= start - 2):
                before = _WORD_BEFORE.search(text, max(0, start - _NEIGHBOUR_CHARS), start)
                if before:
                    take(before.group(1), before.start(1))
        done = 0
        judged = self._candidates.get
        for lo, hi in sorted(stretches):
            for m in _CAPITALISED.finditer(text, max(lo, done), hi):
                word = m.group()
                if judged(word) is not False:
                    take(word, m.start())
            done = max(done, hi)
        return sorted(units.items())

    def find(self, text: str, found: Sequence[FoundSkill]) -> list[FoundSkill]:
        """The names found from context in ``text``, each a skill marked ``from_context``.

        Parameters
        ----------
        text:
            The text the finder read.
        found:
            The vocabulary's skills the finder found in it (their mentions are never names
            from context, and they are evidence for their neighbours).

        Returns
        -------
        list[FoundSkill]
            One entry per name (writings with one :func:`name_key` are one name, named as first
            written), with every mention of the name in the text; empty without a model.
        """
        if self.model is None or not text:
            return []
        mentions = sorted((m.start, m.end, f.skill) for f in found for m in f.mentions)
        starts = [m[0] for m in mentions]
        names: dict[str, tuple[str, str]] = {}  # key -> (name, category)
        for start, end in self._candidate_units(text, mentions, starts):
            for name, category in self._line_names(text, start, end, mentions, starts):
                names.setdefault(name_key(name), (name, category))
        if not names:
            return []
        skills = [_synthetic(n, c) for n, c in names.values()]
        return held_mentions(text, skills, mentions, exact_case=True)

    def _line_names(
        self,
        text: str,
        start: int,
        end: int,
        mentions: list[tuple[int, int, Skill]],
        starts: list[int],
    ) -> Iterable[tuple[str, str]]:
        """The names from context of the sentence ``text[start:end]``, with their categories."""
        words = words_of(text, start, end)
        if len(words) < 2 or _COMPANY_LIST.search(text, start, end):
            return []
        lo = bisect_left(starts, start)
        hi = bisect_left(starts, end)
        here = mentions[lo:hi]
        known = _covered(words, here)
        tokens = [w.text for w in words]
        cores = [w.core.lower() for w in words]
        context = line_context(cores, tokens)
        line_skills = [sk for _, _, sk in here]
        eligible = self._eligible(words, known, context, line_skills)
        if not eligible:
            return []
        rows = dict(zip(eligible, line_features(tokens, known, eligible), strict=True))
        items = _list_items(tokens, known, context, line_skills)
        out = []
        i = 0
        while i < len(words):
            if i not in rows:
                i += 1
                continue
            assert self.model is not None
            threshold = LIST_ITEM_THRESHOLD if i in items else self.threshold
            if self.model.proba(rows[i])["B"] < threshold:
                i += 1
                continue
            j = i + 1
            while (
                j < len(words)
                and j - i < MAX_NAME_WORDS
                and j in rows
                and not tokens[j - 1].endswith(_SEPARATOR_END)
                and self.model.proba(rows[j])["I"] >= self.threshold
            ):
                j += 1
            name = text[words[i].core_start : words[j - 1].core_end]
            if self._is_new(name):
                out.append((name, _category(context.header, line_skills)))
            i = j
        return out

    def _eligible(
        self,
        words: list[Word],
        known: list[bool],
        context: LineContext,
        line_skills: list[Skill],
    ) -> list[int]:
        """The words of a line that stand where a skill is expected and look like names."""
        header_end, header, triggers = context.header_end, context.header, context.triggers
        hard_known = sum(1 for s in line_skills if s.kind == "hard")
        listed = header_end >= 0 and header_end <= 4 and (header in SKILL_HEADERS or hard_known)
        listed_after = {i for t in triggers for i in _list_after(words, known, t + 1)}
        out = []
        for i, w in enumerate(words):
            if known[i] or not looks_like_name(w.core):
                continue
            if listed and i > header_end:
                out.append(i)
                continue
            if i in listed_after:
                out.append(i)
                continue
            # Between skills of the vocabulary in a list: "Kafka, Pulsar, Redpanda".
            prev_sep = i > 0 and words[i - 1].text.endswith((",", "/"))
            next_sep = w.text.endswith((",", "/"))
            if (prev_sep and i > 0 and known[i - 1]) or (
                next_sep and i + 1 < len(words) and known[i + 1]
            ):
                out.append(i)
        return out

    def _is_new(self, name: str) -> bool:
        """Whether a name is none of the vocabulary's forms or blockers."""
        return fold(name) not in self._held and name_key(name) not in self._held_keys


def _list_items(
    tokens: list[str], known: list[bool], context: LineContext, line_skills: list[Skill]
) -> frozenset[int]:
    """The words that are whole one-word items of a skills list: after a skills header, in a
    line naming at least LIST_MIN_SKILLS hard skills, with a separator (or the header) before
    and a separator (or the line's end) after."""
    hard = sum(1 for s in line_skills if s.kind == "hard")
    headed = 0 <= context.header_end <= 4 and context.header in SKILL_HEADERS
    if hard < (LIST_MIN_SKILLS if headed else INLINE_MIN_SKILLS):
        return frozenset()
    out = set()
    last = len(tokens) - 1
    first = context.header_end + 1 if headed else 0
    for i in range(first, len(tokens)):
        if known[i]:
            continue
        opens = (headed and i == first) or (i > 0 and tokens[i - 1].endswith(_ITEM_END))
        closes = i == last or tokens[i].endswith(_ITEM_END)
        # Without a header, an item of an inline list stands beside a skill of the
        # vocabulary: "(Grafana, InfluxDB, CollectD)".
        beside = headed or (i > 0 and known[i - 1]) or (i < last and known[i + 1])
        if opens and closes and beside:
            out.add(i)
    return frozenset(out)


def _list_after(words: list[Word], known: list[bool], start: int) -> range:
    """The words of the list that starts at ``start`` (after "experience with"): names, skills
    the vocabulary holds, joiners ("and", "or", commas), and one plain word after a name
    ("Lustre filesystems"); it ends at anything else ("DHIS2 or other software used in ...")."""
    i, end, after_name = start, start, False
    while i < len(words) and i - start < TRIGGER_REACH:
        core = words[i].core
        if known[i] or looks_like_name(core):
            after_name = True
        elif core.lower() in _JOINERS or not core:
            after_name = False
        elif after_name and core.islower():
            after_name = False  # the head noun of the item before: "Lustre filesystems"
        else:
            break
        i += 1
        end = i
        if words[i - 1].text.endswith((".", ";", ":")):
            break
    return range(start, end)


def _category(header: str, line_skills: list[Skill]) -> str:
    """The category of a name from context: the one its header names ("Databases:"), else
    that of at least two hard skills listed with it, else a library. One neighbour is no
    evidence: "experience with Python and LangSmith" does not make LangSmith a language."""
    if header in _CATEGORY_OF_HEADER:
        return _CATEGORY_OF_HEADER[header]
    counts = Counter(s.category for s in line_skills if s.kind == "hard")
    if counts:
        category, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= 2:
            return category
    return DEFAULT_CATEGORY


def _synthetic(name: str, category: str) -> Skill:
    return Skill(name=name, category=category, kind="hard", provenance="context", from_context=True)


def held_mentions(
    text: str,
    skills: Sequence[Skill],
    mentions: Sequence[tuple[int, int, Skill]] = (),
    exact_case: bool = False,
) -> list[FoundSkill]:
    """Every whole-word mention of these names in a text, outside the spans of ``mentions``;
    one entry per skill that has any, in order of first mention.

    In the text a name was found in, only its own writing counts ("Snappy" names a library,
    "a snappy UI" does not); in another document (a resume against the posting that named
    it), any case does: the posting has said it is a skill."""
    if not skills:
        return []
    by_pattern = {}
    for skill in skills:
        words = re.split(r"[\s]+", skill.name)
        body = r"\s+".join(re.escape(w) for w in words)
        by_pattern[skill.name] = re.compile(
            rf"(?<![\w.+#-]){body}(?![\w+#]|[.-]\w)", 0 if exact_case else re.IGNORECASE
        )
    out = []
    for skill in skills:
        hits = tuple(
            Mention(m.start(), m.end(), m.group())
            for m in by_pattern[skill.name].finditer(text)
            if not any(s < m.end() and m.start() < e for s, e, _ in mentions)
        )
        if hits:
            out.append(FoundSkill(skill, hits))
    out.sort(key=lambda f: f.mentions[0].start)
    return out


def held_counts(text: str, skills: Sequence[Skill]) -> dict[str, int]:
    """How often each of these names is written in a text, as :func:`held_mentions` finds them
    with no other mentions to avoid (what ranking counts)."""
    return {f.name: f.count for f in held_mentions(text, skills)}
