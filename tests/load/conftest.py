"""A live gunicorn with its own SQLite database, for the concurrency tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.server import LiveServer, app_importable, live_server


@pytest.fixture
def live() -> Iterator[LiveServer]:
    """gunicorn with the repository's config on a free 127.0.0.1 port and an empty database."""
    problem = app_importable()
    if problem:
        pytest.skip(problem)
    with live_server() as server:
        yield server
