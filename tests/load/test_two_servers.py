"""Two app servers, as on two hosts, share one PostgreSQL database: an account made through one
signs in through the other, and a report saved through either opens through both."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from benchmarks.client import Session
from benchmarks.server import app_importable, live_server
from tests.conftest import postgres_schema
from tests.load.conftest import NO_LIMITS
from tests.load.test_concurrent_history import Client, save_report, sign_up

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _save(session: Session, csrf: str, client: Client, label: str) -> str:
    saved = save_report(session, csrf, client, label)
    assert saved.status == 303, saved.text[:300]
    return urlsplit(saved.headers["location"]).path


def test_a_report_saved_through_one_server_opens_through_the_other() -> None:
    problem = app_importable()
    if problem:
        pytest.skip(problem)
    from matcher.web.migrate import upgrade

    with postgres_schema() as url:
        upgrade(url)
        # One secret key for both, as every host behind a proxy needs: a session is one cookie.
        env = {**NO_LIMITS, "MATCHER_DATABASE_URL": url, "MATCHER_SECRET_KEY": "k" * 64}
        with live_server(workers=2, env=env) as one, live_server(workers=2, env=env) as two:
            client = Client(0)
            on_one = Session(one.host, one.port, timeout=60)
            on_two = Session(two.host, two.port, timeout=60)
            try:
                csrf = sign_up(on_one, client)
                assert csrf, client.failures
                first = _save(on_one, csrf, client, "saved through one")

                on_two.cookies.update(on_one.cookies)  # the same browser, another host
                page = on_two.request("GET", first)
                assert page.status == 200, page.text[:300]
                assert "saved through one" in page.text
                csrf_two = _CSRF.search(on_two.request("GET", "/").text).group(1)
                second = _save(on_two, csrf_two, client, "saved through two")
                assert on_one.request("GET", second).status == 200
                listing = on_one.request("GET", "/history").text
                assert "saved through one" in listing and "saved through two" in listing

                stranger = Session(two.host, two.port, timeout=60)
                assert stranger.request("GET", first).status == 404  # still its owner's alone
                stranger.close()
            finally:
                on_one.close()
                on_two.close()
            assert one.alive() and two.alive()
