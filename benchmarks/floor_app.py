"""The web app with one more route, for the HTTP benchmark only: where the ratio's ceiling is.

``POST /bench/form-only`` takes the same body as ``POST /api/v1/match`` through the same form
(JSON parsing, length checks, text repair) and answers with a report built once at start-up,
so the engine's share of a match request is the difference between the two. Served by
``gunicorn 'benchmarks.floor_app:create_floor_app()'``; never part of the shipped app.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify

from benchmarks.data import median_pair


def create_floor_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The shipped app (built with ``test_config``) plus ``POST /bench/form-only``."""
    from matcher import create_app
    from matcher.web.api import form_error
    from matcher.web.extensions import csrf, current_engine
    from matcher.web.forms import MatchForm

    app = create_app(test_config)
    resume, posting = median_pair()
    with app.app_context():
        canned = current_engine().match(resume, posting).to_dict()

    @app.post("/bench/form-only")
    def form_only() -> Any:
        form = MatchForm(meta={"csrf": False})
        if not form.validate():
            return form_error(form)
        return jsonify(canned)

    csrf.exempt(form_only)
    return app
