"""Saved reports in SQLite under instance/.

Each worker thread opens its own connection lazily, on its first request, and keeps it for
the next ones: opening happens after gunicorn forks, nothing is shared across threads (so
``check_same_thread`` stays on), and one thread's transaction never commits another's.
WAL lets readers run beside the single writer; ``busy_timeout`` makes a writer wait for the
lock instead of failing; ``secure_delete`` overwrites a deleted report's text on disk.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    label TEXT NOT NULL,
    resume_text TEXT NOT NULL,
    posting_text TEXT NOT NULL,
    report_json TEXT NOT NULL,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_created ON reports (created);
"""

_local = threading.local()


@dataclass(frozen=True)
class SavedReport:
    """One row of the reports table, with its report decoded."""

    id: int
    created: str
    label: str
    score: float
    resume_text: str
    posting_text: str
    report: dict[str, Any]


def connect(path: str, busy_timeout_ms: int) -> sqlite3.Connection:
    """Open the database with the pragmas every connection needs."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def init_db(path: str, busy_timeout_ms: int = 5000) -> None:
    """Create the schema if it is missing, on a connection closed right after."""
    conn = connect(path, busy_timeout_ms)
    try:
        with conn:
            conn.executescript(SCHEMA)
    finally:
        conn.close()


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


def save_report(
    db: sqlite3.Connection,
    label: str,
    resume_text: str,
    posting_text: str,
    report: dict[str, Any],
) -> int:
    """Store a report with both texts; return its id."""
    with db:
        cur = db.execute(
            "INSERT INTO reports (label, resume_text, posting_text, report_json, score)"
            " VALUES (?, ?, ?, ?, ?)",
            (label, resume_text, posting_text, json.dumps(report), float(report["score"])),
        )
    return int(cur.lastrowid or 0)


def list_reports(db: sqlite3.Connection, limit: int, offset: int = 0) -> list[sqlite3.Row]:
    """Saved reports, newest first, without their texts."""
    return db.execute(
        "SELECT id, created, label, score FROM reports ORDER BY id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()


def count_reports(db: sqlite3.Connection) -> int:
    """How many reports are saved."""
    return int(db.execute("SELECT count(*) FROM reports").fetchone()[0])


def get_report(db: sqlite3.Connection, report_id: int) -> SavedReport | None:
    """One saved report, or None."""
    row = db.execute("SELECT * FROM reports WHERE id = ?", (report_id,)).fetchone()
    if row is None:
        return None
    return SavedReport(
        id=row["id"],
        created=row["created"],
        label=row["label"],
        score=row["score"],
        resume_text=row["resume_text"],
        posting_text=row["posting_text"],
        report=json.loads(row["report_json"]),
    )


def delete_report(db: sqlite3.Connection, report_id: int) -> bool:
    """Delete a report and its texts; fold the WAL back so no copy of the text lingers."""
    with db:
        deleted = db.execute("DELETE FROM reports WHERE id = ?", (report_id,)).rowcount
    if deleted:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return bool(deleted)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the saved-reports table if it does not exist."""
    path = current_app.config["DATABASE"]
    init_db(path, current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
    click.echo(f"Initialized the database at {path}.")


def init_app(app: Flask) -> None:
    """Create the schema now; leave each thread's connection clean after every request."""
    init_db(app.config["DATABASE"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
    app.teardown_appcontext(end_request)
