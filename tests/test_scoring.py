"""TF-IDF over skills: idf from corpus figures, identical to scikit-learn's own fit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfTransformer

from matcher.errors import VocabularyError
from matcher.scoring import (
    TFIDF_PARAMS,
    IdfTable,
    SkillVectorizer,
    fit_document_frequency,
    load_idf,
)
from matcher.vocab import load_vocabulary


@pytest.fixture()
def vocab(tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text(
        'category = "language"\n'
        + "".join(f'[[skill]]\nname = "{n}"\n' for n in ["Java", "Kafka", "Python"]),
        encoding="utf-8",
    )
    return load_vocabulary([path], blocker_files=())


def test_idf_from_document_frequencies_equals_scikit_learns_fit(vocab) -> None:
    docs = [["Python"], ["Python", "Java"], ["Python"], ["Kafka"]]
    n, df = fit_document_frequency(vocab, docs)
    ours = SkillVectorizer(vocab, IdfTable(n, df)).idf_
    counts = np.array([[int(s.name in d) for s in vocab.skills] for d in docs])
    theirs = TfidfTransformer(**TFIDF_PARAMS).fit(counts).idf_
    assert np.allclose(ours, theirs)


def test_a_rare_skill_weighs_more_than_a_common_one(vocab) -> None:
    vec = SkillVectorizer(vocab, IdfTable(100, {"Python": 60, "Kafka": 3}))
    w = vec.weights({"Python": 1, "Kafka": 1})
    assert w["Kafka"] > w["Python"]


def test_repeats_count_sublinearly(vocab) -> None:
    vec = SkillVectorizer(vocab, IdfTable(10, {}))
    w = vec.weights({"Python": 5, "Java": 1})
    assert w["Java"] < w["Python"] < 5 * w["Java"]


def test_rows_equal_scikit_learns_transform_bit_for_bit(vocab) -> None:
    vec = SkillVectorizer(vocab, IdfTable(100, {"Python": 60, "Kafka": 3, "Java": 20}))
    counts = {"Python": 3, "Kafka": 1, "Java": 7}
    matrix = np.array([[counts.get(s.name, 0) for s in vocab.skills]], dtype=float)
    for norm in ("l2", None):
        theirs = TfidfTransformer(norm=norm, **TFIDF_PARAMS)
        theirs.idf_ = vec.idf_
        expected = theirs.transform(matrix).toarray().ravel()
        row = vec.unit_row(counts) if norm else vec._sparse_row(counts, norm=False)
        ours = np.zeros(len(vocab.skills))
        ours[row.cols] = row.data
        assert ours.tolist() == expected.tolist()


def test_missing_idf_file_gives_a_flat_table_and_a_broken_one_a_clear_error(tmp_path: Path) -> None:
    assert load_idf(tmp_path / "absent.json").n_documents == 0
    bad = tmp_path / "idf.json"
    bad.write_text(json.dumps({"n_documents": "x"}), encoding="utf-8")
    with pytest.raises(VocabularyError, match="rebuild with `matcher corpus build`"):
        load_idf(bad)
