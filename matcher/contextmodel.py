"""Whether a word names a skill, judged from the words around it: a small linear model.

The model tags each word of a line B (begins a name), I (continues one) or O (no name), from
features of the word (its shape, case, affixes, how common it is in English) and of its
surroundings (the words before and after, a list header such as "Tools:", a phrase such as
"experience with", commas, and the vocabulary's skills named next to it). It is scikit-learn's
logistic regression, trained offline (:func:`train`) on SkillSpan's train split and the
project's first four check sets, and shipped as readable JSON (``vocab/context_model.json``):
feature names and coefficients, no pickle. Scoring a word at run time is a sum of the
coefficients of its features (:meth:`ContextModel.proba`), in plain Python.

Only the Knowledge layer of SkillSpan (technologies and tools) is shipped: that is what the
finder looks for. :func:`figures` also trains a Skill-layer model on the same features, to
report both layers as the SkillSpan paper does.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from wordfreq import zipf_frequency

from matcher.errors import VocabularyError
from matcher.finder import SkillFinder
from matcher.vocab import VOCAB_DIR

MODEL_PATH = VOCAB_DIR / "context_model.json"
CLASSES = ("B", "I", "O")
# Regularisation of the logistic regression (L1, so most features get no weight and the file
# stays small) and the fewest training words a feature must occur in to be kept.
C = 0.3
MIN_FEATURE_COUNT = 3
DIGITS = 4  # decimals kept of each coefficient in the shipped file
# The SkillSpan train postings that the development gold (../shared/eval/dev_gold.jsonl) holds:
# never trained on.
DEV_GOLD_POSTINGS = frozenset(f"skillspan-tech-train-{n}" for n in (15, 51, 60, 61, 62, 64, 68, 76))
# The project's check sets that may be trained on; internal_gold_5 and the check pairs are
# kept fresh, and the development gold is never read.
TRAIN_CHECK_SETS = (
    "internal_gold.jsonl",
    "internal_gold_2.jsonl",
    "internal_gold_3.jsonl",
    "internal_gold_4.jsonl",
)

# Characters stripped from a word's ends to give its core: "(Kafka," is "Kafka".
_LEAD = "([{\"'“‘*•·<"
_TRAIL = ")]}\"'”’,;:!?*>"
# Phrases after which a list of skills follows ("experience with Kafka, Flink").
TRIGGERS = frozenset(
    [
        ("experience", "with"),
        ("experience", "in"),
        ("experience", "using"),
        ("knowledge", "of"),
        ("knowledge", "in"),
        ("familiarity", "with"),
        ("familiar", "with"),
        ("proficiency", "in"),
        ("proficiency", "with"),
        ("proficient", "in"),
        ("proficient", "with"),
        ("expertise", "in"),
        ("expertise", "with"),
        ("skilled", "in"),
        ("worked", "with"),
        ("working", "with"),
        ("we", "use"),
        ("you'll", "use"),
        ("stack", "includes"),
        ("built", "with"),
        ("built", "on"),
        ("our", "stack"),
        ("tech", "stack"),
        ("such", "as"),
    ]
)
# How many words after a trigger phrase a list may run.
TRIGGER_REACH = 12
_SHAPE_RUNS = re.compile(r"(.)\1+")


class Word(NamedTuple):
    """One white-space separated word of a line, and its core (the word without the
    punctuation around it), with offsets into the text."""

    start: int
    end: int
    text: str
    core_start: int
    core_end: int

    @property
    def core(self) -> str:
        return self.text[self.core_start - self.start : self.core_end - self.start]


def core_bounds(token: str) -> tuple[int, int]:
    """Where a word's core lies in it: punctuation and brackets around it stripped, a final
    full stop too ("Kafka." but not ".NET" or "Node.js")."""
    lo, hi = 0, len(token)
    if token[0] not in _LEAD and token[-1] not in _TRAIL and token[-1] != ".":
        return lo, hi  # most words: nothing to strip
    while lo < hi and token[lo] in _LEAD:
        lo += 1
    while hi > lo and (token[hi - 1] in _TRAIL or (token[hi - 1] == "." and hi - lo > 1)):
        hi -= 1
    return lo, hi


def words_of(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text[start:end]`` with their cores."""
    out = []
    at = start
    find = text.find
    for token in text[start:end].split():
        at = find(token, at)
        lo, hi = core_bounds(token)
        out.append(Word(at, at + len(token), token, at + lo, at + hi))
        at += len(token)
    return out


