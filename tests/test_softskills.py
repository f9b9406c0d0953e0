"""Soft skills where they count: the rules of ``vocab/soft_reading.toml`` and golden cases.

The golden cases (``tests/cases/soft_skills.toml``) each run through the engine and through
``matcher match --json``; every rule's own example is checked to fire it.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from matcher.cli import main
from matcher.engine import get_engine
from matcher.errors import VocabularyError
from matcher.evaluate import soft_asks_figures
from matcher.softskills import SoftReading, default_soft_reading, load_soft_reading, lowered

CASES_PATH = Path(__file__).parent / "cases" / "soft_skills.toml"
EXPECTATIONS = ("asked", "not_asked", "context", "met", "missing")


def _load_cases() -> list[pytest.param]:
    with CASES_PATH.open("rb") as f:
        cases = tomllib.load(f)["case"]
    return [pytest.param(case, id=case["id"]) for case in cases]


CASES = _load_cases()


def _disagreements(case: dict, report: dict) -> list[str]:
    rows = {
        r["name"]: status for status in ("matched", "partial", "missing") for r in report[status]
    }
    wrong = [f"not a row: {n}" for n in case.get("asked", []) if n not in rows]
    wrong += [f"a row ({rows[n]}): {n}" for n in case.get("not_asked", []) if n in rows]
    wrong += [f"not context: {n}" for n in case.get("context", []) if n not in report["context"]]
    wrong += [
        f"{rows.get(n)}, not met: {n}" for n in case.get("met", []) if rows.get(n) != "matched"
    ]
    wrong += [
        f"{rows.get(n)}, not missing: {n}"
        for n in case.get("missing", [])
        if rows.get(n) != "missing"
    ]
    return wrong


@pytest.mark.parametrize("case", CASES)
def test_the_engine_agrees_with_golden_case(case: dict) -> None:
    report = get_engine().match(case["resume"], case["posting"]).to_dict()
    wrong = _disagreements(case, report)
    assert not wrong, f"{case['explanation']}\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("case", CASES)
def test_matcher_match_json_agrees_with_golden_case(
    case: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    resume, posting = tmp_path / "resume.txt", tmp_path / "posting.txt"
    resume.write_text(case["resume"], encoding="utf-8")
    posting.write_text(case["posting"], encoding="utf-8")
    assert main(["match", str(resume), str(posting), "--json"]) == 0
    wrong = _disagreements(case, json.loads(capsys.readouterr().out))
    assert not wrong, f"{case['explanation']}\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("case", CASES)
def test_a_ranking_gives_the_figures_of_the_full_report(case: dict) -> None:
    engine = get_engine()
    report = engine.match(case["resume"], case["posting"])
    [ranked] = engine.rank(case["posting"], [("resume", case["resume"])])
    assert (ranked.score, ranked.similarity) == (report.score, report.similarity)


def test_every_golden_case_explains_itself_and_asserts_something() -> None:
    for param in CASES:
        case = param.values[0]
        assert case.get("explanation"), param.id
        assert any(case.get(key) for key in EXPECTATIONS), param.id
        assert set(case) <= {"id", "source", "posting", "resume", "explanation", *EXPECTATIONS}


def test_both_sides_have_golden_cases() -> None:
    cases = [p.values[0] for p in CASES]
    assert sum(bool(c.get("not_asked")) for c in cases) >= 5
    assert sum(bool(c.get("asked")) for c in cases) >= 5
    assert sum(bool(c.get("met")) for c in cases) >= 5
    assert sum(bool(c.get("missing")) for c in cases) >= 5


def test_every_rule_names_soft_skills_of_the_vocabulary() -> None:
    vocabulary = get_engine().vocabulary
    for name in default_soft_reading().skills:
        skill = vocabulary.get(name)
        assert skill is not None and skill.name == name, f"unknown skill {name!r}"
        assert skill.kind == "soft", f"{name} is not a soft skill"


def test_every_technical_rule_fires_on_its_example() -> None:
    reading = default_soft_reading()
    for rule in reading.technical:
        assert rule.pattern.search(lowered(rule.example)), rule.reason


def test_every_match_of_a_rule_with_stems_on_its_example_holds_one() -> None:
    reading = default_soft_reading()
    for rule in (*reading.technical, *reading.shown):
        for m in rule.pattern.finditer(lowered(rule.example)):
            assert not rule.stems or any(stem in m.group() for stem in rule.stems), rule.reason


def _technical_texts(reading: SoftReading) -> list[str]:
    examples = [rule.example for rule in reading.technical]
    return [
        *examples,
        " ".join(examples),
        "Strong communication and collaboration; negotiation with vendors.",
        "collaborative",
        "",
    ]


def test_any_technical_tells_whether_the_technical_rules_find_a_span() -> None:
    reading = default_soft_reading()
    named = sorted({name for rule in reading.technical for name in rule.skills})
    for text in _technical_texts(reading):
        low = lowered(text)
        for skills in [named, *([name] for name in named), []]:
            spans = reading.technical_spans(low, skills)
            assert reading.any_technical(low, skills) == any(spans.values()), (text, skills)


def test_technical_rules_that_cannot_be_joined_are_run_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    rule = "[[technical]]\nskills = ['{}']\npattern = '''{}'''\nreason = 'r'\nexample = 'e'\n"
    path.write_text(
        rule.format("Communication", r"\b(data|serial) communication\b")
        + rule.format("Collaboration", r"\bcollaborative filtering\b")
    )
    reading = load_soft_reading(path)
    skills = ["Communication", "Collaboration"]
    assert reading.any_technical("serial communication", skills)
    assert reading.any_technical("collaborative filtering", skills)
    assert not reading.any_technical("communication and collaboration", skills)
    assert reading._joined_technical((0, 1)) is None


def test_every_voice_rule_is_the_nearest_marker_before_a_soft_mention_of_its_example() -> None:
    engine, reading = get_engine(), default_soft_reading()
    for rule in reading.voices:
        text = rule.example
        nearest = set()
        for f in engine.skills(text):
            for m in f.mentions if f.skill.kind == "soft" else ():
                markers = list(reading.markers.finditer(lowered(text[: m.start])))
                if markers and markers[-1].lastgroup:
                    nearest.add(int(markers[-1].lastgroup[1:]))
        assert reading.voices.index(rule) in nearest, rule.reason


def test_every_described_and_not_asked_rule_reads_a_soft_mention_of_its_example() -> None:
    engine, reading = get_engine(), default_soft_reading()
    for rule in (*reading.described, *reading.not_asked):
        text = rule.example
        mentions = [
            (f.name, m) for f in engine.skills(text) if f.skill.kind == "soft" for m in f.mentions
        ]
        low = lowered(text)
        assert any(rule.applies(name, low, 0, len(text), m) for name, m in mentions), rule.reason


def test_every_shown_rule_demonstrates_its_skills_in_its_example() -> None:
    reading = default_soft_reading()
    for rule in reading.shown:
        shown = reading.demonstrations(rule.example)
        assert all(name in shown for name in rule.skills), rule.reason


def test_a_rule_without_a_reason_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[[shown]]\nskills = ['Leadership']\npattern = 'led'\nexample = 'led'\n")
    with pytest.raises(VocabularyError, match=r"\[\[shown\]\] 1: every rule needs a 'reason'"):
        load_soft_reading(path)


def test_a_pattern_that_does_not_compile_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[[technical]]\nskills = ['X']\npattern = '(('\nreason = 'r'\nexample = 'e'\n")
    with pytest.raises(VocabularyError, match="not a valid regular expression"):
        load_soft_reading(path)


def test_an_unknown_voice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[[voice]]\nvoice = 'hr'\npattern = 'we'\nreason = 'r'\nexample = 'e'\n")
    with pytest.raises(VocabularyError, match="'voice' must be one of"):
        load_soft_reading(path)


def test_an_empty_rules_file_reads_nothing_as_asked_or_shown(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("")
    reading = load_soft_reading(path)
    assert reading.voice("we are a collaborative team", 0, 10) is None
    assert reading.demonstrations("Led a team of 5") == {}


def test_a_demonstration_does_not_stand_in_for_a_skill_the_resume_names() -> None:
    report = get_engine().match(
        "Communication skills. Presented the plan to stakeholders.",
        "Requirements: communication skills, Go",
    )
    [row] = [r for r in report.matched if r.name == "Communication"]
    assert (row.resume_count, row.resume_snippet) == (
        1,
        "Communication skills. Presented the plan to stakeholders.",
    )


def test_demonstrations_are_read_only_for_the_skills_a_posting_asks() -> None:
    report = get_engine().match(
        "Partnered with product and design on the Python API.", "Requirements: Python"
    )
    assert "Collaboration" not in {e["name"] for e in report.extra}


def test_a_reverse_ranking_gives_the_figures_of_the_full_report() -> None:
    engine = get_engine()
    resume = "Led a team of 5 engineers. Partnered with product and design. B.E. Electronics & Communication."
    postings = [(c["id"], c["posting"]) for c in (p.values[0] for p in CASES)]
    for ranked in engine.rank_postings(resume, postings):
        report = engine.match(resume, dict(postings)[ranked.label])
        assert (ranked.score, ranked.similarity) == (report.score, report.similarity), ranked.label


def test_a_demonstration_is_quoted_as_the_resume_evidence() -> None:
    report = get_engine().match("Led a team of 5 engineers.", "Requirements: leadership, Go")
    [row] = [r for r in report.matched if r.name == "Leadership"]
    assert row.resume_snippet is not None and "Led a team of 5" in row.resume_snippet


def test_postings_soft_skills_are_read_as_asked_as_a_recruiter_labels_them(
    shared_data: Path,
) -> None:
    figures = soft_asks_figures(data=shared_data)
    soft, every = figures["soft reading"], figures["asking section"]
    assert soft["f1"] >= 0.85 and soft["accuracy"] >= 0.8 and soft["recall"] >= 0.9, figures
    assert soft["precision"] > every["precision"] + 0.15, figures
