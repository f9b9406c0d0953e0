"""Who may reach a saved report: two accounts and an anonymous visitor against every route that
takes a report id or a token. Only the owner sees, compares, shares and deletes; for everyone
else each route answers 404, exactly as for an id that does not exist."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import (
    RESUME_TEXT,
    create_api_token,
    create_share,
    csrf_token,
    report_count,
    save_as,
    sign_up,
)

pytestmark = pytest.mark.both_databases

ACTORS = ("owner", "other_account", "anonymous")


@dataclass
class World:
    """Ann's saved report with a share link and an API token; Bob's account and token; a
    visitor without an account."""

    app: Flask
    clients: dict[str, FlaskClient]
    tokens: dict[str, str | None]
    report_id: str
    share_id: str
    token_id: str

    def csrf(self, actor: str) -> str:
        return csrf_token(self.clients[actor], "/")


@pytest.fixture
def world(app: Flask) -> World:
    ann, bob, visitor = app.test_client(), app.test_client(), app.test_client()
    sign_up(ann, "ann@example.com")
    sign_up(bob, "bob@example.com")
    location = save_as(ann, label="Ann report Q3")
    share_path = create_share(ann, location)
    assert ann.get(share_path).status_code == 200
    page = ann.get(location).get_data(as_text=True)
    share_id = re.search(r"/shares/(\d+)/revoke", page).group(1)
    ann_token = create_api_token(ann)
    token_id = re.search(
        r"/account/tokens/(\d+)/revoke", ann.get("/account").get_data(as_text=True)
    ).group(1)
    return World(
        app=app,
        clients={"owner": ann, "other_account": bob, "anonymous": visitor},
        tokens={"owner": ann_token, "other_account": create_api_token(bob), "anonymous": None},
        report_id=location.rsplit("/", 1)[1],
        share_id=share_id,
        token_id=token_id,
    )


def _page(world: World, actor: str, method: str, path: str, data: dict | None = None):
    client = world.clients[actor]
    if method == "GET":
        return client.get(path)
    body = {"csrf_token": world.csrf(actor), **(data or {})}
    return client.post(path, data=body, content_type="multipart/form-data")


def _api(world: World, actor: str, method: str, path: str):
    token = world.tokens[actor]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return world.clients[actor].open(path, method=method, headers=headers)


# (name, how to call it, status for the owner)
ROUTES = {
    "show": (lambda w, a: _page(w, a, "GET", f"/reports/{w.report_id}"), 200),
    "compare form": (lambda w, a: _page(w, a, "GET", f"/reports/{w.report_id}/compare"), 200),
    "compare": (
        lambda w, a: _page(
            w, a, "POST", f"/reports/{w.report_id}/compare", {"resume_text": RESUME_TEXT}
        ),
        200,
    ),
    "share": (
        lambda w, a: _page(w, a, "POST", f"/reports/{w.report_id}/shares", {"expires_days": ""}),
        200,
    ),
    "revoke share": (
        lambda w, a: _page(w, a, "POST", f"/reports/{w.report_id}/shares/{w.share_id}/revoke"),
        303,
    ),
    "delete": (lambda w, a: _page(w, a, "POST", f"/reports/{w.report_id}/delete"), 303),
    "revoke API token": (
        lambda w, a: _page(w, a, "POST", f"/account/tokens/{w.token_id}/revoke"),
        303,
    ),
    "API get": (lambda w, a: _api(w, a, "GET", f"/api/v1/reports/{w.report_id}"), 200),
    "API delete": (lambda w, a: _api(w, a, "DELETE", f"/api/v1/reports/{w.report_id}"), 204),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES)
def test_only_the_owner_reaches_a_report_and_everyone_else_gets_a_404(world, route, actor):
    call, owner_status = ROUTES[route]
    response = call(world, actor)
    if actor == "owner":
        assert response.status_code == owner_status
    elif actor == "anonymous" and route.startswith("API"):
        # No token, no account to own anything: 401 for every id alike, as the API says.
        assert response.status_code == 401
    else:
        assert response.status_code == 404
        assert "Ann report Q3" not in response.get_data(as_text=True)
        assert report_count(world.app) == 1  # nothing deleted by a stranger


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES)
def test_a_report_that_does_not_exist_answers_like_someone_elses(world, route, actor):
    world.report_id = "A" * 22
    world.share_id = "999999"
    world.token_id = "999999"
    response = ROUTES[route][0](world, actor)
    expected = 401 if actor == "anonymous" and route.startswith("API") else 404
    assert response.status_code == expected


def test_another_accounts_history_and_export_do_not_list_the_report(world):
    bob = world.clients["other_account"]
    assert "Ann report Q3" not in bob.get("/history").get_data(as_text=True)
    assert world.report_id not in bob.get("/account/export").get_data(as_text=True)
    listing = bob.get(
        "/api/v1/reports", headers={"Authorization": f"Bearer {world.tokens['other_account']}"}
    ).get_json()
    assert listing["total"] == 0


def test_the_owners_history_lists_the_report(world):
    html = world.clients["owner"].get("/history").get_data(as_text=True)
    assert f"/reports/{world.report_id}" in html


def test_a_visitor_without_an_account_is_told_how_to_open_their_own_report(world):
    response = world.clients["anonymous"].get(f"/reports/{world.report_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f"/login?next=/reports/{world.report_id}" in html
