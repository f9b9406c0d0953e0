"""Fifty clients, each with its own account, save and reopen reports at once against gunicorn,
on SQLite and on PostgreSQL; afterwards every row is checked: nothing lost, nothing duplicated, nothing mixed up
between clients or accounts."""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa

from benchmarks.client import Response, Session, json_body
from benchmarks.server import LiveServer

CLIENTS = 50
SKILLS = (
    "Python", "Django", "PostgreSQL", "Docker", "Kubernetes", "Redis", "Kafka", "Terraform",
    "Go", "Java", "AWS", "GraphQL",
)  # fmt: skip
POSTING = """Senior Backend Engineer

Requirements
- Python and Django, PostgreSQL in production
- Docker and Kubernetes, Terraform on AWS
- Redis and Kafka

Nice to have
- GraphQL
"""
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_REPORT_ID = re.compile(r"/reports/([\w-]+)$")
PASSWORD = "load test password 50"

pytestmark = pytest.mark.both_databases


@dataclass
class Client:
    """One simulated user: a resume with its own skills and marker, and what it saved."""

    index: int
    marker: str = field(default_factory=lambda: "mk" + secrets.token_hex(6))
    expected_score: float | None = None
    saved: dict[str, str] = field(default_factory=dict)  # report id -> label
    reopened: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def skills(self) -> tuple[str, ...]:
        # Each client holds a different subset of the posting's skills, so scores differ.
        return tuple(s for k, s in enumerate(SKILLS) if (self.index >> (k % 6)) & 1 or k == 0)

    def resume(self) -> str:
        return (
            f"Candidate {self.index}, reference {self.marker}.\n"
            f"Experience: built backend services with {', '.join(self.skills)} "
            f"({self.marker})."
        )

    def label(self, n: int) -> str:
        return f"{self.marker} save {n}"

    @property
    def email(self) -> str:
        return f"{self.marker}@example.com"


def sign_up(session: Session, client: Client) -> str | None:
    """Create the client's account through the form; return the signed-in CSRF token."""
    page = session.request("GET", "/signup")
    token = _CSRF.search(page.text)
    if page.status != 200 or not token:
        client.failures.append(f"GET /signup answered {page.status} without a CSRF token")
        return None
    form = urlencode(
        {
            "csrf_token": token.group(1),
            "email": client.email,
            "password": PASSWORD,
            "confirm": PASSWORD,
        }
    ).encode()
    created = session.request("POST", "/signup", form, "application/x-www-form-urlencoded")
    if created.status != 303:
        client.failures.append(f"sign-up answered {created.status}: {created.text[:200]}")
        return None
    page = session.request("GET", "/")  # sign-in starts a new session, with a new token
    token = _CSRF.search(page.text)
    if page.status != 200 or not token:
        client.failures.append(f"GET / answered {page.status} without a CSRF token")
        return None
    return token.group(1)


def save_report(session: Session, csrf: str, client: Client, label: str) -> Response:
    """Post the client's resume against the posting to the save form; the response."""
    form = urlencode(
        {
            "csrf_token": csrf,
            "label": label,
            "resume_text": client.resume(),
            "posting_text": POSTING,
        }
    ).encode()
    return session.request("POST", "/reports", form, "application/x-www-form-urlencoded")


