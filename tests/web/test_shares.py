"""Share links: a read-only view of one report, the resume's text left out unless included,
revocable, optionally expiring."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import RESUME_TEXT, create_share, post_form, save_as, sql

pytestmark = pytest.mark.both_databases

MARKER = "Okapi-resume-marker-3317"
RESUME = RESUME_TEXT.replace("Built REST APIs", f"{MARKER} built REST APIs")


def test_a_share_link_shows_the_report_to_a_visitor_without_the_resume_text(app, client, account):
    report = save_as(client, resume=RESUME, label="Shared posting")
    assert MARKER in client.get(report).get_data(as_text=True)  # the owner sees the snippets
    link = create_share(client, report)
    page = app.test_client().get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Shared posting" in html
    assert "Django" in html  # the skills and score stay
    assert MARKER not in html
    assert "Jane Roe" not in html
    assert "Delete this report" not in html  # read-only
    assert "Compare a new version" not in html


def test_the_owner_may_include_the_resume_text_in_a_share(app, client, account):
    report = save_as(client, resume=RESUME)
    link = create_share(client, report, include_resume="y")
    assert MARKER in app.test_client().get(link).get_data(as_text=True)


def test_the_share_token_is_long_random_and_stored_only_as_a_digest(app, client, account):
    link = create_share(client, save_as(client))
    token = link.rsplit("/", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", token)
    stored = [row[0] for row in sql(app, "SELECT token_hash FROM shares")]
    assert stored and token not in stored


def test_a_revoked_share_link_is_a_404_at_once(app, client, account):
    report = save_as(client)
    link = create_share(client, report)
    visitor = app.test_client()
    assert visitor.get(link).status_code == 200
    share_id = re.search(r"/shares/(\d+)/revoke", client.get(report).get_data(as_text=True))
    response = post_form(
        client, f"{report}/shares/{share_id.group(1)}/revoke", {}, form_page=report
    )
    assert response.status_code == 303
    assert visitor.get(link).status_code == 404


def test_an_expired_share_link_is_a_404(app, client, account):
    link = create_share(client, save_as(client), expires_days="1")
    assert app.test_client().get(link).status_code == 200
    sql(app, "UPDATE shares SET expires = '2000-01-01 00:00:00'")
    assert app.test_client().get(link).status_code == 404


def test_deleting_the_report_closes_its_share_links(app, client, account):
    report = save_as(client)
    link = create_share(client, report)
    post_form(client, f"{report}/delete", {}, form_page=report)
    assert app.test_client().get(link).status_code == 404


def test_an_unknown_share_token_is_a_404(client):
    assert client.get("/shared/" + "x" * 43).status_code == 404
