"""Stored and reflected markup: a title, a pasted text, a file name and a token name holding
script and markup are shown escaped on every page that shows them (tests/web/test_browser_accounts.py
checks the same in Chromium, where no dialog may open)."""

from __future__ import annotations

import io
import re

import pytest
from markupsafe import escape

from tests.web.conftest import (
    POSTING_TEXT,
    RESUME_TEXT,
    create_api_token,
    create_share,
    post_form,
    save_as,
)

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<svg/onload=alert(3)>",
    "javascript:alert(4)//</textarea><b>bold</b>",
)
RAW = ("<script>alert", "<img src=x", "<svg/onload", "</textarea><b>")


def _assert_escaped(html: str, where: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{raw!r} unescaped on {where}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_title_and_resume_are_escaped_on_every_page(app, client, account, payload):
    resume = RESUME_TEXT.replace("Built REST APIs", f"{payload} Built REST APIs")
    report = save_as(client, resume=resume, label=f"Title {payload}")
    share = create_share(client, report, include_resume="y")
    compare = post_form(client, f"{report}/compare", {"resume_text": resume + "\nKubernetes"})
    pages = {
        "history": client.get("/history"),
        "report": client.get(report),
        "compare form": client.get(f"{report}/compare"),
        "compare result": compare,
        "shared": app.test_client().get(share),
        "match result": post_form(
            client, "/", {"resume_text": resume, "posting_text": POSTING_TEXT}
        ),
    }
    for where, response in pages.items():
        html = response.get_data(as_text=True)
        assert response.status_code == 200, where
        _assert_escaped(html, where)
    assert str(escape(payload)) in pages["report"].get_data(as_text=True)  # the snippet shows it
    assert str(escape(f"Title {payload}")) in pages["history"].get_data(as_text=True)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_token_name_is_escaped_on_the_account_page(client, account, payload):
    create_api_token(client, f"laptop {payload}")
    _assert_escaped(client.get("/account").get_data(as_text=True), "account")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_file_name_is_escaped_on_the_ranking_page(client, payload):
    # A slash cannot be in a file name, and a browser sends a double quote as %22.
    name = re.sub(r"[/\\]", "_", payload).replace('"', "'") + ".txt"
    response = post_form(
        client,
        "/rank",
        {
            "posting_text": POSTING_TEXT,
            "resumes": [(io.BytesIO(RESUME_TEXT.encode()), name)],
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert str(escape(name)) in html  # the name is shown, as text
    _assert_escaped(html, "rank")


def test_a_hostile_email_address_is_escaped_where_it_is_shown(app, client):
    email = "a<script>alert(1)</script>@example.com"
    response = post_form(
        client,
        "/signup",
        {
            "email": email,
            "password": "plum orchard lantern 42",
            "confirm": "plum orchard lantern 42",
        },
    )
    html = response.get_data(as_text=True)
    _assert_escaped(html, "signup")
    if response.status_code == 303:
        _assert_escaped(client.get("/account").get_data(as_text=True), "account")
