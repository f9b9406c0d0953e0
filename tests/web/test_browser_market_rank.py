"""A real Chromium on the keyword map and the ranking page.

Like tests/web/test_browser.py: the app runs on a live werkzeug server in a thread and
Playwright's sync API drives Debian's Chromium. This module's server takes a 50-file ranking in
one request and reads market figures made up for the test. Screenshots (desktop and phone
width) go to /tmp.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import matcher.web.market as market_view
from matcher.vocab import default_vocabulary
from matcher.web import create_app
from tests.fixtures_gen import make_pdf, make_scanned_pdf
from tests.web.conftest import serve

pytestmark = pytest.mark.browser

MiB = 1024 * 1024
SCREENSHOTS = Path("/tmp")

POSTING = """Senior Backend Engineer, Payments

Requirements
- 5+ years building services in Python with Django or FastAPI
- PostgreSQL and Redis in production
- Kafka for event streaming
- Docker, Kubernetes and Terraform on AWS
- CI/CD with GitHub Actions

Nice to have
- GraphQL, Go
"""
POSTING_SKILLS = [
    "Python",
    "Django",
    "FastAPI",
    "PostgreSQL",
    "Redis",
    "Kafka",
    "Docker",
    "Kubernetes",
    "Terraform",
    "AWS",
    "CI/CD",
    "GitHub Actions",
    "GraphQL",
    "Go",
]
OTHER_SKILLS = ["Java", "Spring", "MySQL", "React", "TypeScript", "Excel", "Angular", "PHP"]
KNOWN = {  # name: (postings of 1000, resumes of 200)
    "Python": (240, 42),
    "TypeScript": (231, 6),
    "React": (224, 8),
    "PostgreSQL": (172, 9),
    "AWS": (167, 17),
    "Kubernetes": (95, 6),
    "Node.js": (94, 12),
    "Rust": (75, 1),
    "Go": (74, 3),
    "Docker": (72, 9),
    "JavaScript": (67, 34),
    "Java": (60, 51),
    "SQL": (36, 55),
    "Communication": (103, 49),
    "Terraform": (56, 3),
    "Kafka": (35, 2),
    "Redis": (39, 1),
    "Linux": (41, 27),
    "C++": (42, 28),
    "Excel": (8, 30),
}


def made_up_figures() -> dict[str, object]:
    """Market figures for every vocabulary skill: a few known shapes, the rest small and fixed."""
    skills = {}
    for s in default_vocabulary().skills:
        digest = hashlib.sha256(s.name.encode()).digest()
        postings, resumes = KNOWN.get(s.name, (digest[0] % 24, digest[1] % 9))
        skills[s.name] = {
            "category": s.category,
            "kind": s.kind,
            "postings": postings,
            "posting_share": postings / 1000,
            "required_share": postings / 1000,
            "nice_share": 0.0,
            "resumes": resumes,
            "resume_share": resumes / 200,
        }
    return {
        "about": "Made up for the browser test.",
        "sources": [
            {
                "file": "postings.jsonl",
                "kind": "postings",
                "documents": 1000,
                "attribution": "Postings made up for a test.",
            },
            {
                "file": "resumes.jsonl",
                "kind": "resumes",
                "documents": 200,
                "attribution": "Resumes made up for a test.",
            },
        ],
        "n_postings": 1000,
        "n_resumes": 200,
        "skills": skills,
    }


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app (CSRF on, room for 50 resumes in one request) on a free local port."""
    folder = tmp_path_factory.mktemp("market_rank")
    figures = folder / "market.json"
    figures.write_text(json.dumps(made_up_figures()), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(market_view, "MARKET_PATH", figures)
        app = create_app(
            {
                "TESTING": True,
                "WTF_CSRF_ENABLED": True,
                "DATABASE": str(folder / "matcher.sqlite3"),
                "MAX_FORM_PARTS": 128,
                "MAX_CONTENT_LENGTH": 32 * MiB,
            }
        )
    with serve(app) as url:
        yield url


def watch_console(page) -> list[str]:
    """Console errors, e.g. CSP violations; the one expected 422 of an unreadable file is not one."""
    errors: list[str] = []

    def seen(message) -> None:
        if message.type == "error" and "status of 422" not in message.text:
            errors.append(message.text)

    page.on("console", seen)
    return errors


def first_column(page) -> list[str]:
    return page.locator("table.market tbody th.skill-name").all_inner_texts()


def test_the_keyword_map_sorts_and_filters_in_the_browser(browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch_console(page)
    page.goto(live_server + "/market")
    chart = page.locator("svg.market-chart")
    assert chart.is_visible()
    assert chart.bounding_box()["width"] > 600
    labels = page.locator("svg.market-chart text.point-label").all_text_contents()
    assert "TypeScript" in labels and "Python" in labels
    assert 12 <= len(labels) <= 45  # the notable ones, not all of them
    assert first_column(page)[0] == "Python"
    page.screenshot(path=str(SCREENSHOTS / "market_desktop.png"), full_page=True)

    # Sort by supply with the column header: the most mentioned skill comes first.
    page.click("table.market thead a[data-sort=supply]")
    page.wait_for_url(re.compile(r"sort=supply"))
    assert first_column(page)[0] == "SQL"
    page.click("table.market thead a[data-sort=supply]")  # again: the reverse order
    page.wait_for_url(re.compile(r"dir=asc"))
    assert first_column(page)[0] != "SQL"

    # Choose a category: the script submits the filter at once.
    page.select_option("select[name=category]", "database")
    page.wait_for_url(re.compile(r"category=database"))
    categories = set(page.locator("table.market tbody td.category").all_inner_texts())
    assert categories == {"database"}

    page.goto(live_server + "/market")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "market_phone.png"), full_page=False)
    page.locator("section.market-table").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "market_phone_table.png"), full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not errors, errors
    page.close()


