"""Alembic migrations of the accounts and saved-reports schema (``flask --app matcher db ...``)."""
