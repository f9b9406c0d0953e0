"""Backend-skills keyword matcher: find skills in resumes and job postings and report the gap."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None):
    """Build the Flask app. The engine never imports Flask; only this entry point does."""
    from matcher.web import create_app as _create_app

    return _create_app(test_config)
