"""Ranking checks on real files, each beside a plain full-text TF-IDF baseline."""

from __future__ import annotations

from pathlib import Path

from matcher.evaluate import it_resume_auc, own_role_ranking


def test_each_sample_job_description_ranks_its_own_role_resume_first(shared_data: Path) -> None:
    rows = own_role_ranking(shared_data)
    assert len(rows) == 4
    wrong = [r for r in rows if r["ours_top"] != r["own_role"]]
    assert not wrong, wrong


def test_it_resumes_rank_above_non_it_ones_at_least_as_well_as_the_baseline(
    shared_data: Path,
) -> None:
    auc = it_resume_auc(shared_data)
    assert auc["postings"] >= 30
    assert auc["ours"] >= auc["baseline"], auc
    assert auc["ours"] >= 0.65, auc