def shape(core: str) -> str:
    """The word's shape: X for a capital, x for a small letter, d for a digit, runs folded
    ("LangSmith" is XxXx, "Spark-SQL" Xx-X, "365" d)."""
    chars = [
        "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in core
    ]
    return _SHAPE_RUNS.sub(r"\1", "".join(chars))


@cache
def english_band(word: str) -> int:
    """How common a lower-cased word is in English, in bands of Zipf frequency (0 to 6)."""
    return min(6, int(zipf_frequency(word, "en")))


def _ends(token: str) -> str:
    """The punctuation a word ends with, as a feature value ("," ":" "/" or "")."""
    for mark in (",", ":", ";", "/", "."):
        if token.endswith(mark):
            return mark
    return ""


@dataclass(frozen=True)
class LineContext:
    """What a line says about its words as a whole: where a header ends ("Tools:") and the
    header's last word, and after which word a trigger phrase ends."""

    header_end: int  # index of the word that ends the header, -1 without one
    header: str
    triggers: tuple[int, ...]  # indices of the last word of each trigger phrase


def line_context(cores: Sequence[str], tokens: Sequence[str]) -> LineContext:
    """Read a line's header and trigger phrases from its words' lower-cased cores."""
    header_end, header = -1, ""
    for i, token in enumerate(tokens[:6]):
        if token.endswith(":") or (token == ":" and i > 0):
            header_end = i
            header = cores[i] if cores[i] else (cores[i - 1] if i else "")
            break
    triggers = tuple(i for i in range(1, len(cores)) if (cores[i - 1], cores[i]) in TRIGGERS)
    return LineContext(header_end, header, triggers)


def features(
    tokens: Sequence[str],
    cores: Sequence[str],
    known: Sequence[bool],
    context: LineContext,
    i: int,
) -> list[str]:
    """The features of word ``i`` of a line.

    ``tokens`` are the words as written, ``cores`` their cores as written, ``known`` whether
    each lies in a mention of a vocabulary skill, ``context`` the line's header and triggers.
    """
    core = cores[i]
    low = core.lower()
    n = len(tokens)
    out = [
        "bias",
        f"w={low}",
        f"shape={shape(core)}",
        f"suf3={low[-3:]}",
        f"pre3={low[:3]}",
        f"len={min(len(core), 10)}",
        f"end={_ends(tokens[i])}",
        f"en={english_band(low) if low.isalpha() else 'na'}",
    ]
    if core[:1].isupper():
        out.append("cap")
        if i == 0:
            out.append("cap_first")
    if core.isupper() and len(core) > 1:
        out.append("allcaps")
    if any(c.isupper() for c in core[1:]) and any(c.islower() for c in core):
        out.append("camel")
    if any(c.isdigit() for c in core):
        out.append("digit")
    if known[i]:
        out.append("known")
    prev = cores[i - 1].lower() if i > 0 else "<s>"
    nxt = cores[i + 1].lower() if i + 1 < n else "</s>"
    out += [f"w-1={prev}", f"w+1={nxt}", f"w-1|w={prev}|{low}"]
    if i > 1:
        out.append(f"w-2={cores[i - 2].lower()}")
    if i > 0:
        out.append(f"shape-1={shape(cores[i - 1])}")
        out.append(f"end-1={_ends(tokens[i - 1])}")
        if known[i - 1]:
            out.append("known-1")
    if i + 1 < n:
        out.append(f"shape+1={shape(cores[i + 1])}")
        if known[i + 1]:
            out.append("known+1")
    if context.header_end >= 0:
        if i > context.header_end:
            out += ["after_header", f"header={context.header}"]
        elif i == context.header_end:
            out.append("is_header")
    before = [t for t in context.triggers if t < i <= t + TRIGGER_REACH]
    if before:
        out.append("after_trigger")
        if before[-1] == i - 1:
            out.append(f"trigger={cores[i - 2].lower()}_{prev}")
    known_count = sum(known)
    out.append(f"line_known={min(known_count, 3)}")
    return out


