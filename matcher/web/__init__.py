"""The web app: a thin Flask shell over the engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, error handlers, security headers."""
    from matcher.resources import data_dir
    from matcher.web.settings import instance_path, load_settings

    app = Flask(
        __name__,
        instance_path=instance_path(),
        instance_relative_config=True,
        template_folder=str(data_dir("templates")),
        static_folder=str(data_dir("static")),
    )

    load_settings(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_limits(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """JSON by orjson, the session cookie and the proxy in front, CSRF protection, the database
    (its schema checked now: the default SQLite file created or upgraded, any other database
    refused when behind), accounts, and the engine (loaded now, not on the first request)."""
    from matcher.web import db
    from matcher.web.accounts import init_login
    from matcher.web.extensions import csrf, init_engine
    from matcher.web.jsonio import init_json
    from matcher.web.migrate import init_migrations
    from matcher.web.security import register_session

    init_json(app)
    register_session(app)
    csrf.init_app(app)
    init_migrations(app)
    db.init_app(app)
    init_login(app)
    init_engine(app)


def register_blueprints(app: Flask) -> None:
    """The form and report pages, accounts, the saved history, ranking, the keyword map, and
    the JSON API (no CSRF: it reads no cookie; saved reports take a bearer token)."""
    from matcher.web.accounts import bp as auth_bp
    from matcher.web.api import bp as api_bp
    from matcher.web.extensions import csrf
    from matcher.web.history import bp as history_bp
    from matcher.web.market import bp as market_bp
    from matcher.web.pages import bp as pages_bp
    from matcher.web.rank import api_bp as rank_api_bp
    from matcher.web.rank import bp as rank_bp
    from matcher.web.reports_api import bp as reports_api_bp
    from matcher.web.templating import register_template_helpers

    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(history_bp)
    app.register_blueprint(market_bp)
    app.register_blueprint(rank_bp)
    app.register_blueprint(rank_api_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(reports_api_bp)
    csrf.exempt(api_bp)
    csrf.exempt(rank_api_bp)
    csrf.exempt(reports_api_bp)
    register_template_helpers(app)


def register_limits(app: Flask) -> None:
    """Abuse limits on sign-in, sign-up, matching and ranking (after the views exist)."""
    from matcher.web.limits import init_limits

    init_limits(app)


def register_errorhandlers(app: Flask) -> None:
    """One place maps every error to its status and message."""
    from matcher.web.errors import register_errorhandlers as register

    register(app)


def register_security_headers(app: Flask) -> None:
    """CSP, nosniff, no framing, no referrer."""
    from matcher.web.security import register_security_headers as register

    register(app)


def register_commands(app: Flask) -> None:
    """``flask --app matcher init-db``, ``settings``, ``users ...`` and ``reports ...`` (``db ...``
    comes with the migrations)."""
    from matcher.web.commands import reports_command, users_command
    from matcher.web.migrate import init_db_command
    from matcher.web.settings import settings_command

    app.cli.add_command(init_db_command)
    app.cli.add_command(settings_command)
    app.cli.add_command(users_command)
    app.cli.add_command(reports_command)
