"""One file per schema revision, oldest first (Alembic loads them by path)."""
