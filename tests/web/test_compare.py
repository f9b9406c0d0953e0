"""The pure helpers behind the compare page and saved titles."""

from __future__ import annotations

from matcher.web.compare import compare_reports, label_for


def _report(score: float, **statuses: str) -> dict:
    rows = {"matched": [], "partial": [], "missing": []}
    for i, (name, status) in enumerate(statuses.items()):
        rows[status].append(
            {
                "name": name,
                "kind": "hard",
                "importance": "high",
                "weight": 0.5 - i / 10,
                "status": status,
            }
        )
    return {"score": score, **rows}


def test_a_skill_that_went_from_missing_to_matched_is_an_improvement():
    diff = compare_reports(
        _report(20, Go="missing", SQL="matched"), _report(60, Go="matched", SQL="matched")
    )
    assert [c.name for c in diff.improved] == ["Go"]
    assert [c.name for c in diff.kept] == ["SQL"]
    assert diff.score_delta == 40


def test_a_skill_that_fell_from_matched_to_partial_is_lost():
    diff = compare_reports(_report(60, SQL="matched"), _report(30, SQL="partial"))
    assert [(c.name, c.before, c.after) for c in diff.lost] == [("SQL", "matched", "partial")]
    assert diff.score_delta == -30


def test_still_missing_skills_are_listed_most_important_first():
    diff = compare_reports(
        _report(0, Go="missing", Rust="missing"), _report(0, Go="missing", Rust="missing")
    )
    assert [c.name for c in diff.still_missing] == ["Go", "Rust"]


def test_a_skill_only_the_new_report_knows_counts_as_missing_before():
    diff = compare_reports(_report(0), _report(50, Kafka="matched"))
    assert [(c.name, c.before) for c in diff.improved] == [("Kafka", "missing")]


def test_a_saved_report_is_titled_by_the_postings_first_line():
    assert label_for("\n\n  Backend Engineer at Acme  \nRequirements") == "Backend Engineer at Acme"


def test_a_long_first_line_is_shortened_with_an_ellipsis():
    label = label_for("x" * 200)
    assert len(label) == 80
    assert label.endswith("…")


def test_an_empty_posting_gets_a_neutral_title():
    assert label_for("   \n ") == "Untitled posting"