def line_features(
    tokens: Sequence[str], known: Sequence[bool], indices: Iterable[int] | None = None
) -> list[list[str]]:
    """The features of the words of one line (all of them, or those at ``indices``)."""
    cores = [t[slice(*core_bounds(t))] for t in tokens]
    context = line_context([c.lower() for c in cores], tokens)
    wanted = range(len(tokens)) if indices is None else indices
    return [features(tokens, cores, known, context, i) for i in wanted]


@dataclass(frozen=True)
class ContextModel:
    """The shipped model: per feature, a coefficient for each class; and the intercepts."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    meta: Mapping[str, object]

    def proba(self, feats: Iterable[str]) -> dict[str, float]:
        """The probability of each class for one word's features (one-vs-rest, normalised as
        scikit-learn's ``predict_proba`` does)."""
        scores = list(self.intercept)
        weights = self.weights
        for f in feats:
            w = weights.get(f)
            if w is not None:
                for k, v in enumerate(w):
                    scores[k] += v
        sig = [1.0 / (1.0 + math.exp(-s)) if s > -500 else 0.0 for s in scores]
        total = sum(sig) or 1.0
        return {c: p / total for c, p in zip(self.classes, sig, strict=True)}

    def tag(self, rows: Sequence[Sequence[str]]) -> list[str]:
        """The most likely tag of each word of a line, an I with no B before it read as B."""
        tags = []
        for feats in rows:
            p = self.proba(feats)
            best = max(self.classes, key=lambda c: p[c])
            if best == "I" and (not tags or tags[-1] == "O"):
                best = "B"
            tags.append(best)
        return tags

    def to_json(self) -> str:
        """The model as the JSON of ``vocab/context_model.json``: a line per feature, keys
        sorted, so that a rebuild gives the same bytes and a diff reads feature by feature."""
        head = {
            "classes": list(self.classes),
            "intercept": list(self.intercept),
            "meta": dict(sorted(self.meta.items())),
        }
        lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
        features = [
            f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(list(v))}"
            for k, v in sorted(self.weights.items())
        ]
        return "{\n" + "\n".join(lines) + '\n"weights": {\n' + ",\n".join(features) + "\n}\n}\n"


def load_model(path: Path = MODEL_PATH) -> ContextModel | None:
    """The shipped model, or None when the file is absent (finding from context is then off)."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        classes = tuple(str(c) for c in data["classes"])
        model = ContextModel(
            classes=classes,
            intercept=tuple(float(v) for v in data["intercept"]),
            weights={str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()},
            meta=dict(data.get("meta", {})),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VocabularyError(
            f"{path}: unreadable context model ({exc}); rebuild it with `matcher model build`"
        ) from exc
    if classes != CLASSES or any(len(w) != len(CLASSES) for w in model.weights.values()):
        raise VocabularyError(f"{path}: the model's classes are not {CLASSES}; rebuild it")
    return model


# -- training data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One tokenised line with a tag per word for each layer (Skill, Knowledge)."""

    tokens: tuple[str, ...]
    skill: tuple[str, ...]
    knowledge: tuple[str, ...]
    doc: str = ""


