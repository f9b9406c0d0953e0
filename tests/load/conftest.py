"""A live gunicorn with an empty database of its own (SQLite, or a PostgreSQL schema), for the
concurrency tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.server import LiveServer, app_importable, live_server
from tests.conftest import postgres_schema

# Fifty clients sign up and match from one address in seconds, which is what the abuse limits
# exist to stop (tests/web/test_limits.py tests them): they are off here.
NO_LIMITS = {"MATCHER_RATELIMIT_ENABLED": "0"}


@pytest.fixture
def live(backend: str) -> Iterator[LiveServer]:
    """gunicorn with the repository's config on a free 127.0.0.1 port and an empty database:
    a SQLite file in its own folder, or a PostgreSQL schema of its own."""
    problem = app_importable()
    if problem:
        pytest.skip(problem)
    if backend == "sqlite":
        with live_server(env=NO_LIMITS) as server:
            yield server
        return
    from matcher.web.migrate import upgrade

    with postgres_schema() as url:
        upgrade(url)
        with live_server(env={**NO_LIMITS, "MATCHER_DATABASE_URL": url}) as server:
            yield server