def run_client(live: LiveServer, client: Client, seconds: float, start: threading.Event) -> None:
    """Save, reopen and list reports until the time is up; record anything unexpected."""
    session = Session(live.host, live.port, timeout=60)
    try:
        body, ctype = json_body({"resume_text": client.resume(), "posting_text": POSTING})
        api = session.request("POST", "/api/v1/match", body, ctype)
        if api.status != 200:
            client.failures.append(f"match answered {api.status}")
            return
        client.expected_score = api.json()["score"]
        csrf = sign_up(session, client)
        if csrf is None:
            return
        start.wait()
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            n += 1
            label = client.label(n)
            saved = save_report(session, csrf, client, label)
            location = urlsplit(saved.headers.get("location", "")).path
            found = _REPORT_ID.search(location)
            if saved.status != 303 or not found:
                client.failures.append(f"save {n} answered {saved.status}: {saved.text[:200]}")
                continue
            report_id = found.group(1)
            if report_id in client.saved:
                client.failures.append(f"save {n} got the id {report_id} of an earlier save")
            client.saved[report_id] = label
            # Reopen this one and, now and then, an older one of ours.
            for rid in {report_id, min(client.saved)}:
                page = session.request("GET", f"/reports/{rid}")
                text = page.text
                own = client.saved[rid]
                if page.status != 200:
                    client.failures.append(f"reopening {rid} answered {page.status}")
                elif own not in text or f"report #{rid}" not in text:
                    client.failures.append(f"reopening {rid} did not show {own!r}")
                elif f"{client.expected_score:.0f}/100" not in text:
                    client.failures.append(f"reopening {rid} shows another score")
                else:
                    client.reopened += 1
            if n % 5 == 0:
                listing = session.request("GET", "/history")
                if listing.status != 200:
                    client.failures.append(f"GET /history answered {listing.status}")
    except Exception as exc:  # a crashed client is a failure to report, not to hide
        client.failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        session.close()


def hammer(live: LiveServer, seconds: float) -> list[Client]:
    clients = [Client(i) for i in range(CLIENTS)]
    start = threading.Event()
    threads = [
        threading.Thread(target=run_client, args=(live, c, seconds, start), daemon=True)
        for c in clients
    ]
    for t in threads:
        t.start()
    start.set()
    for t in threads:
        t.join(seconds + 120)
    assert not any(t.is_alive() for t in threads), "a client is stuck"
    return clients


def check_rows(live: LiveServer, clients: list[Client]) -> None:
    """Every saved report is in the database once, with its own client's texts and score."""
    by_marker = {c.marker: c for c in clients}
    engine = sa.create_engine(live.database_url)
    try:
        with engine.connect() as db:
            rows = db.exec_driver_sql(
                "SELECT r.id, r.label, r.resume_text, r.posting_text, r.score, u.email"
                " FROM reports r JOIN users u ON u.id = r.user_id"
            ).fetchall()
    finally:
        engine.dispose()
    stored = {row[0]: row for row in rows}
    expected = {rid: (c, label) for c in clients for rid, label in c.saved.items()}
    assert len(expected) == sum(len(c.saved) for c in clients), "two clients got the same id"
    assert set(stored) == set(expected), (
        f"{len(set(expected) - set(stored))} saved reports missing, "
        f"{len(set(stored) - set(expected))} rows nobody saved"
    )
    for rid, (client, label) in expected.items():
        _, row_label, resume, posting, score, email = stored[rid]
        assert email == client.email, f"report {rid} belongs to another account"
        assert row_label == label, (rid, row_label, label)
        assert resume == client.resume(), f"report {rid} holds another client's resume"
        assert posting.strip() == POSTING.strip()
        assert score == client.expected_score, (rid, score, client.expected_score)
        assert by_marker[label.split()[0]] is client


def run_and_check(live: LiveServer, seconds: float) -> None:
    clients = hammer(live, seconds)
    failures = [f"client {c.index}: {f}" for c in clients for f in c.failures]
    assert not failures, f"{len(failures)} failures, first: {failures[:5]}\n{live.log_tail(2000)}"
    assert all(c.saved for c in clients), "a client never managed to save"
    assert all(c.reopened >= len(c.saved) for c in clients)
    check_rows(live, clients)
    assert live.alive()


def test_fifty_clients_saving_and_reopening_for_ten_seconds_lose_and_mix_nothing(
    live: LiveServer,
) -> None:
    run_and_check(live, 10)


@pytest.mark.slow
def test_fifty_clients_saving_and_reopening_for_a_minute_lose_and_mix_nothing(
    live: LiveServer,
) -> None:
    run_and_check(live, 60)
