"""Names found from context: golden cases as data, the marker in JSON, matching by name, the model."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from matcher.context import ContextFinder, held_mentions, looks_like_name, name_key
from matcher.contextmodel import MODEL_PATH, load_model
from matcher.engine import get_engine

CASES_FILE = Path(__file__).parent / "cases.toml"


def _cases() -> list[pytest.param]:
    with CASES_FILE.open("rb") as f:
        cases = tomllib.load(f)["case"]
    return [pytest.param(case, id=case["id"]) for case in cases]


CASES = _cases()


@pytest.mark.parametrize("case", CASES)
def test_context_finder_agrees_with_golden_case(case: dict) -> None:
    found = get_engine().skills(case["text"], context=True)
    from_context = {f.name for f in found if f.skill.from_context}
    every = {f.name for f in found}
    missing = [n for n in case.get("expect", []) if n not in from_context]
    missing += [n for n in case.get("found", []) if n not in every]
    wrong = [n for n in case.get("reject", []) if n in every]
    assert not missing and not wrong, (
        f"{case['explanation']}\n  missing: {missing}\n  wrongly found: {wrong}\n"
        f"  found: {sorted(every)}"
    )


def test_every_context_case_explains_itself() -> None:
    for param in CASES:
        case = param.values[0]
        assert case.get("explanation"), param.id
        assert case.get("expect") or case.get("found") or case.get("reject"), param.id


def test_the_shipped_model_loads_and_has_its_three_tags() -> None:
    model = load_model()
    assert model is not None, f"{MODEL_PATH} is missing: run `make model`"
    assert model.classes == ("B", "I", "O")
    assert model.meta["layer"] == "knowledge"


def test_a_name_from_context_is_marked_in_the_skills_json() -> None:
    found = get_engine().skills("Tools: Jenkins, LangSmith", context=True)
    assert [f.name for f in found] == ["Jenkins", "LangSmith"]  # by first mention
    shapes = {f.name: f.to_dict() for f in found}
    assert shapes["LangSmith"]["from_context"] is True
    assert shapes["Jenkins"]["from_context"] is False
    assert shapes["LangSmith"]["kind"] == "hard"
    assert shapes["LangSmith"]["mentions"][0]["text"] == "LangSmith"


def test_without_a_model_nothing_is_found_from_context() -> None:
    engine = get_engine()
    finder = ContextFinder(engine.vocabulary, None)
    text = "Tools: Jenkins, LangSmith"
    assert finder.find(text, engine.finder.find(text)) == []


def test_a_form_the_vocabulary_holds_is_never_found_from_context() -> None:
    # "Slack" is an ambiguous form of the vocabulary: its own rules decide it, not the model.
    found = get_engine().skills("We chat on Slack every day.", context=True)
    assert not any(f.skill.from_context for f in found)


def test_the_resume_meets_a_name_from_context_by_naming_it_in_any_case() -> None:
    posting = "Requirements:\n- Experience with Python and LangSmith\n"
    report = get_engine().match("I trace agents with langsmith and write Python.", posting)
    rows = {r.name: r for r in report.matched}
    assert "LangSmith" in rows and rows["LangSmith"].from_context
    assert not rows["Python"].from_context
    data = report.to_dict()
    assert any(r["name"] == "LangSmith" and r["from_context"] for r in data["matched"])


def test_a_resume_without_the_name_misses_it() -> None:
    posting = "Requirements:\n- Experience with Python and LangSmith\n"
    report = get_engine().match("I write Python.", posting)
    assert [r.name for r in report.missing if r.from_context] == ["LangSmith"]
    assert not any("rare across postings" in why for r in report.missing for why in r.reasons)


def test_a_ranking_counts_names_from_context_as_the_report_does() -> None:
    engine = get_engine()
    posting = "Requirements:\n- Experience with Python and LangSmith\n"
    resumes = [("a", "Python and LangSmith"), ("b", "Python only")]
    for ranked in engine.rank(posting, resumes, processes=1):
        assert ranked.report.score == ranked.score
    assert [r.label for r in engine.rank(posting, resumes, processes=1)] == ["a", "b"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("LangSmith", True),
        ("Infiniband", True),
        ("ORC", True),
        ("GPT-5.2", True),
        ("Monday", False),
        ("London", False),
        ("US", False),
        ("APIs", False),
        ("real-time", False),
        ("AI-powered", False),
        ("<ORGANIZATION>", False),
        ("2024", False),
    ],
)
def test_what_looks_like_a_name(word: str, expected: bool) -> None:
    assert looks_like_name(word) is expected


def test_writings_of_one_name_share_a_key() -> None:
    assert name_key("LangSmith") == name_key("langsmith") == name_key("Lang-Smith")


def test_held_names_are_found_on_word_boundaries_only() -> None:
    skill = get_engine().skills("Tools: Jenkins, LangSmith", context=True)[-1].skill
    assert held_mentions("LangSmithy and xLangSmith", [skill]) == []
    (hit,) = held_mentions("We use langsmith.", [skill])
    assert hit.mentions[0].text == "langsmith"


@pytest.mark.shared_data
def test_the_committed_model_is_reproduced_by_model_build(
    shared_data: Path, tmp_path: Path
) -> None:
    from matcher.cli import main

    out = tmp_path / "model.json"
    assert (
        main(["model", "build", "--data", str(shared_data), "--out", str(out), "--no-figures"]) == 0
    )
    assert out.read_text(encoding="utf-8") == MODEL_PATH.read_text(encoding="utf-8"), (
        "vocab/context_model.json is stale: run `make model`"
    )
    assert json.loads(out.read_text(encoding="utf-8"))["classes"] == ["B", "I", "O"]


@pytest.mark.parametrize(
    ("text", "name", "category"),
    [
        ("Databases: PostgreSQL, ImmuDB, Redis", "ImmuDB", "database"),
        ("Experience with Python and LangSmith", "LangSmith", "library"),
        ("Stack: Kafka, RabbitMQ, ZeroQueue, NATS", "ZeroQueue", "messaging"),
    ],
)
def test_the_category_of_a_name_from_context(text: str, name: str, category: str) -> None:
    found = {f.name: f for f in get_engine().skills(text, context=True)}
    assert found[name].skill.from_context
    assert found[name].skill.category == category
