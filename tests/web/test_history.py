"""Saved reports: save, list, reopen, compare a new resume version, delete (signed in; who
may open which report is tests/web/test_ownership.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.conftest import (
    PASSWORD,
    POSTING_TEXT,
    RESUME_TEXT,
    csrf_token,
    post_form,
    report_count,
    sqlite_files,
)

pytestmark = pytest.mark.both_databases

BETTER_RESUME = (
    RESUME_TEXT + "\nRan services on Kubernetes, provisioned with Terraform, cached in Redis.\n"
)


def _report_id(location: str) -> str:
    return re.search(r"/reports/([\w-]+)$", location).group(1)


def test_saving_stores_one_report_and_opens_it(app, client, save_report):
    location = save_report(label="Acme backend")
    page = client.get(location)
    html = page.get_data(as_text=True)
    assert report_count(app) == 1
    assert page.status_code == 200
    assert "Acme backend" in html
    assert "Report saved." in html
    assert "Kubernetes" in html


def test_a_report_saved_without_a_title_is_named_after_the_postings_first_line(client, save_report):
    html = client.get(save_report()).get_data(as_text=True)
    assert "Senior Backend Engineer" in html


def test_the_history_lists_saved_reports_newest_first(client, save_report):
    first = _report_id(save_report(label="First posting"))
    second = _report_id(save_report(label="Second posting"))
    html = client.get("/history").get_data(as_text=True)
    assert html.index(f"/reports/{second}") < html.index(f"/reports/{first}")
    assert "First posting" in html
    assert "Second posting" in html


def test_an_empty_history_says_how_to_save_a_report(client, account):
    assert "No saved reports" in client.get("/history").get_data(as_text=True)


def test_a_saved_report_is_rebuilt_from_its_texts_not_taken_from_the_browser(app, client, account):
    token = csrf_token(client)
    response = client.post(
        "/reports",
        data={
            "csrf_token": token,
            "resume_text": RESUME_TEXT,
            "posting_text": POSTING_TEXT,
            "report_json": '{"score": 100}',
        },
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "100 / 100" not in html
    assert report_count(app) == 1


def test_saving_without_a_csrf_token_stores_nothing(app, client, account):
    response = client.post(
        "/reports", data={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    )
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)
    assert report_count(app) == 0


def test_saving_without_the_texts_is_a_400(app, client, account):
    response = client.post("/reports", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 400
    assert report_count(app) == 0


def test_comparing_a_better_resume_shows_the_gain(client, save_report):
    location = save_report()
    response = post_form(
        client,
        f"{location}/compare",
        {"resume_text": BETTER_RESUME},
        form_page=f"{location}/compare",
    )
    html = response.get_data(as_text=True)
    improved = re.search(r'<div class="improved">.*?</div>', html, re.S).group(0)
    assert response.status_code == 200
    assert 'class="delta up"' in html
    assert "Kubernetes" in improved
    assert "missing → matched" in improved


def test_comparing_a_weaker_resume_lists_what_was_lost(client, save_report):
    location = save_report()
    weaker = RESUME_TEXT.replace("PostgreSQL", "databases")
    html = post_form(client, f"{location}/compare", {"resume_text": weaker}).get_data(as_text=True)
    lost = re.search(r'<div class="lost">.*?</div>', html, re.S).group(0)
    assert 'class="delta down"' in html
    assert "PostgreSQL" in lost


def test_compare_without_a_resume_is_a_400_beside_the_field(client, save_report):
    location = save_report()
    response = post_form(client, f"{location}/compare", {})
    assert response.status_code == 400
    assert "new version of your resume" in response.get_data(as_text=True)


def test_compare_rejects_a_bad_upload_like_the_form_does(client, save_report):
    import io

    location = save_report()
    response = post_form(
        client, f"{location}/compare", {"resume": (io.BytesIO(b"plain text"), "cv.pdf")}
    )
    assert response.status_code == 415


def test_deleting_removes_the_report_and_its_text_from_the_database_file(app, client, save_report):
    marker = "Zanzibar-unique-marker-4711"
    location = save_report(resume=RESUME_TEXT + marker)
    page = client.get(location).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"{location}/delete", data={"csrf_token": token})
    assert response.status_code == 303
    assert "Report deleted" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert report_count(app) == 0
    assert client.get(location).status_code == 404
    for path in sqlite_files(app):
        assert marker.encode() not in path.read_bytes()


def test_delete_asks_for_confirmation_on_the_report_page(client, save_report):
    html = client.get(save_report()).get_data(as_text=True)
    assert "Delete this report" in html
    assert "Yes, delete it" in html


def test_delete_without_a_csrf_token_keeps_the_report(app, client, save_report):
    location = save_report()
    response = client.post(f"{location}/delete")
    assert response.status_code == 400
    assert report_count(app) == 1


def test_deleting_a_missing_report_is_a_404(client, account):
    response = client.post("/reports/999/delete", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 404


def test_an_unknown_report_is_a_404_page(client, account):
    assert client.get("/reports/12345").status_code == 404
    assert client.get("/reports/12345/compare").status_code == 404


def test_a_saved_reports_id_is_random_url_safe_and_at_least_128_bits(client, save_report):
    ids = {_report_id(save_report()) for _ in range(3)}
    assert len(ids) == 3
    for report_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", report_id)  # 22 base64 characters: 132 bits


def test_the_history_without_an_account_sends_to_sign_in_and_back(app, client):
    from urllib.parse import parse_qs, urlsplit

    from tests.web.conftest import sign_up

    response = client.get("/history?page=2")
    location = urlsplit(response.headers["Location"])
    assert response.status_code == 302
    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": ["/history?page=2"]}
    sign_up(app.test_client(), "back@example.com")
    signed_in = post_form(
        client,
        "/login?next=%2Fhistory%3Fpage%3D2",
        {"email": "back@example.com", "password": PASSWORD},
        form_page="/login",
    )
    assert signed_in.headers["Location"] == "/history?page=2"


def test_saving_without_an_account_stores_nothing(app, client):
    response = client.post(
        "/reports",
        data={
            "csrf_token": csrf_token(client),
            "resume_text": RESUME_TEXT,
            "posting_text": POSTING_TEXT,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert report_count(app) == 0


def test_init_db_creates_the_tables(runner, app):
    if not app.config.get("DATABASE_URL"):
        Path(app.config["DATABASE"]).unlink()
    result = runner.invoke(args=["init-db"])
    assert "Initialized the database" in result.output
    assert report_count(app) == 0


def test_the_database_runs_in_wal_mode(app, client, save_report):
    import sqlite3

    if app.config.get("DATABASE_URL"):
        pytest.skip("WAL is SQLite's")
    save_report()
    with sqlite3.connect(app.config["DATABASE"]) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_saves_from_many_threads_at_once_all_land(app, client):
    import threading

    from tests.web.conftest import _CSRF_RE, sign_up

    own_clients = [app.test_client() for _ in range(8)]
    for n, own in enumerate(own_clients):
        sign_up(own, f"user{n}@example.com")

    def save_twice(own, failures: list[str]) -> None:
        token = _CSRF_RE.search(own.get("/").get_data(as_text=True)).group(1)
        for _ in range(2):
            response = own.post(
                "/reports",
                data={
                    "csrf_token": token,
                    "resume_text": RESUME_TEXT,
                    "posting_text": POSTING_TEXT,
                },
            )
            if response.status_code != 303:
                failures.append(str(response.status_code))

    failures: list[str] = []
    threads = [threading.Thread(target=save_twice, args=(own, failures)) for own in own_clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert report_count(app) == 16
