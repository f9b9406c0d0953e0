"""Accounts, saved reports, share links and API tokens (the schema's version 2).

A SQLite database made before the migrations is adopted as it stands: one of version 2
(``PRAGMA user_version``) already holds these tables, and one of version 1 (integer ids, no
owners) is upgraded in place, every row kept with a new random id and no owner.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

import secrets

import sqlalchemy as sa
from alembic import context, op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_NOW = sa.text("(strftime('%Y-%m-%d %H:%M:%S', 'now'))")
POSTGRES_NOW = sa.text("to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")
SCHEMA_VERSION = 2


def upgrade() -> None:
    bind = op.get_bind()
    # ``db upgrade --sql`` has no database to look at: it prints the schema for an empty one.
    if bind.dialect.name == "sqlite" and not context.is_offline_mode():
        version = bind.exec_driver_sql("PRAGMA user_version").scalar()
        if version >= SCHEMA_VERSION:
            return  # made by the code before the migrations: these very tables
        if _has_unowned_reports_table(bind):
            _upgrade_from_1(bind)
        else:
            create_tables(bind)
        # Kept for the code before the migrations, which reads it to decide whether to upgrade.
        bind.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return
    create_tables(bind)


def downgrade() -> None:
    for table in ("api_tokens", "shares", "reports", "users"):
        op.drop_table(table)


def create_tables(bind) -> None:
    sqlite = bind.dialect.name == "sqlite"
    now = SQLITE_NOW if sqlite else POSTGRES_NOW
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("session_token", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False, server_default=now),
        sqlite_autoincrement=True,
    )
    # SQLite keeps the saving order in its implicit rowid; PostgreSQL gets a column of that name.
    order = [] if sqlite else [sa.Column("rowid", sa.BigInteger, sa.Identity(), nullable=False)]
    op.create_table(
        "reports",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("created", sa.Text, nullable=False, server_default=now),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("resume_text", sa.Text, nullable=False),
        sa.Column("posting_text", sa.Text, nullable=False),
        sa.Column("report_json", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        *order,
    )
    op.create_index("reports_owner", "reports", ["user_id"])
    op.create_index("reports_created", "reports", ["created"])
    op.create_table(
        "shares",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "report_id",
            sa.Text,
            sa.ForeignKey("reports.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("include_resume", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created", sa.Text, nullable=False, server_default=now),
        sa.Column("expires", sa.Text),
        sqlite_autoincrement=True,
    )
    op.create_index("shares_report", "shares", ["report_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("created", sa.Text, nullable=False, server_default=now),
        sa.Column("last_used", sa.Text),
        sqlite_autoincrement=True,
    )
    op.create_index("api_tokens_owner", "api_tokens", ["user_id"])


def _has_unowned_reports_table(bind) -> bool:
    columns = {row[1] for row in bind.exec_driver_sql("PRAGMA table_info(reports)")}
    return bool(columns) and "user_id" not in columns


def _upgrade_from_1(bind) -> None:
    """Version 1 (integer ids, no owners) to 2: every row kept, each given a random id and no
    owner; ``flask reports assign-unowned`` or ``delete-unowned`` decides what becomes of them."""
    bind.exec_driver_sql("ALTER TABLE reports RENAME TO reports_v1")
    bind.exec_driver_sql("DROP INDEX IF EXISTS reports_created")
    create_tables(bind)
    old = bind.exec_driver_sql(
        "SELECT created, label, resume_text, posting_text, report_json, score"
        " FROM reports_v1 ORDER BY id"
    ).fetchall()
    if old:
        bind.execute(
            sa.text(
                "INSERT INTO reports (id, user_id, created, label, resume_text, posting_text,"
                " report_json, score) VALUES (:id, NULL, :created, :label, :resume_text,"
                " :posting_text, :report_json, :score)"
            ),
            [{"id": secrets.token_urlsafe(16), **row._asdict()} for row in old],
        )
    bind.exec_driver_sql("DROP TABLE reports_v1")  # secure_delete overwrites the old pages
