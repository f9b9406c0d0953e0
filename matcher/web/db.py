"""Accounts and saved reports through SQLAlchemy Core: SQLite under instance/ by default,
PostgreSQL (or any SQLAlchemy URL) with ``DATABASE_URL``.

Each worker process opens its own engine lazily, on its first request (keyed by pid: a pool
inherited through gunicorn's fork is never used), and each request borrows one connection from
its pool and gives it back at teardown. The schema belongs to the Alembic migrations in
``matcher/migrations`` (``flask --app matcher db upgrade``). Every SQLite connection gets the
pragmas the app relies on (see :func:`_sqlite_pragmas`): WAL lets readers run beside the single
writer; ``busy_timeout`` makes a writer wait for the lock instead of failing; ``secure_delete``
overwrites a deleted report's text on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g
from sqlalchemy.engine import Connection, Engine, RowMapping

# Version 2 of the schema written by the SQLite-only code before the migrations: a database it
# made carries ``PRAGMA user_version = 2``, and the first migration adopts it as it stands.
SCHEMA_VERSION = 2
API_TOKEN_PREFIX = "mt_"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # UTC, as SQLite's strftime wrote it: sorts as it reads
# A thread holds one connection per request; a few more for a CLI command beside the server.
POOL_OVERFLOW = 2
DEFAULT_POOL_SIZE = 5  # outside gunicorn (tests, the development server), SQLAlchemy's own

metadata = sa.MetaData()

# Every report belongs to an account (``user_id``; NULL only for reports saved before accounts
# existed, which nobody can open until ``flask reports`` gives them to an account or deletes
# them) and has a random id that cannot be guessed from another one. Times are UTC text.
users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.Text, nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("session_token", sa.Text, nullable=False),
    sa.Column("created", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)
reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE")),
    sa.Column("created", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("resume_text", sa.Text, nullable=False),
    sa.Column("posting_text", sa.Text, nullable=False),
    sa.Column("report_json", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    # Saving order, for "newest first": SQLite's implicit rowid; on PostgreSQL an identity
    # column of the same name (the migration adds it there only). Never written by the app.
    sa.Column("rowid", sa.BigInteger, system=True),
)
shares = sa.Table(
    "shares",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "report_id",
        sa.Text,
        sa.ForeignKey("reports.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("token_hash", sa.Text, nullable=False, unique=True),
    sa.Column("include_resume", sa.Integer, nullable=False),
    sa.Column("created", sa.Text, nullable=False),
    sa.Column("expires", sa.Text),
    sqlite_autoincrement=True,
)
api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("token_hash", sa.Text, nullable=False, unique=True),
    sa.Column("created", sa.Text, nullable=False),
    sa.Column("last_used", sa.Text),
    sqlite_autoincrement=True,
)
sa.Index("reports_owner", reports.c.user_id)
sa.Index("reports_created", reports.c.created)
sa.Index("shares_report", shares.c.report_id)
sa.Index("api_tokens_owner", api_tokens.c.user_id)

_engines: dict[tuple[int, str, int], Engine] = {}
_engines_lock = threading.Lock()


@dataclass(frozen=True)
class SavedReport:
    """One row of the reports table, with its report decoded."""

    id: str
    user_id: int | None
    created: str
    label: str
    score: float
    resume_text: str
    posting_text: str
    report: dict[str, Any]


@dataclass(frozen=True)
class User:
    """One account (never its password hash outside this module's callers that ask for it)."""

    id: int
    email: str
    session_token: str
    created: str


def new_report_id() -> str:
    """A random, URL-safe report id: 128 bits, so one id tells nothing about another."""
    return secrets.token_urlsafe(16)


def token_digest(token: str) -> str:
    """What is stored of a share link or API token: its SHA-256. The tokens are 256 random
    bits, so a fast hash is enough; a stolen database file still opens nothing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def now(delta: timedelta = timedelta()) -> str:
    """The time in UTC (moved by ``delta``) as the database stores it."""
    return (datetime.now(UTC) + delta).strftime(TIME_FORMAT)


# --- engines ----------------------------------------------------------------------------------


def database_url(config: Mapping[str, Any]) -> str:
    """``DATABASE_URL`` when set, else the SQLite file ``DATABASE`` (inside instance/)."""
    if config.get("DATABASE_URL"):
        return str(config["DATABASE_URL"])
    return sa.URL.create("sqlite", database=str(config["DATABASE"])).render_as_string()


def is_default_database(config: Mapping[str, Any]) -> bool:
    """True for the SQLite file under instance/, which the app may create and upgrade itself."""
    return not config.get("DATABASE_URL")


def create_engine(url: str, busy_timeout_ms: int = 5000, pool_size: int = 0) -> Engine:
    """An engine for ``url`` with the settings each backend needs (SQLite pragmas on every
    connection; a pool of ``pool_size`` connections, checked before use, elsewhere)."""
    parsed = sa.make_url(url)
    size = pool_size or DEFAULT_POOL_SIZE
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            parsed,
            connect_args={"timeout": busy_timeout_ms / 1000},
            pool_size=size,
            max_overflow=POOL_OVERFLOW,
        )
        sa.event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        return engine
    return sa.create_engine(parsed, pool_size=size, max_overflow=POOL_OVERFLOW, pool_pre_ping=True)


def _sqlite_pragmas(busy_timeout_ms: int):
    """A connect listener that sets the pragmas every SQLite connection needs."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return on_connect


def is_sqlite(db: Connection) -> bool:
    """True when ``db`` is a SQLite connection (WAL, secure_delete: the file holds the text)."""
    return db.dialect.name == "sqlite"


def app_engine(app: Flask) -> Engine:
    """This process's engine for the app's database, made on first use."""
    config = app.config
    key = (os.getpid(), database_url(config), id(app))
    engine = _engines.get(key)
    if engine is None:
        with _engines_lock:
            engine = _engines.get(key)
            if engine is None:
                engine = _engines[key] = create_engine(
                    key[1], config["SQLITE_BUSY_TIMEOUT_MS"], config["DATABASE_POOL_SIZE"]
                )
    return engine


def close_connections() -> None:
    """Close this process's pooled connections (tests call it; workers keep theirs)."""
    with _engines_lock:
        engines = [e for (pid, _, _), e in _engines.items() if pid == os.getpid()]
        _engines.clear()
    for engine in engines:
        engine.dispose()


def get_db() -> Connection:
    """The connection for the current request."""
    if "db" not in g:
        g.db = app_engine(current_app).connect()
    return g.db


def end_request(exc: BaseException | None = None) -> None:
    """Give the request's connection back to the pool (rolling back anything left open)."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def _fold_wal(db: Connection) -> None:
    """SQLite: copy the WAL back into the file and empty it, so no copy of deleted text lingers."""
    if is_sqlite(db):
        db.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.commit()


# --- accounts ---------------------------------------------------------------------------------


def _user(row: RowMapping | None) -> User | None:
    if row is None:
        return None
    return User(row["id"], row["email"], row["session_token"], row["created"])


def create_user(db: Connection, email: str, password_hash: str) -> User | None:
    """A new account, or None when the address is taken."""
    try:
        inserted = db.execute(
            sa.insert(users).values(
                email=email,
                password_hash=password_hash,
                session_token=secrets.token_urlsafe(16),
                created=now(),
            )
        )
        db.commit()
    except sa.exc.IntegrityError:
        db.rollback()
        return None
    return get_user(db, int(inserted.inserted_primary_key[0]))


def get_user(db: Connection, user_id: int) -> User | None:
    """The account with this id, or None."""
    row = db.execute(sa.select(users).where(users.c.id == user_id)).mappings().first()
    return _user(row)


def find_user(db: Connection, email: str) -> tuple[User, str] | None:
    """The account with this address and its password hash, or None."""
    row = db.execute(sa.select(users).where(users.c.email == email)).mappings().first()
    user = _user(row)
    return None if user is None or row is None else (user, row["password_hash"])


def list_users(db: Connection) -> list[RowMapping]:
    """Every account with how many reports and tokens it holds."""
    report_total = (
        sa.select(sa.func.count())
        .where(reports.c.user_id == users.c.id)
        .scalar_subquery()
        .label("reports")
    )
    token_total = (
        sa.select(sa.func.count())
        .where(api_tokens.c.user_id == users.c.id)
        .scalar_subquery()
        .label("tokens")
    )
    query = sa.select(
        users.c.id, users.c.email, users.c.created, report_total, token_total
    ).order_by(users.c.id)
    return list(db.execute(query).mappings().all())


def set_password(db: Connection, user_id: int, password_hash: str) -> User | None:
    """Store a new password hash and a new session token: every other session ends."""
    db.execute(
        sa.update(users)
        .where(users.c.id == user_id)
        .values(password_hash=password_hash, session_token=secrets.token_urlsafe(16))
    )
    db.commit()
    return get_user(db, user_id)


def delete_user(db: Connection, user_id: int) -> bool:
    """Delete an account with all its reports, share links and API tokens."""
    deleted = db.execute(sa.delete(users).where(users.c.id == user_id)).rowcount
    db.commit()
    if deleted:
        _fold_wal(db)
    return bool(deleted)


# --- reports ----------------------------------------------------------------------------------

_REPORT_COLUMNS = [c for c in reports.c if c.name != "rowid"]


def _saved(row: RowMapping | None) -> SavedReport | None:
    if row is None:
        return None
    return SavedReport(
        id=row["id"],
        user_id=row["user_id"],
        created=row["created"],
        label=row["label"],
        score=row["score"],
        resume_text=row["resume_text"],
        posting_text=row["posting_text"],
        report=json.loads(row["report_json"]),
    )


def save_report(
    db: Connection,
    user_id: int,
    label: str,
    resume_text: str,
    posting_text: str,
    report: dict[str, Any],
) -> str:
    """Store a report with both texts for its owner; return its new random id."""
    report_id = new_report_id()
    db.execute(
        sa.insert(reports).values(
            id=report_id,
            user_id=user_id,
            created=now(),
            label=label,
            resume_text=resume_text,
            posting_text=posting_text,
            report_json=json.dumps(report),
            score=float(report["score"]),
        )
    )
    db.commit()
    return report_id


def list_reports(db: Connection, user_id: int, limit: int, offset: int = 0) -> list[RowMapping]:
    """An account's saved reports, newest first, without their texts."""
    query = (
        sa.select(reports.c.id, reports.c.created, reports.c.label, reports.c.score)
        .where(reports.c.user_id == user_id)
        .order_by(reports.c.rowid.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(db.execute(query).mappings().all())


def count_reports(db: Connection, user_id: int) -> int:
    """How many reports an account has saved."""
    query = sa.select(sa.func.count()).select_from(reports).where(reports.c.user_id == user_id)
    return int(db.execute(query).scalar_one())


def get_report(db: Connection, report_id: str, user_id: int) -> SavedReport | None:
    """One of an account's saved reports; None when it does not exist or is someone else's."""
    query = sa.select(*_REPORT_COLUMNS).where(
        reports.c.id == report_id, reports.c.user_id == user_id
    )
    return _saved(db.execute(query).mappings().first())


def all_reports(db: Connection, user_id: int) -> list[SavedReport]:
    """Every report of an account, oldest first, with texts (for "download my data")."""
    query = (
        sa.select(*_REPORT_COLUMNS).where(reports.c.user_id == user_id).order_by(reports.c.rowid)
    )
    return [r for r in map(_saved, db.execute(query).mappings()) if r is not None]


def _delete_reports(db: Connection, *where: Any) -> int:
    deleted = db.execute(sa.delete(reports).where(*where)).rowcount
    db.commit()
    if deleted:
        _fold_wal(db)
    return deleted


def delete_report(db: Connection, report_id: str, user_id: int) -> bool:
    """Delete one of an account's reports with its texts and share links."""
    return bool(_delete_reports(db, reports.c.id == report_id, reports.c.user_id == user_id))


def purge_expired(db: Connection, days: int) -> int:
    """Delete reports saved more than ``days`` days ago (0: keep them); return how many."""
    if days <= 0:
        return 0
    return _delete_reports(db, reports.c.created < now(-timedelta(days=int(days))))


def list_unowned(db: Connection) -> list[RowMapping]:
    """Reports saved before accounts existed, which nobody can open yet."""
    query = (
        sa.select(reports.c.id, reports.c.created, reports.c.label, reports.c.score)
        .where(reports.c.user_id.is_(None))
        .order_by(reports.c.rowid)
    )
    return list(db.execute(query).mappings().all())


def assign_unowned(db: Connection, user_id: int) -> int:
    """Give every report without an owner to one account; return how many."""
    moved = db.execute(
        sa.update(reports).where(reports.c.user_id.is_(None)).values(user_id=user_id)
    ).rowcount
    db.commit()
    return moved


def delete_unowned(db: Connection) -> int:
    """Delete every report without an owner; return how many."""
    return _delete_reports(db, reports.c.user_id.is_(None))


# --- share links ------------------------------------------------------------------------------


def _live(expires: sa.Column) -> Any:
    return sa.or_(expires.is_(None), expires > now())


def create_share(
    db: Connection, report_id: str, include_resume: bool, expires_days: int | None
) -> str:
    """A new read-only link token for a report; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    expires = now(timedelta(days=int(expires_days))) if expires_days else None
    db.execute(
        sa.insert(shares).values(
            report_id=report_id,
            token_hash=token_digest(token),
            include_resume=int(include_resume),
            created=now(),
            expires=expires,
        )
    )
    db.commit()
    return token


def list_shares(db: Connection, report_id: str) -> list[RowMapping]:
    """A report's live share links (expired ones are not listed), newest first."""
    query = (
        sa.select(shares.c.id, shares.c.created, shares.c.expires, shares.c.include_resume)
        .where(shares.c.report_id == report_id, _live(shares.c.expires))
        .order_by(shares.c.id.desc())
    )
    return list(db.execute(query).mappings().all())


def revoke_share(db: Connection, share_id: int, report_id: str) -> bool:
    """Revoke one of a report's share links."""
    deleted = db.execute(
        sa.delete(shares).where(shares.c.id == share_id, shares.c.report_id == report_id)
    ).rowcount
    db.commit()
    return bool(deleted)


def get_shared(db: Connection, token: str) -> tuple[SavedReport, bool] | None:
    """The report a live share link opens and whether it shows the resume, or None."""
    query = (
        sa.select(*_REPORT_COLUMNS, shares.c.include_resume)
        .select_from(shares.join(reports, reports.c.id == shares.c.report_id))
        .where(
            shares.c.token_hash == token_digest(token),
            _live(shares.c.expires),
            reports.c.user_id.is_not(None),
        )
    )
    row = db.execute(query).mappings().first()
    saved = _saved(row)
    return None if saved is None or row is None else (saved, bool(row["include_resume"]))


# --- API tokens -------------------------------------------------------------------------------


def create_api_token(db: Connection, user_id: int, name: str) -> str:
    """A new personal API token; only its digest is stored, so it is shown once."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.execute(
        sa.insert(api_tokens).values(
            user_id=user_id, name=name, token_hash=token_digest(token), created=now()
        )
    )
    db.commit()
    return token


def list_api_tokens(db: Connection, user_id: int) -> list[RowMapping]:
    """An account's API tokens (names and dates, never the tokens)."""
    query = (
        sa.select(api_tokens.c.id, api_tokens.c.name, api_tokens.c.created, api_tokens.c.last_used)
        .where(api_tokens.c.user_id == user_id)
        .order_by(api_tokens.c.id.desc())
    )
    return list(db.execute(query).mappings().all())


def revoke_api_token(db: Connection, token_id: int, user_id: int) -> bool:
    """Revoke one of an account's API tokens; it stops working at once."""
    deleted = db.execute(
        sa.delete(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.user_id == user_id)
    ).rowcount
    db.commit()
    return bool(deleted)


def user_for_api_token(db: Connection, token: str) -> User | None:
    """The account an API token belongs to (and note its use), or None."""
    digest = token_digest(token)
    query = (
        sa.select(users)
        .select_from(api_tokens.join(users, users.c.id == api_tokens.c.user_id))
        .where(api_tokens.c.token_hash == digest)
    )
    row = db.execute(query).mappings().first()
    if row is not None:
        db.execute(
            sa.update(api_tokens).where(api_tokens.c.token_hash == digest).values(last_used=now())
        )
        db.commit()
    return _user(row)


def init_app(app: Flask) -> None:
    """Give each request's connection back to the pool after it."""
    app.teardown_appcontext(end_request)
