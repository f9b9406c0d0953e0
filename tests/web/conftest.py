"""Fixtures for the web app: an app with CSRF on, a client, a CLI runner, form and account
helpers."""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.serving import make_server

from matcher.web import create_app
from matcher.web.db import app_engine, close_connections

MiB = 1024 * 1024

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve an app on a free local port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app (CSRF on) served on a free local port for the duration of a test module."""
    db = tmp_path_factory.mktemp("browser") / "matcher.sqlite3"
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": True, "DATABASE": str(db)})
    with serve(app) as url:
        yield url


def pasted_match(page: Any, base: str, resume: str, posting: str) -> Any:
    """Open the form in a browser page, paste both texts and press Match; the page."""
    page.goto(base + "/")
    page.fill("textarea[name=resume_text]", resume)
    page.fill("textarea[name=posting_text]", posting)
    page.click("button:has-text('Match')")
    return page


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; skipped without it, except under CI."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


RESUME_TEXT = """Jane Roe
Backend developer

Experience
Built REST APIs in Python with Django and PostgreSQL. Deployed services with Docker.
Wrote unit tests with pytest and reviewed code in Git.
"""

POSTING_TEXT = """Senior Backend Engineer

Requirements
- 5+ years of experience with Python and Django
- PostgreSQL and Redis in production
- Kubernetes and Terraform
- You must be authorized to work in the United States.

Nice to have
- Kafka
"""

TEST_HASH_METHOD = "scrypt:4096:8:1"
PASSWORD = "plum orchard lantern 42"
OTHER_PASSWORD = "granite heron sunrise 7"

_CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app(database: dict[str, str]) -> Iterator[Flask]:
    """The app with CSRF really on, an empty database of the test's backend (a SQLite file in a
    temporary folder unless the module runs on both), small upload limits."""
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": True,
            **database,
            "MAX_CONTENT_LENGTH": 2 * MiB,
            "MAX_FILE_BYTES": 1 * MiB,
            "MAX_TEXT_CHARS": 20_000,
            # scrypt as shipped but with N = 2**12 rather than 2**15: the suite signs up
            # hundreds of accounts on two cores (test_passwords checks the shipped default).
            "PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
        }
    )
    yield app
    close_connections()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """The CSRF token of the form on ``path`` (the client keeps the session cookie it needs)."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    match = _CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def upload(data: bytes, filename: str) -> tuple[io.BytesIO, str]:
    """A file part for the test client's multipart body."""
    return io.BytesIO(data), filename


def post_form(client: FlaskClient, path: str, data: dict[str, Any], form_page: str | None = None):
    """POST a page's form as the browser would, with that page's CSRF token."""
    body = {"csrf_token": csrf_token(client, form_page or path), **data}
    return client.post(path, data=body, content_type="multipart/form-data")


def sql(app: Flask, statement: str, **params: Any) -> list[tuple]:
    """Run one SQL statement on the app's database outside any request; return its rows."""
    import sqlalchemy as sa

    with app_engine(app).begin() as conn:
        result = conn.execute(sa.text(statement), params)
        return [tuple(row) for row in result] if result.returns_rows else []


def report_count(app: Flask) -> int:
    """Saved reports in the app's database, counted outside the app."""
    return sql(app, "SELECT count(*) FROM reports")[0][0]


def sqlite_files(app: Flask) -> list[Path]:
    """The app's SQLite file and its WAL, for the checks that read their bytes (none on
    another database: what secure_delete guarantees is SQLite's)."""
    if app.config.get("DATABASE_URL"):
        return []
    db = Path(app.config["DATABASE"])
    return [p for p in (db, db.with_name(db.name + "-wal")) if p.exists()]


def sign_up(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    """Create an account through the form; the client is signed in afterwards."""
    response = post_form(
        client,
        "/signup",
        {"email": email, "password": password, "confirm": password},
    )
    assert response.status_code == 303, response.get_data(as_text=True)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    """Sign in through the form; return the response."""
    return post_form(client, "/login", {"email": email, "password": password})


@pytest.fixture
def account(client: FlaskClient) -> str:
    """The client signed up and signed in as ann@example.com; returns the address."""
    sign_up(client, "ann@example.com")
    return "ann@example.com"


def save_as(
    client: FlaskClient, resume: str = RESUME_TEXT, posting: str = POSTING_TEXT, label: str = ""
) -> str:
    """Run a match through the form as a signed-in client and press "Save this report"; return
    the saved page's path."""
    page = post_form(client, "/", {"resume_text": resume, "posting_text": posting})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    token = _CSRF_RE.search(html).group(1)
    saved = client.post(
        "/reports",
        data={
            "csrf_token": token,
            "label": label,
            "resume_text": _hidden(html, "resume_text"),
            "posting_text": _hidden(html, "posting_text"),
        },
    )
    assert saved.status_code == 303, saved.get_data(as_text=True)
    return saved.headers["Location"]


@pytest.fixture
def save_report(client: FlaskClient, account: str):
    """Signed in, run a match through the form and save it; return the saved page's path."""

    def save(resume: str = RESUME_TEXT, posting: str = POSTING_TEXT, label: str = "") -> str:
        return save_as(client, resume, posting, label)

    return save


def _hidden(html: str, name: str) -> str:
    import html as html_lib

    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
    assert match, f"no hidden {name} field"
    return html_lib.unescape(match.group(1))


_TOKEN_RE = re.compile(r'class="secret new-token">(mt_[\w-]+)<')
_SHARE_URL_RE = re.compile(r'class="secret new-share-link">([^<]+)<')


def page_token(client: FlaskClient, path: str) -> str:
    """The CSRF token of a page the client may see (any page carries the session's token)."""
    return csrf_token(client, path)


def create_api_token(client: FlaskClient, name: str = "laptop") -> str:
    """Make an API token on the account page of the signed-in client; return it."""
    response = post_form(client, "/account/tokens", {"name": name}, form_page="/account")
    assert response.status_code == 200, response.status_code
    return _TOKEN_RE.search(response.get_data(as_text=True)).group(1)


def create_share(client: FlaskClient, report_url: str, **fields: str) -> str:
    """Make a share link for a report of the signed-in client; return the link's path."""
    from urllib.parse import urlsplit

    data = {"expires_days": "7", **fields}
    response = post_form(client, f"{report_url}/shares", data, form_page=report_url)
    assert response.status_code == 200, response.status_code
    url = _SHARE_URL_RE.search(response.get_data(as_text=True)).group(1)
    return urlsplit(url.strip()).path
