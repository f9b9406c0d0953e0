"""Headers, cookies and secrets."""

from __future__ import annotations

import stat

import pytest
from flask import Flask

from matcher.web.settings import DEV_SECRET_KEY, _secret_key
from tests.web.conftest import POSTING_TEXT, RESUME_TEXT, post_form

HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


@pytest.mark.parametrize(
    "path", ["/", "/history", "/healthz", "/api/v1/openapi.json", "/static/app.css", "/missing"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name


def test_error_responses_carry_the_security_headers_too(client):
    response = client.post("/api/v1/match", json={})
    assert response.status_code == 400
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_with_personal_data_are_not_cached(client):
    response = post_form(client, "/", {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT})
    assert response.headers["Cache-Control"] == "no-store"


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    response = client.get("/")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_outside_tests_and_debug_the_secret_key_is_generated_once_into_the_instance(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path))
    key = _secret_key(app)
    path = tmp_path / "secret_key"
    assert key != DEV_SECRET_KEY
    assert len(key) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _secret_key(app) == key  # the next worker reads the same key


def test_tests_use_the_dev_key_and_never_touch_the_instance_key(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path))
    app.testing = True
    assert _secret_key(app) == DEV_SECRET_KEY
    assert not (tmp_path / "secret_key").exists()


def test_a_short_secret_key_file_stops_startup(tmp_path):
    (tmp_path / "secret_key").write_text("short\n")
    app = Flask(__name__, instance_path=str(tmp_path))
    with pytest.raises(RuntimeError, match="shorter than 32"):
        _secret_key(app)
