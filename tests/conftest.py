"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
SHARED_DATA = REPO_DIR.parent / "shared" / "data"
SHARED_EVAL = REPO_DIR.parent / "shared" / "eval"


def _require_shared() -> Path:
    if SHARED_DATA.is_dir():
        return SHARED_DATA
    if os.environ.get("MATCHER_REQUIRE_SHARED_DATA"):
        pytest.fail(f"{SHARED_DATA} is missing and MATCHER_REQUIRE_SHARED_DATA is set")
    pytest.skip(
        f"real data not available: {SHARED_DATA} is absent (clone ../shared beside the repo)"
    )


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data set in ../shared/data; skips (or fails under CI) when absent."""
    return _require_shared()


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """The evaluation gold in ../shared/eval; skips (or fails under CI) when absent."""
    _require_shared()
    return SHARED_EVAL
