"""TF-IDF over the vocabulary's skills, with idf fitted offline on real postings.

Every TF-IDF parameter lives here. A document becomes a vector of (section-weighted) skill
counts in vocabulary order; scikit-learn's :class:`TfidfTransformer` turns counts into
weights with an ``idf_`` loaded from ``vocab/idf.json`` (written by ``matcher corpus build``),
never refitted per request.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from matcher.errors import VocabularyError
from matcher.vocab import VOCAB_DIR, Vocabulary

IDF_PATH = VOCAB_DIR / "idf.json"

# One place for every TF-IDF parameter. Sublinear tf: naming Kafka five times is not five
# times the ask. Smoothed idf: a skill no posting in the corpus named still gets a finite weight.
TFIDF_PARAMS: dict[str, object] = {"sublinear_tf": True, "smooth_idf": True, "use_idf": True}


@dataclass(frozen=True)
class IdfTable:
    """Document frequencies of skills in a posting corpus, and the idf they give."""

    n_documents: int
    document_frequency: Mapping[str, int]
    sources: tuple[str, ...] = ()

    def share(self, name: str) -> float | None:
        """Share of corpus postings that name this skill, or None without a corpus."""
        if not self.n_documents:
            return None
        return self.document_frequency.get(name, 0) / self.n_documents


def load_idf(path: Path = IDF_PATH) -> IdfTable:
    """Load idf figures written by ``matcher corpus build``; an absent file gives a flat idf."""
    if not path.exists():
        return IdfTable(0, {})
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return IdfTable(
            n_documents=int(data["n_documents"]),
            document_frequency={str(k): int(v) for k, v in data["document_frequency"].items()},
            sources=tuple(data.get("sources", ())),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VocabularyError(
            f"{path}: unreadable idf figures ({exc}); rebuild with `matcher corpus build`"
        ) from exc


def make_transformer(vocabulary: Vocabulary, idf: IdfTable, norm: str | None) -> TfidfTransformer:
    """Build a fitted :class:`TfidfTransformer` whose ``idf_`` comes from the corpus figures."""
    transformer = TfidfTransformer(norm=norm, **TFIDF_PARAMS)
    n = idf.n_documents
    df = np.array([idf.document_frequency.get(s.name, 0) for s in vocabulary.skills], dtype=float)
    # The same formula scikit-learn uses when fitting with smooth_idf=True.
    transformer.idf_ = np.log((1 + n) / (1 + df)) + 1.0
    return transformer


def fit_document_frequency(
    vocabulary: Vocabulary, documents: Iterable[Iterable[str]]
) -> tuple[int, dict[str, int]]:
    """Count, for each skill, the documents that name it (documents given as skill names)."""
    index = {s.name: i for i, s in enumerate(vocabulary.skills)}
    rows = []
    for names in documents:
        rows.append(sorted({index[n] for n in names if n in index}))
    matrix = sparse.lil_matrix((len(rows), len(index)), dtype=np.int32)
    for r, cols in enumerate(rows):
        for c in cols:
            matrix[r, c] = 1
    counts = np.asarray(matrix.tocsr().sum(axis=0)).ravel()
    return len(rows), {s.name: int(counts[i]) for i, s in enumerate(vocabulary.skills) if counts[i]}


class SkillVectorizer:
    """Turns skill counts into TF-IDF vectors over one vocabulary (fit offline, transform per call)."""

    def __init__(self, vocabulary: Vocabulary, idf: IdfTable) -> None:
        self.vocabulary = vocabulary
        self.index_ = {s.name: i for i, s in enumerate(vocabulary.skills)}
        self.idf_table_ = idf
        self._weights = make_transformer(vocabulary, idf, norm=None)
        self._unit = make_transformer(vocabulary, idf, norm="l2")
        self.idf_ = self._weights.idf_

    def _counts(self, counts: Mapping[str, float]) -> sparse.csr_matrix:
        cols = [self.index_[name] for name in counts if name in self.index_]
        vals = [float(counts[name]) for name in counts if name in self.index_]
        return sparse.csr_matrix((vals, ([0] * len(cols), cols)), shape=(1, len(self.index_)))

    def weights(self, counts: Mapping[str, float]) -> dict[str, float]:
        """Return the (unnormalised) TF-IDF weight of each counted skill."""
        row = self._weights.transform(self._counts(counts)).tocoo()
        names = [s.name for s in self.vocabulary.skills]
        return {names[c]: float(v) for c, v in zip(row.col, row.data, strict=True) if v > 0}

    def unit_vector(self, counts: Mapping[str, float]) -> sparse.csr_matrix:
        """Return the l2-normalised TF-IDF vector of the counts (all zeros for no skills)."""
        return self._unit.transform(self._counts(counts))

    def unit_vectors(self, many: Sequence[Mapping[str, float]]) -> sparse.csr_matrix:
        """Return l2-normalised TF-IDF rows for many count mappings at once."""
        rows, cols, vals = [], [], []
        for r, counts in enumerate(many):
            for name, value in counts.items():
                c = self.index_.get(name)
                if c is not None:
                    rows.append(r)
                    cols.append(c)
                    vals.append(float(value))
        matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(len(many), len(self.index_)))
        return self._unit.transform(matrix)

    def idf(self, name: str) -> float:
        """The idf of one skill."""
        return float(self.idf_[self.index_[name]])


def cosine(a: sparse.csr_matrix, b: sparse.csr_matrix) -> float:
    """Cosine similarity of two l2-normalised rows; 0.0 when either is empty."""
    return float(a.multiply(b).sum())
