"""Accounts: sign up, sign in, sign out, sessions, next=, CSRF on every form, my data, deletion."""

from __future__ import annotations

import json
import re

import pytest

from matcher.web.accounts import local_path
from tests.web.conftest import (
    OTHER_PASSWORD,
    PASSWORD,
    create_api_token,
    create_share,
    csrf_token,
    post_form,
    report_count,
    save_as,
    sign_in,
    sign_up,
    sql,
    sqlite_files,
)

pytestmark = pytest.mark.both_databases


def _user_count(app) -> int:
    return sql(app, "SELECT count(*) FROM users")[0][0]


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


# --- sign up ---------------------------------------------------------------------------------


def test_signing_up_creates_an_account_signs_it_in_and_opens_the_history(app, client):
    response = post_form(
        client, "/signup", {"email": " Ann@Example.com ", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/history"
    page = client.get("/account").get_data(as_text=True)
    assert "ann@example.com" in page  # trimmed and lowercased
    assert _user_count(app) == 1


def test_the_password_is_stored_as_an_scrypt_hash_never_in_clear(app, client):
    sign_up(client, "ann@example.com")
    stored = sql(app, "SELECT password_hash FROM users")[0][0]
    assert stored.startswith("scrypt:")
    assert PASSWORD not in stored
    for path in sqlite_files(app):
        assert PASSWORD.encode() not in path.read_bytes()


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short pw", "short pw", "at least 10 characters"),
        ("password123", "password123", "most common"),
        ("Qwertyuiop", "Qwertyuiop", "most common"),  # the list is lowercased; so is the check
        ("anniversary-ann@example.com", "anniversary-ann@example.com", "email address"),
        (PASSWORD, OTHER_PASSWORD, "The two passwords differ"),
    ],
    ids=["too-short", "common", "common-in-capitals", "contains-the-address", "mismatch"],
)
def test_a_weak_or_mistyped_password_is_refused_with_the_reason(
    app, client, password, confirm, message
):
    response = post_form(
        client, "/signup", {"email": "ann@example.com", "password": password, "confirm": confirm}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _user_count(app) == 0


def test_an_invalid_email_address_is_refused(app, client):
    response = post_form(
        client, "/signup", {"email": "not-an-address", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 400
    assert "Enter an email address" in response.get_data(as_text=True)


def test_signing_up_with_a_taken_address_says_nothing_about_the_account(app, client):
    sign_up(app.test_client(), "ann@example.com")
    response = post_form(
        client,
        "/signup",
        {"email": "ANN@example.com", "password": OTHER_PASSWORD, "confirm": OTHER_PASSWORD},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "could not be created" in html
    assert "already exists" not in html
    assert "taken" not in html
    assert _user_count(app) == 1


# --- sign in and out -------------------------------------------------------------------------


def test_signing_in_with_the_right_password_opens_the_history(app, client):
    sign_up(app.test_client(), "ann@example.com")
    response = sign_in(client, "ann@example.com")
    assert response.status_code == 303
    assert client.get("/history").status_code == 200


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(app, client):
    sign_up(app.test_client(), "ann@example.com")
    wrong = sign_in(client, "ann@example.com", OTHER_PASSWORD)
    unknown = sign_in(client, "nobody@example.com", OTHER_PASSWORD)
    assert wrong.status_code == unknown.status_code == 400

    def alert(response) -> str:
        return re.search(r'role="alert">([^<]*)<', response.get_data(as_text=True)).group(1)

    assert alert(wrong) == alert(unknown) == "The email address or password is not right."
    assert client.get("/history").status_code == 302


def test_the_session_cookie_changes_at_sign_in_and_keeps_nothing_from_before(app, client):
    sign_up(app.test_client(), "ann@example.com")
    token_before = csrf_token(client, "/login")
    cookie_before = _session_cookie(client)
    with client.session_transaction() as sess:
        sess["planted"] = "set before sign-in"
    assert sign_in(client, "ann@example.com").status_code == 303
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert "_user_id" in sess
    assert _session_cookie(client) != cookie_before
    assert csrf_token(client, "/account") != token_before


def test_signing_out_ends_the_session(client, account):
    assert client.get("/history").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/history")})
    assert response.status_code == 303
    assert client.get("/history").status_code == 302
    with client.session_transaction() as sess:
        assert "_user_id" not in sess


def test_a_replayed_cookie_from_a_signed_out_session_still_works_only_until_the_password_changes(
    app, client, account
):
    """Flask's session is a signed cookie: signing out cannot revoke a copy of it. Changing the
    password does: the copy's session token no longer matches the account's."""
    copy = app.test_client()
    copy.set_cookie("session", _session_cookie(client))
    assert copy.get("/history").status_code == 200
    response = post_form(
        client,
        "/account/password",
        {"current": PASSWORD, "password": OTHER_PASSWORD, "confirm": OTHER_PASSWORD},
        form_page="/account",
    )
    assert response.status_code == 303
    assert client.get("/history").status_code == 200  # this session stays signed in
    assert copy.get("/history").status_code == 302  # the other one is signed out


def test_changing_the_password_needs_the_current_one(app, client, account):
    response = post_form(
        client,
        "/account/password",
        {"current": "not my password", "password": OTHER_PASSWORD, "confirm": OTHER_PASSWORD},
        form_page="/account",
    )
    assert response.status_code == 400
    assert "not your current password" in response.get_data(as_text=True)
    assert sign_in(app.test_client(), account, PASSWORD).status_code == 303


def test_a_session_used_from_another_browser_is_signed_out(client, account):
    """Flask-Login's strong session protection: the cookie is bound to address and browser."""
    assert client.get("/history").status_code == 200
    assert client.get("/history", headers={"User-Agent": "another browser"}).status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/history",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/history\r\nLocation: https://evil.example",
        "evil.example",
    ],
)
def test_next_never_leads_to_another_host(app, client, target):
    sign_up(app.test_client(), "ann@example.com")
    response = post_form(
        client,
        "/login?" + __import__("urllib.parse").parse.urlencode({"next": target}),
        {"email": "ann@example.com", "password": PASSWORD},
        form_page="/login",
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/history"
    assert local_path(target) is None


def test_next_leads_back_to_a_local_page(app, client):
    sign_up(app.test_client(), "ann@example.com")
    response = post_form(
        client,
        "/login?next=/account",
        {"email": "ann@example.com", "password": PASSWORD},
        form_page="/login",
    )
    assert response.headers["Location"] == "/account"


# --- CSRF on every form ----------------------------------------------------------------------


FORMS = [
    ("/", {"resume_text": "Python", "posting_text": "Python"}),
    ("/signup", {"email": "new@example.com", "password": PASSWORD, "confirm": PASSWORD}),
    ("/login", {"email": "ann@example.com", "password": PASSWORD}),
    ("/logout", {}),
    ("/reports", {"resume_text": "Python", "posting_text": "Python"}),
    ("{report}/compare", {"resume_text": "Python"}),
    ("{report}/shares", {"expires_days": ""}),
    ("{report}/shares/{share}/revoke", {}),
    ("{report}/delete", {}),
    ("/account/password", {"current": PASSWORD, "password": "x" * 12, "confirm": "x" * 12}),
    ("/account/tokens", {"name": "script"}),
    ("/account/tokens/{token}/revoke", {}),
    ("/account/delete", {"password": PASSWORD}),
    ("/rank", {"posting_text": "Python", "resume_text": "Python"}),
    ("/rank/export?format=csv", {"ranking": "[]", "mode": "resumes"}),
]


@pytest.mark.parametrize("token", ["missing", "wrong"])
@pytest.mark.parametrize(("path", "data"), FORMS, ids=[p for p, _ in FORMS])
def test_every_form_refuses_a_post_without_its_csrf_token(app, client, account, path, data, token):
    report = save_as(client)
    create_share(client, report)
    create_api_token(client)
    share = re.search(r"/shares/(\d+)/revoke", client.get(report).get_data(as_text=True)).group(1)
    token_id = re.search(
        r"/account/tokens/(\d+)/revoke", client.get("/account").get_data(as_text=True)
    ).group(1)
    url = path.format(report=report, share=share, token=token_id)
    body = dict(data)
    if token == "wrong":
        body["csrf_token"] = "IjAwMDAi.bad.token"
    response = client.post(url, data=body)
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)
    assert client.get("/history").status_code == 200  # still signed in: /logout did nothing
    assert report_count(app) == 1
    assert _user_count(app) == 1


# --- my data and deletion --------------------------------------------------------------------


def test_download_my_data_gives_every_report_with_its_texts(client, account):
    save_as(client, label="First")
    save_as(client, resume="Go and Rust developer.", label="Second")
    response = client.get("/account/export")
    data = json.loads(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert data["account"]["email"] == "ann@example.com"
    assert [r["label"] for r in data["reports"]] == ["First", "Second"]
    assert data["reports"][1]["resume_text"].startswith("Go and Rust developer.")
    assert "password" not in json.dumps(data["account"])


def test_deleting_the_account_removes_its_reports_and_tokens_from_the_database_file(
    app, client, account
):
    marker = "Quagga-unique-marker-9051"
    save_as(client, resume="Python developer. " + marker)
    token = create_api_token(client)
    other = app.test_client()
    sign_up(other, "bob@example.com")
    save_as(other)
    response = post_form(client, "/account/delete", {"password": PASSWORD}, form_page="/account")
    assert response.status_code == 303
    assert client.get("/history").status_code == 302
    assert sign_in(app.test_client(), account).status_code == 400
    assert (
        app.test_client()
        .get("/api/v1/reports", headers={"Authorization": f"Bearer {token}"})
        .status_code
        == 401
    )
    assert report_count(app) == 1  # Bob's
    for path in sqlite_files(app):
        data = path.read_bytes()
        assert marker.encode() not in data
        assert b"ann@example.com" not in data


def test_deleting_the_account_needs_its_password(app, client, account):
    save_as(client)
    response = post_form(client, "/account/delete", {"password": "wrong one"}, form_page="/account")
    assert response.status_code == 400
    assert report_count(app) == 1


def test_signed_in_the_sign_in_form_still_shows_and_switches_accounts(app, client, account):
    sign_up(app.test_client(), "bob@example.com")
    page = client.get("/login").get_data(as_text=True)
    assert "You are signed in as ann@example.com" in page
    assert sign_in(client, "bob@example.com").status_code == 303
    assert "bob@example.com" in client.get("/account").get_data(as_text=True)


def test_the_session_is_bound_to_the_real_address_not_a_forwarded_header(client, account):
    assert client.get("/history", headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 200
    moved = client.get("/history", environ_overrides={"REMOTE_ADDR": "198.51.100.4"})
    assert moved.status_code == 302
