"""TF-IDF over the vocabulary's skills, with idf fitted offline on real postings.

Every TF-IDF parameter lives here. A document becomes a vector of (section-weighted) skill
counts in vocabulary order; scikit-learn's :class:`TfidfTransformer` turns counts into
weights with an ``idf_`` loaded from ``vocab/idf.json`` (written by ``matcher corpus build``),
never refitted per request.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from matcher.errors import VocabularyError
from matcher.vocab import VOCAB_DIR, Vocabulary

IDF_PATH = VOCAB_DIR / "idf.json"

# One place for every TF-IDF parameter. Sublinear tf: naming Kafka five times is not five
# times the ask. Smoothed idf: a skill no posting in the corpus named still gets a finite weight.
TFIDF_PARAMS: dict[str, object] = {"sublinear_tf": True, "smooth_idf": True, "use_idf": True}


class SparseRow(NamedTuple):
    """One TF-IDF row: the vocabulary columns in ascending order and their values."""

    cols: np.ndarray
    data: np.ndarray


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
        # The fitted transformer holds the idf; rows are computed with its arithmetic (_sparse_row).
        self.idf_ = make_transformer(vocabulary, idf, norm=None).idf_
        self._names = [s.name for s in vocabulary.skills]

    def _sparse_row(self, counts: Mapping[str, float], norm: bool) -> SparseRow:
        """TF-IDF of one count mapping as sorted (columns, values), without scikit-learn's checks.

        The same arithmetic, in the same order, as ``TfidfTransformer.transform`` followed by
        l2 normalisation (bit-for-bit, as tests/test_scoring.py checks), at a
        small fraction of the cost for one short row: the transformer validates its input on
        every call, which dominated ranking thousands of resumes.
        """
        pairs = sorted(
            (c, float(value))
            for name, value in counts.items()
            if (c := self.index_.get(name)) is not None
        )
        cols = np.fromiter((c for c, _ in pairs), dtype=np.intp, count=len(pairs))
        data = np.fromiter((v for _, v in pairs), dtype=np.float64, count=len(pairs))
        np.log(data, data)  # sublinear tf: 1 + log(tf)
        data += 1.0
        data *= self.idf_[cols]
        if norm:
            # A sequential sum of squares, as sklearn's inplace_csr_row_normalize_l2 does.
            total = 0.0
            for x in data.tolist():
                total += x * x
            if total != 0.0:
                data /= math.sqrt(total)
        return SparseRow(cols, data)

    def weights(self, counts: Mapping[str, float]) -> dict[str, float]:
        """Return the (unnormalised) TF-IDF weight of each counted skill."""
        row = self._sparse_row(counts, norm=False)
        names = self._names
        return {
            names[c]: v for c, v in zip(row.cols.tolist(), row.data.tolist(), strict=True) if v > 0
        }

    def unit_row(self, counts: Mapping[str, float]) -> SparseRow:
        """The l2-normalised TF-IDF vector of the counts as sorted (columns, values)."""
        return self._sparse_row(counts, norm=True)

    def idf(self, name: str) -> float:
        """The idf of one skill."""
        return float(self.idf_[self.index_[name]])

    def rarity(self, name: str) -> float:
        """Where a skill's idf lies between the vocabulary's commonest and rarest, in [0, 1]."""
        c = self.index_.get(name)
        if c is None:
            return 0.5
        low, high = self._idf_range
        return (float(self.idf_[c]) - low) / (high - low) if high > low else 0.5

    @cached_property
    def _idf_range(self) -> tuple[float, float]:
        return float(self.idf_.min()), float(self.idf_.max())

    def sublinear(self, counts: Mapping[str, float]) -> dict[str, float]:
        """The unnormalised TF-IDF weight of each counted skill, in plain Python floats.

        The same formula as :meth:`weights` (``(1 + log tf) * idf``), for the per-resume
        arithmetic of a ranking, where numpy's per-call overhead outweighs a short row.
        """
        idf = self.idf_by_name
        return {n: (1.0 + math.log(c)) * idf[n] for n, c in counts.items() if n in idf and c > 0}

    @cached_property
    def idf_by_name(self) -> dict[str, float]:
        """Every skill's idf by name, as plain floats (for per-resume arithmetic in Python)."""
        return dict(zip(self._names, self.idf_.tolist(), strict=True))
