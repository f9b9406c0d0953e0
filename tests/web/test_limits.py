"""Abuse limits: sign-in and sign-up per address and per account, matching per address; a
limit answers 429 with a message and Retry-After (a page for forms, JSON for the API)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from matcher.web import create_app
from matcher.web.db import close_connections
from tests.web.conftest import (
    OTHER_PASSWORD,
    PASSWORD,
    POSTING_TEXT,
    RESUME_TEXT,
    TEST_HASH_METHOD,
    csrf_token,
    post_form,
    sign_in,
    sign_up,
)

TIGHT = {
    "LOGIN_LIMIT_PER_ADDRESS": "4 per minute",
    "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
    "SIGNUP_LIMIT_PER_ADDRESS": "3 per minute",
    "SIGNUP_LIMIT_PER_ACCOUNT": "2 per minute",
    "MATCH_LIMIT_PER_ADDRESS": "2 per minute",
}


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": True,
            "DATABASE": str(tmp_path / "matcher.sqlite3"),
            "PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
            **TIGHT,
        }
    )
    yield app
    close_connections()


def _from(app: Flask, address: str):
    """A client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_brute_force_against_sign_in_gets_429_with_a_page_and_retry_after(limited):
    sign_up(_from(limited, "10.0.0.1"), "ann@example.com")
    attacker = _from(limited, "10.0.0.2")
    statuses = [
        sign_in(attacker, "ann@example.com", f"guess number {n}").status_code for n in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]
    blocked = sign_in(attacker, "ann@example.com", PASSWORD)  # even the right password now
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 60  # a per-minute limit
    assert blocked.mimetype == "text/html"
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_the_account_limit_holds_across_addresses(limited):
    sign_up(_from(limited, "10.0.0.1"), "ann@example.com")
    statuses = [
        sign_in(_from(limited, f"10.0.1.{n}"), "ann@example.com", OTHER_PASSWORD).status_code
        for n in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    other_account = sign_in(_from(limited, "10.0.1.9"), "bob@example.com", OTHER_PASSWORD)
    assert other_account.status_code == 400  # limited per account, not for everyone


def test_the_address_limit_holds_across_accounts(limited):
    attacker = _from(limited, "10.0.0.3")
    statuses = [
        sign_in(attacker, f"user{n}@example.com", OTHER_PASSWORD).status_code for n in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429]


def test_successful_sign_ins_do_not_count_against_the_limit(limited):
    sign_up(_from(limited, "10.0.0.1"), "ann@example.com")
    for _ in range(6):
        client = _from(limited, "10.0.0.4")
        assert sign_in(client, "ann@example.com").status_code == 303


def test_sign_up_is_limited_per_address(limited):
    client = _from(limited, "10.0.0.5")
    statuses = []
    for n in range(4):
        response = post_form(
            client,
            "/signup",
            {"email": f"new{n}@example.com", "password": "short", "confirm": "short"},
        )
        statuses.append(response.status_code)
    assert statuses == [400, 400, 400, 429]


def test_matching_through_the_api_is_limited_per_address_with_a_json_429(limited):
    client = _from(limited, "10.0.0.6")
    body = {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    statuses = [client.post("/api/v1/match", json=body).status_code for _ in range(3)]
    blocked = client.post("/api/v1/match", json=body)
    assert statuses == [200, 200, 429]
    assert blocked.status_code == 429
    assert blocked.get_json()["error"]["status"] == 429
    assert "Too many" in blocked.get_json()["error"]["message"]
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    assert _from(limited, "10.0.0.7").post("/api/v1/match", json=body).status_code == 200


def test_matching_through_the_form_shares_the_limit_and_shows_the_form_again(limited):
    client = _from(limited, "10.0.0.8")
    body = {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    client.post("/api/v1/match", json=body)
    client.post("/api/v1/match", json=body)
    response = client.post("/", data={"csrf_token": csrf_token(client), **body})
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert 'class="match"' in response.get_data(as_text=True)


def test_limits_can_be_switched_off(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "db.sqlite3"),
            "RATELIMIT_ENABLED": False,
            **TIGHT,
        }
    )
    client = app.test_client()
    body = {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    assert {client.post("/api/v1/match", json=body).status_code for _ in range(4)} == {200}
    close_connections()
