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


def _session_set_cookie(response) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_over_plain_http_the_session_cookie_is_not_marked_secure(client):
    assert "Secure" not in _session_set_cookie(client.get("/"))


def test_over_https_the_session_cookie_is_marked_secure(client):
    response = client.get("/", base_url="https://localhost")
    assert "Secure" in _session_set_cookie(response)


def test_behind_a_trusted_proxy_the_forwarded_scheme_and_address_count(tmp_path):
    from matcher.web import create_app

    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "db.sqlite3"), "TRUSTED_PROXIES": 1}
    )
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    response = app.test_client().get("/", headers=headers)
    assert "Secure" in _session_set_cookie(response)
    with app.test_request_context("/", headers=headers):
        assert app.wsgi_app.__class__.__name__ == "ProxyFix"


def test_without_trusted_proxies_forwarded_headers_are_ignored(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in _session_set_cookie(response)


def test_session_cookie_secure_forces_the_flag_even_over_http(tmp_path):
    from matcher.web import create_app

    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "db.sqlite3"), "SESSION_COOKIE_SECURE": True}
    )
    assert "Secure" in _session_set_cookie(app.test_client().get("/"))


def test_the_shipped_password_hash_is_scrypt_with_n_2_to_the_15():
    from matcher.web.passwords import hash_password
    from matcher.web.settings import SETTINGS

    method = next(s.default for s in SETTINGS if s.name == "PASSWORD_HASH_METHOD")
    assert method == "scrypt:32768:8:1"
    assert hash_password("correct horse battery", method).startswith("scrypt:32768:8:1$")


def test_a_minimum_password_length_below_the_common_list_stops_startup(tmp_path):
    from matcher.web import create_app

    with pytest.raises(RuntimeError, match="PASSWORD_MIN_LENGTH"):
        create_app(
            {"TESTING": True, "DATABASE": str(tmp_path / "db.sqlite3"), "PASSWORD_MIN_LENGTH": 6}
        )


def test_the_common_passwords_list_is_shipped_lowercased_and_long_enough():
    from matcher.web.passwords import common_passwords

    words = common_passwords()
    assert len(words) > 8000
    assert "password1" in words
    assert all(w == w.lower() and len(w) >= 8 for w in words)
