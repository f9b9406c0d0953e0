"""Ranking keeps only its figures, in one process or several, and builds reports on demand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.assess import counts_need_mentions
from matcher.engine import Engine, get_engine

POSTING = """Senior backend engineer
Requirements: Python, Kafka, PostgreSQL, Go or Rust, Kubernetes, AWS, Docker, Terraform.
Nice to have: React, TypeScript, GraphQL.
"""
RESUMES = [
    "Python and Django developer; PostgreSQL, Docker and AWS (EC2, S3) for five years.",
    "Go and Rust services on Kubernetes with Kafka; Terraform for AWS.",
    "Communication, teamwork and leadership.",
    "Java 8, Spring Boot, MySQL, Jenkins; some Python3 scripting and HTML5 pages.",
    "React, TypeScript and GraphQL front ends; Node.js and C++ before that.",
    "",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return get_engine()


def _labelled(n: int) -> list[tuple[str, str]]:
    return [(f"r{i:03d}", f"Candidate {i}\n{RESUMES[i % len(RESUMES)]}") for i in range(n)]


def test_ranking_figures_equal_the_full_reports(engine: Engine) -> None:
    for ranked in engine.rank(POSTING, _labelled(12)):
        report = engine.match(dict(_labelled(12))[ranked.label], POSTING)
        assert ranked.score == report.score
        assert ranked.similarity == report.similarity
        assert ranked.profile_similarity == report.profile_similarity
        assert ranked.counts == report.counts
        assert ranked.top_gaps == tuple(r.name for r in report.missing[:5])
        assert ranked.report.to_dict() == report.to_dict()


def test_several_processes_rank_exactly_as_one(engine: Engine) -> None:
    resumes = _labelled(40)
    one = engine.rank(POSTING, resumes, processes=1)
    two = engine.rank(POSTING, resumes, processes=2)
    assert [r.to_dict(i) for i, r in enumerate(two)] == [r.to_dict(i) for i, r in enumerate(one)]
    # A report built after a parallel ranking re-reads the text and gives the same report.
    assert two[3].report.to_dict() == one[3].report.to_dict()


def test_rank_postings_keeps_the_figures_of_the_reports(engine: Engine) -> None:
    resume = RESUMES[1]
    ranked = engine.rank_postings(resume, [("a", POSTING), ("b", "Requirements: Java, MySQL")])
    for r in ranked:
        posting = POSTING if r.label == "a" else "Requirements: Java, MySQL"
        assert r.report.to_dict() == engine.match(resume, posting).to_dict()
        assert r.to_dict(1)["matched"] == r.report.counts["matched"]


def test_a_resumes_job_titles_count_in_its_ranking_as_in_its_report(engine: Engine) -> None:
    posting = "Acme | QA Engineer | Remote\n\nRequirements: Selenium and Python.\n"
    resumes = [
        ("titled", "Jane Doe\nSenior QA Engineer, Initech\nSelenium"),
        # Names the asked discipline itself, and holds a title of another one.
        ("both", "John Doe\nSenior DevOps Engineer, Initech\nQuality assurance with Selenium"),
        ("bare", "Selenium"),
    ]
    for ranked in engine.rank(posting, resumes):
        report = engine.match(dict(resumes)[ranked.label], posting)
        assert (ranked.score, ranked.similarity, ranked.counts) == (
            report.score,
            report.similarity,
            report.counts,
        )
    titled = next(r for r in engine.rank(posting, resumes) if r.label == "titled")
    assert "Quality assurance" not in titled.top_gaps


def _jsonl_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


# Real postings that ask soft skills a resume may show by what it did (5, 103, 144), name
# skills from context that a resume meets by name (17, 103, 214) or list several roles (144, 214).
REAL_POSTINGS = (5, 17, 103, 144, 214)


@pytest.mark.parametrize("index", REAL_POSTINGS)
def test_ranking_figures_equal_the_full_reports_for_real_resumes(
    engine: Engine, shared_data: Path, index: int
) -> None:
    posting = _jsonl_texts(shared_data / "job_postings" / "hn_whoishiring_2026.jsonl")[index]
    texts = _jsonl_texts(shared_data / "resumes_text" / "updated_resume_dataset_dedup.jsonl")
    # Some real resumes use a soft skill's word in a technical phrase ("data communication"):
    # their counts come from a full reading, the rest from counting alone.
    counts = engine.finder.count_many(texts)
    assert sum(counts_need_mentions(t, c) for t, c in zip(texts, counts, strict=True)) >= 3
    for ranked in engine.rank(
        posting, [(f"r{i:03d}", t) for i, t in enumerate(texts)], processes=1
    ):
        report = ranked.report
        assert (ranked.score, ranked.similarity, ranked.profile_similarity) == (
            report.score,
            report.similarity,
            report.profile_similarity,
        ), ranked.label
        assert ranked.counts == report.counts, ranked.label
        assert ranked.top_gaps == tuple(r.name for r in report.missing[:5]), ranked.label


def test_a_fully_read_resume_meets_the_postings_names_from_context(
    engine: Engine, shared_data: Path
) -> None:
    posting = _jsonl_texts(shared_data / "job_postings" / "hn_whoishiring_2026.jsonl")[264]
    resume = _jsonl_texts(shared_data / "resumes_text" / "updated_resume_dataset_dedup.jsonl")[3]
    (ranked,) = engine.rank(posting, [("r003", resume)])
    assert (ranked.score, ranked.counts) == (ranked.report.score, ranked.report.counts)
