"""The database: its migrations (a new database, one made by the code before them at version 1
or 2, one behind that the app refuses), the upgrade of a version-1 database at start-up,
retention."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from matcher.web import create_app
from matcher.web.db import SCHEMA_VERSION, close_connections
from matcher.web.migrate import UPGRADE_COMMAND, upgrade
from tests.conftest import REPO_DIR, postgres_schema
from tests.web.conftest import TEST_HASH_METHOD, report_count, save_as, sign_up

HEAD = "0001"

# The schema as it was before accounts (version 1).
SCHEMA_V1 = """
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    label TEXT NOT NULL,
    resume_text TEXT NOT NULL,
    posting_text TEXT NOT NULL,
    report_json TEXT NOT NULL,
    score REAL NOT NULL
);
CREATE INDEX reports_created ON reports (created);
"""

# The schema as the code before the migrations made it (version 2, accounts).
SCHEMA_V2 = """
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    session_token TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now'))
);
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    label TEXT NOT NULL,
    resume_text TEXT NOT NULL,
    posting_text TEXT NOT NULL,
    report_json TEXT NOT NULL,
    score REAL NOT NULL
);
CREATE INDEX reports_owner ON reports (user_id);
CREATE INDEX reports_created ON reports (created);
CREATE TABLE shares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    include_resume INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    expires TEXT
);
CREATE INDEX shares_report ON shares (report_id);
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    last_used TEXT
);
CREATE INDEX api_tokens_owner ON api_tokens (user_id);
PRAGMA user_version = 2;
"""


def _report_json(n: int) -> str:
    from matcher.engine import get_engine

    report = get_engine().match(f"resume {n}: Python and Django", f"posting {n}: Python, Go")
    return json.dumps(report.to_dict())


def make_v1_database(path: Path, rows: int = 3) -> None:
    """A database as the app wrote it before accounts, with ``rows`` saved reports."""
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA_V1)
        for n in range(rows):
            conn.execute(
                "INSERT INTO reports (label, resume_text, posting_text, report_json, score)"
                " VALUES (?, ?, ?, ?, ?)",
                (f"Old report {n}", f"resume {n}", f"posting {n}", _report_json(n), n),
            )
    conn.close()


def _rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT id, user_id, label, resume_text, posting_text, report_json, score"
            " FROM reports ORDER BY rowid"
        ).fetchall()


def test_starting_the_app_upgrades_a_version_1_database_keeping_every_row(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    make_v1_database(path)
    create_app({"TESTING": True, "DATABASE": str(path)})
    rows = _rows(path)
    assert [r[2:] for r in rows] == [
        (f"Old report {n}", f"resume {n}", f"posting {n}", _report_json(n), n) for n in range(3)
    ]
    assert all(r[1] is None for r in rows)  # no owner yet
    assert all(isinstance(r[0], str) and len(r[0]) >= 22 for r in rows)  # random ids
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "reports", "shares", "api_tokens"} <= tables
    assert "reports_v1" not in tables
    close_connections()


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _revision(path: Path) -> str | None:
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return None
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_upgrading_twice_changes_nothing(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    make_v1_database(path)
    upgrade(_url(path))
    first = _rows(path)
    upgrade(_url(path))
    assert _rows(path) == first
    assert _revision(path) == HEAD


def test_a_database_made_before_the_migrations_is_adopted_with_every_row(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA_V2)
        conn.execute(
            "INSERT INTO users (email, password_hash, session_token) VALUES ('a@b.c', 'h', 't')"
        )
        conn.execute(
            "INSERT INTO reports (id, user_id, label, resume_text, posting_text, report_json,"
            " score) VALUES ('abc', 1, 'Kept', 'resume', 'posting', ?, 50)",
            (_report_json(0),),
        )
    conn.close()
    before = _rows(path)
    upgrade(_url(path))
    assert _rows(path) == before
    assert _revision(path) == HEAD
    app = create_app({"TESTING": True, "DATABASE": str(path)})
    assert report_count(app) == 1
    close_connections()


def test_a_new_database_is_created_at_the_newest_revision(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    app = create_app({"TESTING": True, "DATABASE": str(path)})
    assert _revision(path) == HEAD
    assert report_count(app) == 0
    close_connections()


def test_the_app_refuses_a_database_url_whose_schema_is_behind_and_says_what_to_run(tmp_path):
    url = _url(tmp_path / "elsewhere.sqlite3")
    with pytest.raises(RuntimeError, match=f"Run `{UPGRADE_COMMAND}`"):
        create_app({"TESTING": True, "DATABASE_URL": url})
    upgrade(url)
    create_app({"TESTING": True, "DATABASE_URL": url})  # current now: it starts
    close_connections()


def test_on_postgresql_the_app_starts_only_once_db_upgrade_made_the_schema():
    with postgres_schema() as url:
        with pytest.raises(RuntimeError, match="no schema"):
            create_app({"TESTING": True, "DATABASE_URL": url})
        upgrade(url)
        upgrade(url)  # at the newest revision already: nothing to do
        app = create_app({"TESTING": True, "DATABASE_URL": url})
        assert report_count(app) == 0
        close_connections()


def test_flask_db_upgrade_creates_the_schema_of_the_database_url(tmp_path):
    path = tmp_path / "elsewhere.sqlite3"
    env = {
        **os.environ,
        "MATCHER_DATABASE_URL": _url(path),
        "MATCHER_INSTANCE_PATH": str(tmp_path / "instance"),
        "MATCHER_SECRET_KEY": "x" * 32,
    }
    flask = [sys.executable, "-m", "flask", "--app", "matcher", "db"]
    done = subprocess.run(
        [*flask, "upgrade"], cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert _revision(path) == HEAD
    current = subprocess.run(
        [*flask, "current"], cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert f"{HEAD} (head)" in current.stdout
    engine = sa.create_engine(_url(path))
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    assert {"users", "reports", "shares", "api_tokens"} <= tables


def test_a_report_without_an_owner_opens_for_nobody(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    make_v1_database(path, rows=1)
    app = create_app(
        {"TESTING": True, "DATABASE": str(path), "PASSWORD_HASH_METHOD": TEST_HASH_METHOD}
    )
    report_id = _rows(path)[0][0]
    client = app.test_client()
    assert client.get(f"/reports/{report_id}").status_code == 404
    sign_up(client, "ann@example.com")
    assert client.get(f"/reports/{report_id}").status_code == 404
    assert "Old report" not in client.get("/history").get_data(as_text=True)
    close_connections()


def test_reports_cli_gives_unowned_reports_to_an_account(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    make_v1_database(path, rows=2)
    app = create_app(
        {"TESTING": True, "DATABASE": str(path), "PASSWORD_HASH_METHOD": TEST_HASH_METHOD}
    )
    client = app.test_client()
    sign_up(client, "ann@example.com")
    runner = app.test_cli_runner()
    assert "2 reports without an owner" in runner.invoke(args=["reports", "unowned"]).output
    result = runner.invoke(args=["reports", "assign-unowned", "Ann@example.com"])
    assert "Gave 2 reports to ann@example.com" in result.output
    report_id = _rows(path)[0][0]
    assert client.get(f"/reports/{report_id}").status_code == 200
    assert "0 reports without an owner" in runner.invoke(args=["reports", "unowned"]).output
    close_connections()


def test_reports_cli_deletes_unowned_reports_and_their_text(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    make_v1_database(path, rows=2)
    app = create_app({"TESTING": True, "DATABASE": str(path)})
    result = app.test_cli_runner().invoke(args=["reports", "delete-unowned", "--yes"])
    assert "Deleted 2 reports" in result.output
    assert _rows(path) == []
    assert b"resume 1" not in path.read_bytes()
    close_connections()


def test_assigning_to_an_unknown_account_fails_with_a_message(runner):
    result = runner.invoke(args=["reports", "assign-unowned", "nobody@example.com"])
    assert result.exit_code != 0
    assert "no account" in result.output


def test_reports_older_than_the_retention_period_are_deleted(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(path),
            "PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
            "REPORT_RETENTION_DAYS": 30,
        }
    )
    client = app.test_client()
    sign_up(client, "ann@example.com")
    old, new = save_as(client, label="Old"), save_as(client, label="New")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE reports SET created = '2000-01-01 00:00:00' WHERE id = ?",
            (old.rsplit("/", 1)[1],),
        )
    result = app.test_cli_runner().invoke(args=["reports", "purge-expired"])
    assert "Deleted 1 reports saved more than 30 days ago" in result.output
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    close_connections()


def test_without_a_retention_period_reports_are_kept(app, client, save_report):
    import sqlite3 as sql

    save_report()
    with sql.connect(app.config["DATABASE"]) as conn:
        conn.execute("UPDATE reports SET created = '2000-01-01 00:00:00'")
    assert "kept until" in app.test_cli_runner().invoke(args=["reports", "purge-expired"]).output
    assert client.get("/history").status_code == 200
    assert report_count(app) == 1
