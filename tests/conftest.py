"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
SHARED_DATA = REPO_DIR.parent / "shared" / "data"
SHARED_EVAL = REPO_DIR.parent / "shared" / "eval"
POSTGRES_URL_VARIABLE = "MATCHER_TEST_POSTGRES_URL"
DATABASES = ("sqlite", "postgresql")


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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``both_databases`` that use the ``backend`` fixture run once per database."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_databases"
    ):
        metafunc.parametrize("backend", DATABASES)


@pytest.fixture
def backend() -> str:
    """The database a test runs against: SQLite unless its module is marked both_databases."""
    return "sqlite"


@contextmanager
def postgres_schema() -> Iterator[str]:
    """An empty schema of its own on the test PostgreSQL server (``MATCHER_TEST_POSTGRES_URL``);
    yields a URL whose connections use it, and drops it with everything in it afterwards.
    Skips without a server: ``.ci/run`` starts one."""
    base = os.environ.get(POSTGRES_URL_VARIABLE)
    if not base:
        pytest.skip(
            f"{POSTGRES_URL_VARIABLE} is not set: no PostgreSQL server to test against "
            "(.ci/run starts one)"
        )
    import sqlalchemy as sa

    name = "test_" + secrets.token_hex(6)
    admin = sa.create_engine(base, poolclass=sa.NullPool)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    try:
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


@pytest.fixture
def database(backend: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The settings of an empty database of the test's backend: a SQLite file in a temporary
    folder, or a PostgreSQL schema of its own, migrated to the newest revision."""
    if backend == "sqlite":
        yield {"DATABASE": str(tmp_path / "matcher.sqlite3")}
        return
    from matcher.web.db import close_connections
    from matcher.web.migrate import upgrade

    with postgres_schema() as url:
        upgrade(url)
        yield {"DATABASE_URL": url}
        close_connections()
