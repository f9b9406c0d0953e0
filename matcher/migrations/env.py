"""Alembic's entry point: run the migrations on the connection it is given, or on the app's
database under ``flask --app matcher db ...``."""

from __future__ import annotations

from alembic import context

from matcher.web.db import metadata


def run_on(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    from flask import current_app

    from matcher.web.db import database_url
    from matcher.web.migrate import migration_engine

    config = current_app.config
    engine = migration_engine(database_url(config), config["SQLITE_BUSY_TIMEOUT_MS"])
    try:
        with engine.connect() as connection:
            run_on(connection)
    finally:
        engine.dispose()


def run_offline() -> None:
    """``db upgrade --sql``: print the statements instead of running them."""
    from flask import current_app

    from matcher.web.db import database_url

    context.configure(
        url=database_url(current_app.config), target_metadata=metadata, literal_binds=True
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
