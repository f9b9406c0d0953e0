"""Extensions, created unbound here and bound to an app in the factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from flask_wtf.csrf import CSRFProtect

from matcher.engine import Engine, get_engine

csrf = CSRFProtect()


def init_engine(app: Flask) -> None:
    """Load the engine now (vocabulary, finder, idf) so the first request is fast."""
    files = app.config["VOCAB_FILES"]
    engine = Engine.with_user_files(Path(f) for f in files) if files else get_engine()
    app.extensions["matcher_engine"] = engine


def current_engine() -> Engine:
    """The engine of the running app."""
    return current_app.extensions["matcher_engine"]
