"""The gap report: weights by section, partial credit, either-or groups, degenerate input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.engine import Engine
from matcher.vocab import load_vocabulary

VOCAB = """
[[skill]]
name = "Python"
category = "language"
[[skill]]
name = "Java"
category = "language"
[[skill]]
name = "Go"
category = "language"
aliases = ["Golang"]
[[skill]]
name = "Rust"
category = "language"
[[skill]]
name = "SQL"
category = "language"
[[skill]]
name = "Django"
category = "framework"
implies = ["Python"]
[[skill]]
name = "PostgreSQL"
category = "database"
aliases = ["Postgres"]
implies = ["SQL"]
[[skill]]
name = "MySQL"
category = "database"
implies = ["SQL"]
[[skill]]
name = "Kafka"
category = "messaging"
[[skill]]
name = "Kubernetes"
category = "devops"
[[skill]]
name = "Communication"
category = "soft"
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    root = tmp_path_factory.mktemp("engine")
    (root / "s.toml").write_text(VOCAB, encoding="utf-8")
    (root / "idf.json").write_text(
        json.dumps(
            {
                "n_documents": 100,
                "document_frequency": {"Python": 50, "Kafka": 2, "Communication": 40},
            }
        ),
        encoding="utf-8",
    )
    vocab = load_vocabulary([root / "s.toml"], blocker_files=())
    return Engine(vocab, idf_path=root / "idf.json", market_path=root / "absent.json")


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {r["name"]: r for r in rows}


def test_a_resume_with_every_asked_skill_scores_100(engine: Engine) -> None:
    report = engine.match("Python, Kafka", "Requirements: Python and Kafka").to_dict()
    assert report["score"] == 100.0
    assert report["similarity"] == pytest.approx(1.0)
    assert report["missing"] == []


def test_missing_skills_are_ordered_by_weight_with_reasons(engine: Engine) -> None:
    posting = (
        "Requirements:\n- Kafka, Kafka streams on Kafka\n- Python\nNice to have:\n- Kubernetes"
    )
    report = engine.match("I write Java.", posting).to_dict()
    missing = [r["name"] for r in report["missing"]]
    assert missing == ["Kafka", "Python", "Kubernetes"]
    kafka = report["missing"][0]
    assert "required: under Requirements" in kafka["reasons"]
    assert "named 3 times" in kafka["reasons"]
    assert by_name(report["missing"])["Kubernetes"]["section"] == "nice_to_have"
    assert report["score"] == 0.0


def test_a_rare_skill_outweighs_a_common_one_in_the_same_section(engine: Engine) -> None:
    report = engine.match("", "Requirements: Python, Kafka").to_dict()
    rows = by_name(report["missing"])
    assert rows["Kafka"]["weight"] > rows["Python"]["weight"]
    assert any("rare across postings" in r for r in rows["Kafka"]["reasons"])


def test_an_implied_skill_earns_partial_credit_and_says_why(engine: Engine) -> None:
    report = engine.match("Built services with Django.", "Requirements: Python").to_dict()
    (row,) = report["partial"]
    assert row["name"] == "Python"
    assert row["implied_by"] == "Django"
    assert row["credit"] == 0.5
    assert "Django" in row["resume_snippet"]
    assert report["score"] == 50.0


def test_an_either_or_group_is_one_requirement_met_by_any_member(engine: Engine) -> None:
    report = engine.match("Rust all day", "Requirements: Java, Go or Rust").to_dict()
    assert report["score"] == 100.0
    (group,) = report["groups"]
    assert group["members"] == ["Java", "Go", "Rust"]
    assert group["met_by"] == "Rust"
    assert report["counts"]["requirements"] == 1


def test_an_and_list_is_not_an_either_or_group(engine: Engine) -> None:
    report = engine.match("Rust all day", "Requirements: Java, Go and Rust").to_dict()
    assert report["groups"] == []
    assert report["counts"]["requirements"] == 3


def test_skills_named_only_in_boilerplate_are_not_requirements(engine: Engine) -> None:
    posting = "Requirements: Python\n\nBenefits\n- Free Kubernetes training"
    report = engine.match("Python", posting).to_dict()
    assert report["score"] == 100.0
    assert "Kubernetes" not in {r["name"] for r in report["missing"]}


