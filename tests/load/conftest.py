"""A live gunicorn with its own SQLite database, for the concurrency tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.server import LiveServer, app_importable, live_server


@pytest.fixture
def live() -> Iterator[LiveServer]:
    """gunicorn with the repository's config on a free 127.0.0.1 port and an empty database.

    The abuse limits are off: fifty clients sign up and match from one address in seconds,
    which is what the limits exist to stop (tests/web/test_limits.py tests them).
    """
    problem = app_importable()
    if problem:
        pytest.skip(problem)
    with live_server(env={"MATCHER_RATELIMIT_ENABLED": "0"}) as server:
        yield server