def resume_text(n: int, skills: list[str]) -> str:
    return (
        f"Candidate {n:02}\nBackend developer\n\nExperience\n"
        f"Built and ran services with {', '.join(skills)}.\n"
    )


@pytest.fixture(scope="module")
def fifty_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], str]:
    """50 resumes with different skill sets (text, a few PDFs, one scanned); the best one's name."""
    folder = tmp_path_factory.mktemp("resumes")
    files = []
    for n in range(49):
        # Candidate n knows the first k posting skills, k from 0 to 13, plus other skills.
        k = (n * 7) % 14
        skills = POSTING_SKILLS[:k] + OTHER_SKILLS[: (n % 5) + 1]
        if n % 12 == 5:
            path = folder / f"candidate-{n:02}.pdf"
            path.write_bytes(make_pdf(resume_text(n, skills)))
        else:
            path = folder / f"candidate-{n:02}.txt"
            path.write_text(resume_text(n, skills), encoding="utf-8")
        files.append(path)
    best = folder / "candidate-best.pdf"
    best.write_bytes(make_pdf(resume_text(99, POSTING_SKILLS)))
    files.append(best)
    scanned = folder / "candidate-scanned.pdf"
    scanned.write_bytes(make_scanned_pdf())
    files[0] = scanned  # 50 files, one of which cannot be read
    return files, best.name


def test_a_recruiter_ranks_fifty_resumes_with_progress_exports_and_opens_a_report(
    browser, live_server, fifty_files
):
    from playwright.sync_api import expect

    files, best = fifty_files
    assert len(files) == 50
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = watch_console(page)
    page.goto(live_server + "/rank")
    page.fill("textarea[name=posting_text]", POSTING)
    page.set_input_files("input[name=resumes]", [str(p) for p in files])

    started = time.perf_counter()
    page.click("form.rank button[type=submit]")
    page.wait_for_selector(".rank-progress progress", state="visible")
    expect(page.locator(".progress-text")).to_have_text("50 / 50", timeout=120_000)
    page.wait_for_selector("section.ranking[data-done=true]")
    elapsed = time.perf_counter() - started
    print(f"ranked 50 files through the page in {elapsed:.1f} s")

    rows = page.locator("table.ranking tbody tr")
    assert rows.count() == 50
    labels = page.locator("table.ranking tbody th.label").all_inner_texts()
    assert labels[0] == best
    scores = [int(s) for s in page.locator("table.ranking tbody .score-pill").all_inner_texts()]
    assert len(scores) == 49 and scores == sorted(scores, reverse=True)
    assert labels[-1] == "candidate-scanned.pdf"
    assert (
        "scanned" in page.locator("table.ranking tbody tr.failed .row-error").inner_text().lower()
    )
    page.locator(".rank-progress").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "rank_desktop.png"), full_page=False)

    # The table downloads as CSV, parsed back here.
    with page.expect_download() as info:
        page.click(".export-js button[data-export=csv]")
    rows_csv = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8"))))
    assert len(rows_csv) == 50
    assert rows_csv[0]["label"] == best and rows_csv[0]["rank"] == "1"
    assert float(rows_csv[0]["score"]) == pytest.approx(scores[0], abs=0.5)
    assert rows_csv[-1]["error"] and not rows_csv[-1]["score"]

    # "Full report" re-posts that resume with the posting to the report form, in a new tab.
    with context.expect_page() as new_tab:
        page.locator("table.ranking tbody tr").nth(1).locator(".report button").click()
    report = new_tab.value
    report.wait_for_selector("section.summary")
    second = page.locator("table.ranking tbody tr").nth(1).locator(".score-pill").inner_text()
    assert report.inner_text(".score") == f"{second} / 100"
    report.close()

    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("section.ranking").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "rank_phone.png"), full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not errors, errors
    context.close()


def test_without_a_script_the_ranking_comes_back_from_one_post(browser, live_server, fifty_files):
    files, best = fifty_files
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server + "/rank")
    page.fill("textarea[name=posting_text]", POSTING)
    page.set_input_files("input[name=resumes]", [str(p) for p in files])
    started = time.perf_counter()
    page.click("form.rank button[type=submit]")
    page.wait_for_selector("section.ranking:not([hidden])")
    print(f"ranked 50 files in one POST in {time.perf_counter() - started:.1f} s")
    labels = page.locator("table.ranking tbody th.label").all_inner_texts()
    assert len(labels) == 50 and labels[0] == best
    page.screenshot(path=str(SCREENSHOTS / "rank_nojs_desktop.png"), full_page=False)
    context.close()
