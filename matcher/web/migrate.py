"""The schema's migrations: ``flask --app matcher db upgrade`` (Flask-Migrate over Alembic), and
the check the app makes at start-up.

The default SQLite file under instance/ is created or upgraded when the app starts, so
``make run`` stays one command. Any other database (``DATABASE_URL``) is upgraded only by
``flask --app matcher db upgrade``: a server that finds it behind refuses to start and says so.
"""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import Migrate

from matcher.web.db import create_engine, database_url, is_default_database

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
UPGRADE_COMMAND = "flask --app matcher db upgrade"

migrate = Migrate(directory=str(MIGRATIONS))


def alembic_config() -> Config:
    """Alembic's configuration: the migrations shipped inside the package, no ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migration_engine(url: str, busy_timeout_ms: int = 5000) -> sa.Engine:
    """An engine to migrate with. On SQLite each transaction starts with BEGIN IMMEDIATE, so the
    version check and the DDL happen under one write lock: servers starting together upgrade
    once, and a failure leaves the database as it was."""
    engine = create_engine(url, busy_timeout_ms, pool_size=1)
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _manual_transactions(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None

        @sa.event.listens_for(engine, "begin")
        def _begin_immediate(connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def upgrade(url: str, busy_timeout_ms: int = 5000, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (creating it when it is empty)."""
    config = alembic_config()
    engine = migration_engine(url, busy_timeout_ms)
    try:
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def schema_problem(url: str) -> str | None:
    """None when the database at ``url`` is at the newest revision, else what to do about it."""
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    engine = create_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    if current == heads:
        return None
    shown = sa.make_url(url).render_as_string(hide_password=True)
    found = ", ".join(sorted(current)) or "no schema"
    return (
        f"The database {shown} is at revision {found}; this version of the app needs "
        f"{', '.join(sorted(heads))}. Run `{UPGRADE_COMMAND}` with the same "
        "MATCHER_DATABASE_URL, then start the app again."
    )


def init_migrations(app: Flask) -> None:
    """Add ``flask db ...``; create or upgrade the default SQLite file, or check any other."""
    migrate.init_app(app)
    config = app.config
    url = database_url(config)
    if is_default_database(config):
        upgrade(url, config["SQLITE_BUSY_TIMEOUT_MS"])
        return
    if click.get_current_context(silent=True) is not None:
        return  # the flask command line: `db upgrade` has to run on a database that is behind
    problem = schema_problem(url)
    if problem:
        raise RuntimeError(problem)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database, or upgrade an older one, keeping every saved report."""
    url = database_url(current_app.config)
    upgrade(url, current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
    shown = sa.make_url(url).render_as_string(hide_password=True)
    click.echo(f"Initialized the database at {shown}.")
