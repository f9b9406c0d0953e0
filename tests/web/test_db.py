"""The database: schema version 2, the upgrade of a version-1 database at start-up, retention."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from matcher.web import create_app
from matcher.web.db import SCHEMA_VERSION, close_thread_connections, init_db
from tests.web.conftest import TEST_HASH_METHOD, report_count, save_as, sign_up

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
    close_thread_connections()


def test_upgrading_twice_changes_nothing(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    make_v1_database(path)
    init_db(str(path))
    first = _rows(path)
    init_db(str(path))
    assert _rows(path) == first


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
    close_thread_connections()


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
    close_thread_connections()


def test_reports_cli_deletes_unowned_reports_and_their_text(tmp_path):
    path = tmp_path / "matcher.sqlite3"
    make_v1_database(path, rows=2)
    app = create_app({"TESTING": True, "DATABASE": str(path)})
    result = app.test_cli_runner().invoke(args=["reports", "delete-unowned", "--yes"])
    assert "Deleted 2 reports" in result.output
    assert _rows(path) == []
    assert b"resume 1" not in path.read_bytes()
    close_thread_connections()


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
    close_thread_connections()


def test_without_a_retention_period_reports_are_kept(app, client, save_report):
    import sqlite3 as sql

    save_report()
    with sql.connect(app.config["DATABASE"]) as conn:
        conn.execute("UPDATE reports SET created = '2000-01-01 00:00:00'")
    assert "kept until" in app.test_cli_runner().invoke(args=["reports", "purge-expired"]).output
    assert client.get("/history").status_code == 200
    assert report_count(app) == 1