def read_conll(path: Path) -> list[list[tuple[str, str, str]]]:
    """The sentences of a SkillSpan CoNLL file: (token, skill tag, knowledge tag) rows."""
    sentences: list[list[tuple[str, str, str]]] = []
    current: list[tuple[str, str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            raise VocabularyError(f"{path}: a line without three columns: {line!r}")
        current.append((parts[0], parts[1][:1] or "O", parts[2][:1] or "O"))
    if current:
        sentences.append(current)
    return sentences


def skillspan_sentences(data: Path, source: str, split: str) -> list[Sentence]:
    """SkillSpan's sentences of one source (tech, house) and split, each with its posting's id.

    The CoNLL files hold the postings' sentences in order; ``skillspan_postings.jsonl`` says how
    many sentences each posting has, which gives each sentence its posting.
    """
    folder = data / "skillspan"
    rows = read_conll(folder / f"skillspan_{source}_{split}.conll")
    docs = []
    with (folder / "skillspan_postings.jsonl").open(encoding="utf-8") as f:
        for line in f:
            post = json.loads(line)
            if post["source"] == f"skillspan_{source}" and post["split"] == split:
                docs.append((post["id"], int(post["n_sentences"])))
    owners = [doc for doc, n in docs for _ in range(n)]
    if len(owners) != len(rows):
        # The dev and test files hold empty sentences the postings do not count: their
        # sentences keep no posting, which only excluding the development gold's needs.
        if any(doc in DEV_GOLD_POSTINGS for doc, _ in docs):
            raise VocabularyError(
                f"{folder}: {len(rows)} sentences in the {source} {split} file, but the "
                f"postings count {len(owners)}: cannot tell which to leave out"
            )
        owners = [""] * len(rows)
    return [
        Sentence(
            tuple(t for t, _, _ in s),
            tuple(k for _, k, _ in s),
            tuple(k for _, _, k in s),
            owner,
        )
        for s, owner in zip(rows, owners, strict=True)
    ]


def _doc_texts(data: Path) -> dict[str, str]:
    texts = {}
    for path in (
        data / "job_postings" / "hn_whoishiring_2026.jsonl",
        data / "skillspan" / "skillspan_postings.jsonl",
        data / "resumes_text" / "updated_resume_dataset_dedup.jsonl",
    ):
        with path.open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                texts[row["id"]] = row["text"]
    return texts


def _norm(s: str) -> str:
    return re.sub(r"[\s.\-_/]+", "", s.lower())


def check_set_sentences(data: Path, eval_dir: Path) -> list[Sentence]:
    """The lines of the documents of the trainable check sets, tagged from their gold.

    A gold hard skill's surface forms, found as whole words in a line, are its Knowledge spans
    (the check sets say which skills a document names, not where).
    """
    texts = _doc_texts(data)
    out = []
    for name in TRAIN_CHECK_SETS:
        with (eval_dir / name).open(encoding="utf-8") as f:
            for line in f:
                gold = json.loads(line)
                text = texts.get(gold["id"])
                if text is None or gold["id"] in DEV_GOLD_POSTINGS:
                    continue
                surfaces = {
                    tuple(_norm(w) for w in s.split())
                    for skill in gold["skills"]
                    if skill.get("kind", "hard") == "hard"
                    for s in (skill.get("surface") or [skill["name"]])
                    if s.strip()
                }
                longest = max((len(s) for s in surfaces), default=0)
                for text_line in text.splitlines():
                    words = words_of(text_line)
                    if not words:
                        continue
                    cores = [_norm(w.core) for w in words]
                    tags = ["O"] * len(words)
                    i = 0
                    while i < len(words):
                        for size in range(min(longest, len(words) - i), 0, -1):
                            if tuple(cores[i : i + size]) in surfaces:
                                tags[i] = "B"
                                for j in range(i + 1, i + size):
                                    tags[j] = "I"
                                i += size
                                break
                        else:
                            i += 1
                    out.append(
                        Sentence(
                            tuple(w.text for w in words),
                            ("O",) * len(words),
                            tuple(tags),
                            gold["id"],
                        )
                    )
    return out


def known_flags(finder: SkillFinder, tokens: Sequence[str]) -> list[bool]:
    """Whether each word of a line lies in a mention the finder finds in the joined line."""
    text = " ".join(tokens)
    starts, pos = [], 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
    flags = [False] * len(tokens)
    for found in finder.find(text):
        for m in found.mentions:
            for k, s in enumerate(starts):
                if s < m.end and m.start < s + len(tokens[k]):
                    flags[k] = True
    return flags


# -- training and figures ----------------------------------------------------------------------


def _rows(
    sentences: Sequence[Sentence], finder: SkillFinder, layer: str
) -> Iterator[tuple[list[str], str]]:
    for s in sentences:
        known = known_flags(finder, s.tokens)
        tags = s.knowledge if layer == "knowledge" else s.skill
        yield from zip(line_features(s.tokens, known), tags, strict=True)


def fit(
    sentences: Sequence[Sentence], finder: SkillFinder, layer: str = "knowledge"
) -> ContextModel:
    """Train the model of one layer on tagged sentences (deterministic: liblinear, fixed seed)."""
    import numpy as np
    import sklearn
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    rows = list(_rows(sentences, finder, layer))
    counts = Counter(f for feats, _ in rows for f in set(feats))
    kept = {f for f, n in counts.items() if n >= MIN_FEATURE_COUNT}
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([{f: 1 for f in feats if f in kept} for feats, _ in rows])
    # liblinear takes 32-bit indices only.
    x.indices, x.indptr = x.indices.astype(np.int32), x.indptr.astype(np.int32)
    y = [tag for _, tag in rows]
    # scikit-learn 1.8 names the L1 penalty by l1_ratio and deprecates penalty="l1".
    l1 = {"l1_ratio": 1.0} if _version(sklearn.__version__) >= (1, 8) else {"penalty": "l1"}
    # One binary model per tag (liblinear fits no multinomial model), as ContextModel.proba reads.
    clf = OneVsRestClassifier(
        LogisticRegression(C=C, solver="liblinear", random_state=0, max_iter=1000, **l1)
    )
    clf.fit(x, y)
    fitted = [clf.estimators_[list(clf.classes_).index(c)] for c in CLASSES]
    coef = np.vstack([e.coef_[0] for e in fitted])
    intercept = [e.intercept_[0] for e in fitted]
    names = vectorizer.get_feature_names_out()
    weights = {}
    for j, name in enumerate(names):
        column = tuple(round(float(coef[k, j]), DIGITS) for k in range(len(CLASSES)))
        if any(column):
            weights[str(name)] = tuple(v + 0.0 for v in column)  # no -0.0 in the file
    return ContextModel(
        classes=CLASSES,
        intercept=tuple(round(float(v), DIGITS) + 0.0 for v in intercept),
        weights=weights,
        meta={
            "layer": layer,
            "training_words": len(rows),
            "features_seen": len(kept),
            "C": C,
            "min_feature_count": MIN_FEATURE_COUNT,
        },
    )


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)[:2])


