"""A live gunicorn for the whole session, started with the repository's config on a free port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.server import LiveServer, app_importable, live_server


@pytest.fixture(scope="session")
def live() -> Iterator[LiveServer]:
    """gunicorn serving ``matcher:create_app()`` on 127.0.0.1 with its own temporary database."""
    problem = app_importable()
    if problem:
        pytest.skip(problem)
    with live_server() as server:
        yield server
