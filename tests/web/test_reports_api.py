"""Saved reports over the API with a personal bearer token: list, save, get, delete."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import (
    POSTING_TEXT,
    RESUME_TEXT,
    create_api_token,
    post_form,
    report_count,
    save_as,
    sql,
)

pytestmark = pytest.mark.both_databases


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def token(client, account) -> str:
    return create_api_token(client, "script")


def test_a_token_saves_lists_gets_and_deletes_its_accounts_reports(app, client, token):
    api = app.test_client()  # no cookie: the token alone
    saved = api.post(
        "/api/v1/reports",
        json={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT, "label": "From a script"},
        headers=_bearer(token),
    )
    body = saved.get_json()
    assert saved.status_code == 201
    assert saved.headers["Location"] == f"/api/v1/reports/{body['id']}"
    assert body["report"]["score"] > 0
    listing = api.get("/api/v1/reports", headers=_bearer(token)).get_json()
    assert [r["label"] for r in listing["reports"]] == ["From a script"]
    one = api.get(f"/api/v1/reports/{body['id']}", headers=_bearer(token)).get_json()
    assert one["resume_text"].startswith("Jane Roe")
    assert "From a script" in client.get("/history").get_data(as_text=True)  # the same account
    assert api.delete(f"/api/v1/reports/{body['id']}", headers=_bearer(token)).status_code == 204
    assert report_count(app) == 0


def test_the_api_sees_reports_saved_in_the_browser(app, client, token):
    location = save_as(client, label="From the page")
    listing = app.test_client().get("/api/v1/reports", headers=_bearer(token)).get_json()
    assert listing["reports"][0]["id"] == location.rsplit("/", 1)[1]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer "}, {"Authorization": "Basic YTpi"}, _bearer("mt_not-a-token")],
    ids=["none", "empty", "basic", "unknown"],
)
def test_without_a_valid_token_the_api_answers_401_with_a_bearer_challenge(app, headers):
    response = app.test_client().get("/api/v1/reports", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"]["status"] == 401


def test_the_session_cookie_alone_does_not_open_the_api(client, account):
    """The API is exempt from CSRF, so a cookie must never be enough there."""
    save_as(client)
    assert client.get("/api/v1/reports").status_code == 401


def test_a_revoked_token_stops_working_at_once(app, client, token):
    api = app.test_client()
    assert api.get("/api/v1/reports", headers=_bearer(token)).status_code == 200
    token_id = re.search(
        r"/account/tokens/(\d+)/revoke", client.get("/account").get_data(as_text=True)
    ).group(1)
    response = post_form(client, f"/account/tokens/{token_id}/revoke", {}, form_page="/account")
    assert response.status_code == 303
    assert api.get("/api/v1/reports", headers=_bearer(token)).status_code == 401


def test_tokens_are_stored_as_digests_and_shown_once(app, client, token):
    stored = [row[0] for row in sql(app, "SELECT token_hash FROM api_tokens")]
    assert stored and token not in stored
    assert token not in client.get("/account").get_data(as_text=True)
    assert "script" in client.get("/account").get_data(as_text=True)  # listed by its name


def test_saving_through_the_api_checks_its_input_like_matching(app, token):
    response = app.test_client().post(
        "/api/v1/reports", json={"resume_text": RESUME_TEXT}, headers=_bearer(token)
    )
    assert response.status_code == 400
    assert "posting" in response.get_json()["error"]["message"]
    assert report_count(app) == 0