def spans(tags: Sequence[str]) -> set[tuple[int, int]]:
    """The spans (first, last word) of a BIO tag sequence; an I after O opens a span."""
    out, start = set(), None
    for i, tag in enumerate([*tags, "O"]):
        if tag in ("B", "O") and start is not None:
            out.add((start, i - 1))
            start = None
        if tag == "B" or (tag == "I" and start is None):
            start = i
    return out


@dataclass(frozen=True)
class Figures:
    """Strict span precision, recall and F1 of one model on one set."""

    layer: str
    source: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(
    model: ContextModel, sentences: Sequence[Sentence], finder: SkillFinder, layer: str, source: str
) -> Figures:
    """Strict span figures of a model on tagged sentences (a span counts when both ends match)."""
    gold = predicted = correct = 0
    for s in sentences:
        known = known_flags(finder, s.tokens)
        tags = model.tag(line_features(s.tokens, known))
        truth = spans(s.knowledge if layer == "knowledge" else s.skill)
        guess = spans(tags)
        gold += len(truth)
        predicted += len(guess)
        correct += len(truth & guess)
    return Figures(layer, source, gold, predicted, correct)


def training_sentences(data: Path, eval_dir: Path | None) -> list[Sentence]:
    """SkillSpan's train split (both sources, less the development gold's postings) and the
    trainable check sets when ``eval_dir`` holds them."""
    out = [
        s
        for source in ("tech", "house")
        for s in skillspan_sentences(data, source, "train")
        if s.doc not in DEV_GOLD_POSTINGS
    ]
    if eval_dir is not None and all((eval_dir / n).exists() for n in TRAIN_CHECK_SETS):
        out += check_set_sentences(data, eval_dir)
    return out


def train(data: Path, eval_dir: Path | None, finder: SkillFinder) -> ContextModel:
    """The shipped model: the Knowledge layer, trained on :func:`training_sentences`."""
    return fit(training_sentences(data, eval_dir), finder, "knowledge")


def figures(
    model: ContextModel, data: Path, eval_dir: Path | None, finder: SkillFinder
) -> list[Figures]:
    """The model's strict span figures on SkillSpan's test split, Knowledge and Skill layers,
    tech and house apart and together. The Skill layer's model is trained here on the same
    sentences and features (it is not shipped)."""
    skill_train = [
        s
        for source in ("tech", "house")
        for s in skillspan_sentences(data, source, "train")
        if s.doc not in DEV_GOLD_POSTINGS
    ]
    skill_model = fit(skill_train, finder, "skill")
    out = []
    for layer, m in (("knowledge", model), ("skill", skill_model)):
        parts = []
        for source in ("tech", "house"):
            test = skillspan_sentences(data, source, "test")
            parts.append(score(m, test, finder, layer, source))
            out.append(parts[-1])
        out.append(
            Figures(
                layer,
                "both",
                sum(p.gold for p in parts),
                sum(p.predicted for p in parts),
                sum(p.correct for p in parts),
            )
        )
    return out
