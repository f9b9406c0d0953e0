"""Saved reports in SQLite under instance/.

Each worker thread opens its own connection lazily, on its first request, and keeps it for
the next ones: opening happens after gunicorn forks, nothing is shared across threads (so
``check_same_thread`` stays on), and one thread's transaction never commits another's.
WAL lets readers run beside the single writer; ``busy_timeout`` makes a writer wait for the
lock instead of failing; ``secure_delete`` overwrites a deleted report's text on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext

SCHEMA_VERSION = 2

# Version 2: accounts. Every report belongs to an account (``user_id``; NULL only for reports
# saved before accounts existed, which nobody can open until ``flask reports`` gives them to
# an account or deletes them) and has a random id that cannot be guessed from another one.
SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    session_token TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now'))
);
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    label TEXT NOT NULL,
    resume_text TEXT NOT NULL,
    posting_text TEXT NOT NULL,
    report_json TEXT NOT NULL,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_owner ON reports (user_id);
CREATE INDEX IF NOT EXISTS reports_created ON reports (created);
CREATE TABLE IF NOT EXISTS shares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    include_resume INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    expires TEXT
);
CREATE INDEX IF NOT EXISTS shares_report ON shares (report_id);
CREATE TABLE IF NOT EXISTS api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    last_used TEXT
);
CREATE INDEX IF NOT EXISTS api_tokens_owner ON api_tokens (user_id);
"""

NOW = "strftime('%Y-%m-%d %H:%M:%S', 'now')"
API_TOKEN_PREFIX = "mt_"

_local = threading.local()


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


def connect(path: str, busy_timeout_ms: int) -> sqlite3.Connection:
    """Open the database with the pragmas every connection needs."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def init_db(path: str, busy_timeout_ms: int = 5000) -> None:
    """Create the schema, or upgrade an older database in place, on a connection closed after.

    The upgrade runs in one write transaction and checks the version inside it, so workers
    starting together upgrade once and a failure leaves the old database as it was.
    """
    conn = connect(path, busy_timeout_ms)
    conn.isolation_level = None  # transactions by hand: DDL and the version check in one
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                if version == 0 and _has_unowned_reports_table(conn):
                    _upgrade_from_1(conn)
                else:
                    for statement in _statements(SCHEMA):
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _has_unowned_reports_table(conn: sqlite3.Connection) -> bool:
    columns = {row["name"] for row in conn.execute("PRAGMA table_info(reports)")}
    return bool(columns) and "user_id" not in columns


def _upgrade_from_1(conn: sqlite3.Connection) -> None:
    """Version 1 (integer ids, no owners) to 2: every row kept, each given a random id and no
    owner; ``flask reports assign-unowned`` or ``delete-unowned`` decides what becomes of them."""
    conn.execute("ALTER TABLE reports RENAME TO reports_v1")
    conn.execute("DROP INDEX IF EXISTS reports_created")
    for statement in _statements(SCHEMA):
        conn.execute(statement)
    old = conn.execute(
        "SELECT created, label, resume_text, posting_text, report_json, score"
        " FROM reports_v1 ORDER BY id"
    ).fetchall()
    conn.executemany(
        "INSERT INTO reports (id, user_id, created, label, resume_text, posting_text,"
        " report_json, score) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)",
        [(new_report_id(), *tuple(row)) for row in old],
    )
    conn.execute("DROP TABLE reports_v1")  # secure_delete overwrites the old pages


def _thread_connection(path: str, busy_timeout_ms: int) -> sqlite3.Connection:
    """This thread's connection to ``path``, opened on first use (keyed by pid: never reuse
    a connection inherited through fork)."""
    cache: dict[tuple[int, str], sqlite3.Connection] = _local.__dict__.setdefault("conns", {})
    key = (os.getpid(), path)
    conn = cache.get(key)
    if conn is None:
        conn = cache[key] = connect(path, busy_timeout_ms)
    return conn


def close_thread_connections() -> None:
    """Close this thread's connections (tests call it; workers keep theirs until they exit)."""
    cache: dict[tuple[int, str], sqlite3.Connection] = _local.__dict__.get("conns", {})
    while cache:
        cache.popitem()[1].close()


def get_db() -> sqlite3.Connection:
    """The connection for the current request."""
    if "db" not in g:
        config = current_app.config
        g.db = _thread_connection(config["DATABASE"], config["SQLITE_BUSY_TIMEOUT_MS"])
    return g.db


def end_request(exc: BaseException | None = None) -> None:
    """Leave the thread's connection clean for its next request."""
    db = g.pop("db", None)
    if db is not None and db.in_transaction:
        db.rollback()


