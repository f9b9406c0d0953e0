"""Golden cases for the skill finder, kept as data in ``tests/vocab/cases/*.toml``.

Each case is its own test. A case has ``text`` (real text where possible, with ``source``
saying where from), ``expect`` (canonical names that must be found), ``reject`` (names that
must not be found) and an ``explanation`` of why the case exists.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from matcher.finder import default_finder

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list[pytest.param]:
    params = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        with path.open("rb") as f:
            data = tomllib.load(f)
        for i, case in enumerate(data.get("case", []), 1):
            case_id = f"{path.stem}-{case.get('id', i)}"
            params.append(pytest.param(case, id=case_id))
    return params


CASES = _load_cases()


@pytest.mark.parametrize("case", CASES)
def test_finder_agrees_with_golden_case(case: dict) -> None:
    found = {f.name for f in default_finder().find(case["text"])}
    missing = [name for name in case.get("expect", []) if name not in found]
    wrong = [name for name in case.get("reject", []) if name in found]
    assert not missing and not wrong, (
        f"{case.get('explanation', '')}\n  missing: {missing}\n  wrongly found: {wrong}\n  found: {sorted(found)}"
    )


def test_every_golden_case_explains_itself() -> None:
    assert CASES, "no golden cases found"
    for param in CASES:
        case = param.values[0]
        assert case.get("explanation"), f"case {param.id} has no explanation"
        assert case.get("expect") or case.get("reject"), f"case {param.id} asserts nothing"