def test_matched_rows_carry_snippets_and_counts_from_both_documents(engine: Engine) -> None:
    report = engine.match("Ran Postgres clusters for years.", "Requirements: PostgreSQL").to_dict()
    (row,) = report["matched"]
    assert "PostgreSQL" in row["posting_snippet"]
    assert "Postgres" in row["resume_snippet"]
    assert (row["posting_count"], row["resume_count"]) == (1, 1)


def test_resume_skills_beyond_the_posting_are_listed_as_extra(engine: Engine) -> None:
    report = engine.match("Python, Rust and Kafka", "Requirements: Python").to_dict()
    assert [e["name"] for e in report["extra"]] == ["Kafka", "Rust"]


def test_knockout_lines_are_surfaced_and_not_scored(engine: Engine) -> None:
    posting = "Requirements: Python. 5+ years of experience. Must be authorized to work in the US."
    report = engine.match("Python", posting).to_dict()
    assert {k["kind"] for k in report["knockouts"]} == {"experience", "work_authorization"}
    assert report["score"] == 100.0


@pytest.mark.parametrize(
    ("resume", "posting"), [("", ""), ("Python", ""), ("", "We are nice people.")]
)
def test_empty_or_skill_less_documents_give_a_defined_zero_report(
    engine: Engine, resume: str, posting: str
) -> None:
    report = engine.match(resume, posting).to_dict()
    assert report["score"] == 0.0
    assert report["similarity"] == 0.0
    assert report["matched"] == report["missing"] == []


def test_ranking_puts_the_best_resume_first_and_breaks_ties_by_label(engine: Engine) -> None:
    posting = "Requirements: Python, Kafka, PostgreSQL"
    ranked = engine.rank(
        posting, [("b", "Python"), ("a", "Python"), ("c", "Python Kafka Postgres")]
    )
    assert [r.label for r in ranked] == ["c", "a", "b"]
    assert ranked[0].score == 100.0
    assert ranked[1].top_gaps


def test_reports_are_deterministic(engine: Engine) -> None:
    posting = "Requirements: Python, Kafka, Go or Rust, Kubernetes"
    first = engine.match("Go and Django", posting).to_dict()
    assert all(engine.match("Go and Django", posting).to_dict() == first for _ in range(3))


def test_the_report_serialises_to_json(engine: Engine, tmp_path: Path) -> None:
    report = engine.match("Django", "Requirements: Python or Java, Kafka").to_dict()
    assert json.loads(json.dumps(report)) == report


def test_a_list_of_examples_is_one_requirement_met_by_any_member(engine: Engine) -> None:
    posting = "Requirements: server-side languages such as Python, Java, and Go."
    report = engine.match("I write Go.", posting).to_dict()
    assert report["counts"]["requirements"] == 1
    assert report["score"] == 100.0
    assert report["groups"][0]["members"] == ["Python", "Java", "Go"]


def test_profile_similarity_compares_the_mix_of_skill_categories(engine: Engine) -> None:
    posting = "Requirements: Kafka and PostgreSQL"
    close = engine.match("MySQL and Java", posting)
    far = engine.match("Communication and teamwork", posting)
    assert close.score == far.score == 0.0
    assert close.profile_similarity > far.profile_similarity == 0.0


def test_equal_scores_rank_by_profile_closeness_before_the_label(engine: Engine) -> None:
    posting = "Requirements: Kafka and PostgreSQL"
    ranked = engine.rank(posting, [("a-soft", "Communication"), ("b-tech", "MySQL and Java")])
    assert [r.label for r in ranked] == ["b-tech", "a-soft"]


def test_each_row_says_where_the_posting_names_it(engine: Engine) -> None:
    posting = "Requirements: Postgres and Kafka. Kafka daily."
    report = engine.match("Python", posting).to_dict()
    rows = {r["name"]: r for r in report["missing"]}
    kafka = rows["Kafka"]["mentions"]
    assert [m["text"] for m in kafka] == ["Kafka", "Kafka"]
    assert all(posting[m["start"] : m["end"]] == m["text"] for m in kafka)
    assert [m["text"] for m in rows["PostgreSQL"]["mentions"]] == ["Postgres"]