def _fold_wal(db: sqlite3.Connection) -> None:
    """Copy the WAL back into the file and empty it, so no copy of deleted text lingers."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- accounts ---------------------------------------------------------------------------------


def _user(row: sqlite3.Row | None) -> User | None:
    if row is None:
        return None
    return User(row["id"], row["email"], row["session_token"], row["created"])


def create_user(db: sqlite3.Connection, email: str, password_hash: str) -> User | None:
    """A new account, or None when the address is taken."""
    try:
        with db:
            cur = db.execute(
                "INSERT INTO users (email, password_hash, session_token) VALUES (?, ?, ?)",
                (email, password_hash, secrets.token_urlsafe(16)),
            )
    except sqlite3.IntegrityError:
        return None
    return get_user(db, int(cur.lastrowid or 0))


def get_user(db: sqlite3.Connection, user_id: int) -> User | None:
    """The account with this id, or None."""
    return _user(db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone())


def find_user(db: sqlite3.Connection, email: str) -> tuple[User, str] | None:
    """The account with this address and its password hash, or None."""
    row = db.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
    user = _user(row)
    return None if user is None else (user, row["password_hash"])


def list_users(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every account with how many reports and tokens it holds."""
    return db.execute(
        "SELECT u.id, u.email, u.created,"
        " (SELECT count(*) FROM reports r WHERE r.user_id = u.id) AS reports,"
        " (SELECT count(*) FROM api_tokens t WHERE t.user_id = u.id) AS tokens"
        " FROM users u ORDER BY u.id"
    ).fetchall()


def set_password(db: sqlite3.Connection, user_id: int, password_hash: str) -> User | None:
    """Store a new password hash and a new session token: every other session ends."""
    with db:
        db.execute(
            "UPDATE users SET password_hash = ?, session_token = ? WHERE id = ?",
            (password_hash, secrets.token_urlsafe(16), user_id),
        )
    return get_user(db, user_id)


def delete_user(db: sqlite3.Connection, user_id: int) -> bool:
    """Delete an account with all its reports, share links and API tokens."""
    with db:
        deleted = db.execute("DELETE FROM users WHERE id = ?", (user_id,)).rowcount
    if deleted:
        _fold_wal(db)
    return bool(deleted)


# --- reports ----------------------------------------------------------------------------------


def _saved(row: sqlite3.Row | None) -> SavedReport | None:
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
    db: sqlite3.Connection,
    user_id: int,
    label: str,
    resume_text: str,
    posting_text: str,
    report: dict[str, Any],
) -> str:
    """Store a report with both texts for its owner; return its new random id."""
    report_id = new_report_id()
    with db:
        db.execute(
            "INSERT INTO reports (id, user_id, label, resume_text, posting_text, report_json,"
            " score) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                report_id,
                user_id,
                label,
                resume_text,
                posting_text,
                json.dumps(report),
                float(report["score"]),
            ),
        )
    return report_id


def list_reports(
    db: sqlite3.Connection, user_id: int, limit: int, offset: int = 0
) -> list[sqlite3.Row]:
    """An account's saved reports, newest first, without their texts."""
    return db.execute(
        "SELECT id, created, label, score FROM reports WHERE user_id = ?"
        " ORDER BY rowid DESC LIMIT ? OFFSET ?",
        (user_id, limit, offset),
    ).fetchall()


def count_reports(db: sqlite3.Connection, user_id: int) -> int:
    """How many reports an account has saved."""
    return int(
        db.execute("SELECT count(*) FROM reports WHERE user_id = ?", (user_id,)).fetchone()[0]
    )


def get_report(db: sqlite3.Connection, report_id: str, user_id: int) -> SavedReport | None:
    """One of an account's saved reports; None when it does not exist or is someone else's."""
    row = db.execute(
        "SELECT * FROM reports WHERE id = ? AND user_id = ?", (report_id, user_id)
    ).fetchone()
    return _saved(row)


def all_reports(db: sqlite3.Connection, user_id: int) -> list[SavedReport]:
    """Every report of an account, oldest first, with texts (for "download my data")."""
    rows = db.execute(
        "SELECT * FROM reports WHERE user_id = ? ORDER BY rowid", (user_id,)
    ).fetchall()
    return [r for r in map(_saved, rows) if r is not None]


def delete_report(db: sqlite3.Connection, report_id: str, user_id: int) -> bool:
    """Delete one of an account's reports with its texts and share links."""
    with db:
        deleted = db.execute(
            "DELETE FROM reports WHERE id = ? AND user_id = ?", (report_id, user_id)
        ).rowcount
    if deleted:
        _fold_wal(db)
    return bool(deleted)


def purge_expired(db: sqlite3.Connection, days: int) -> int:
    """Delete reports saved more than ``days`` days ago (0: keep them); return how many."""
    if days <= 0:
        return 0
    with db:
        deleted = db.execute(
            "DELETE FROM reports WHERE created < strftime('%Y-%m-%d %H:%M:%S', 'now', ?)",
            (f"-{int(days)} days",),
        ).rowcount
    if deleted:
        _fold_wal(db)
    return deleted


def list_unowned(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """Reports saved before accounts existed, which nobody can open yet."""
    return db.execute(
        "SELECT id, created, label, score FROM reports WHERE user_id IS NULL ORDER BY rowid"
    ).fetchall()


def assign_unowned(db: sqlite3.Connection, user_id: int) -> int:
    """Give every report without an owner to one account; return how many."""
    with db:
        return db.execute(
            "UPDATE reports SET user_id = ? WHERE user_id IS NULL", (user_id,)
        ).rowcount


def delete_unowned(db: sqlite3.Connection) -> int:
    """Delete every report without an owner; return how many."""
    with db:
        deleted = db.execute("DELETE FROM reports WHERE user_id IS NULL").rowcount
    if deleted:
        _fold_wal(db)
    return deleted


# --- share links ------------------------------------------------------------------------------


def create_share(
    db: sqlite3.Connection, report_id: str, include_resume: bool, expires_days: int | None
) -> str:
    """A new read-only link token for a report; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    expires = None if not expires_days else f"+{int(expires_days)} days"
    with db:
        db.execute(
            "INSERT INTO shares (report_id, token_hash, include_resume, expires) VALUES"
            " (?, ?, ?, CASE WHEN ? IS NULL THEN NULL ELSE strftime('%Y-%m-%d %H:%M:%S',"
            " 'now', ?) END)",
            (report_id, token_digest(token), int(include_resume), expires, expires),
        )
    return token


def list_shares(db: sqlite3.Connection, report_id: str) -> list[sqlite3.Row]:
    """A report's live share links (expired ones are not listed), newest first."""
    return db.execute(
        f"SELECT id, created, expires, include_resume FROM shares WHERE report_id = ?"
        f" AND (expires IS NULL OR expires > {NOW}) ORDER BY id DESC",
        (report_id,),
    ).fetchall()


def revoke_share(db: sqlite3.Connection, share_id: int, report_id: str) -> bool:
    """Revoke one of a report's share links."""
    with db:
        return bool(
            db.execute(
                "DELETE FROM shares WHERE id = ? AND report_id = ?", (share_id, report_id)
            ).rowcount
        )


def get_shared(db: sqlite3.Connection, token: str) -> tuple[SavedReport, bool] | None:
    """The report a live share link opens and whether it shows the resume, or None."""
    row = db.execute(
        f"SELECT r.*, s.include_resume FROM shares s JOIN reports r ON r.id = s.report_id"
        f" WHERE s.token_hash = ? AND (s.expires IS NULL OR s.expires > {NOW})"
        " AND r.user_id IS NOT NULL",
        (token_digest(token),),
    ).fetchone()
    saved = _saved(row)
    return None if saved is None else (saved, bool(row["include_resume"]))


# --- API tokens -------------------------------------------------------------------------------


def create_api_token(db: sqlite3.Connection, user_id: int, name: str) -> str:
    """A new personal API token; only its digest is stored, so it is shown once."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db:
        db.execute(
            "INSERT INTO api_tokens (user_id, name, token_hash) VALUES (?, ?, ?)",
            (user_id, name, token_digest(token)),
        )
    return token


def list_api_tokens(db: sqlite3.Connection, user_id: int) -> list[sqlite3.Row]:
    """An account's API tokens (names and dates, never the tokens)."""
    return db.execute(
        "SELECT id, name, created, last_used FROM api_tokens WHERE user_id = ? ORDER BY id DESC",
        (user_id,),
    ).fetchall()


def revoke_api_token(db: sqlite3.Connection, token_id: int, user_id: int) -> bool:
    """Revoke one of an account's API tokens; it stops working at once."""
    with db:
        return bool(
            db.execute(
                "DELETE FROM api_tokens WHERE id = ? AND user_id = ?", (token_id, user_id)
            ).rowcount
        )


def user_for_api_token(db: sqlite3.Connection, token: str) -> User | None:
    """The account an API token belongs to (and note its use), or None."""
    digest = token_digest(token)
    row = db.execute(
        "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
        (digest,),
    ).fetchone()
    if row is not None:
        with db:
            db.execute(f"UPDATE api_tokens SET last_used = {NOW} WHERE token_hash = ?", (digest,))
    return _user(row)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database, or upgrade an older one, keeping every saved report."""
    path = current_app.config["DATABASE"]
    init_db(path, current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
    click.echo(f"Initialized the database at {path}.")


def init_app(app: Flask) -> None:
    """Create or upgrade the schema now; leave each thread's connection clean after requests."""
    init_db(app.config["DATABASE"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
    app.teardown_appcontext(end_request)
