"""The form page and the gap report it renders."""

from __future__ import annotations

import io
import re

from tests.fixtures_gen import make_docx, make_pdf
from tests.web.conftest import POSTING_TEXT, RESUME_TEXT, post_form, report_count


def _section(html: str, css_class: str) -> str:
    """The HTML of one report section (up to the next section)."""
    match = re.search(rf'<section class="{css_class}".*?</section>', html, re.S)
    assert match, f"no {css_class} section"
    return match.group(0)


def test_the_form_page_offers_upload_or_paste_for_both_documents(client):
    html = client.get("/").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrf_token"' in html
    for name in ("resume", "resume_text", "posting", "posting_text"):
        assert f'name="{name}"' in html
    assert 'accept=".pdf,.docx,.txt,.md,.tex,.json,.yaml,.yml"' in html
    assert 'accept=".pdf,.docx,.html,.htm,.txt,.md,.json"' in html


def test_pasted_texts_give_a_report_with_the_score_and_missing_skills_first(client):
    response = post_form(client, "/", {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'class="score">\d+ / 100<', html)
    assert html.index('<section class="missing"') < html.index('<section class="matched"')
    assert "Kubernetes" in _section(html, "missing")
    assert "Django" in _section(html, "matched")


def test_a_matched_skill_shows_a_snippet_from_each_document_and_its_counts(client):
    html = post_form(
        client, "/", {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    ).get_data(as_text=True)
    matched = _section(html, "matched")
    assert "<mark>PostgreSQL</mark>" in matched
    assert re.search(r"Posting ×\d", matched)
    assert re.search(r"Resume ×\d", matched)


def test_the_report_draws_its_charts_as_svg_without_inline_styles_or_scripts(client):
    html = post_form(
        client, "/", {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    ).get_data(as_text=True)
    assert '<svg class="gauge' in html
    assert '<svg class="bar' in html
    assert "style=" not in html
    assert "<script" not in html


def test_a_work_authorization_line_is_shown_as_a_knockout(client):
    html = post_form(
        client, "/", {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    ).get_data(as_text=True)
    knockouts = _section(html, "knockouts")
    assert "Work authorization" in knockouts
    assert "authorized to work" in knockouts


def test_matching_stores_nothing_until_the_user_saves(app, client):
    post_form(client, "/", {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT})
    client.post("/api/v1/match", json={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT})
    assert report_count(app) == 0


def test_the_report_offers_a_signed_in_user_a_save_button_carrying_both_texts(client, account):
    html = post_form(
        client, "/", {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    ).get_data(as_text=True)
    save = re.search(r'<form class="save".*?</form>', html, re.S).group(0)
    assert 'action="/reports"' in save
    assert 'name="csrf_token"' in save
    assert "Save this report" in save
    assert 'name="resume_text" type="hidden"' in save


def test_the_report_asks_no_sign_in_of_an_anonymous_visitor_and_offers_no_save_form(client):
    response = post_form(client, "/", {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form class="save"' not in html
    assert 'name="password"' not in html
    assert "create an account" in html


def test_a_resume_pdf_and_a_posting_docx_are_read(client):
    data = {
        "resume": (io.BytesIO(make_pdf(RESUME_TEXT)), "resume.pdf"),
        "posting": (io.BytesIO(make_docx(POSTING_TEXT.splitlines())), "posting.docx"),
    }
    html = post_form(client, "/", data).get_data(as_text=True)
    assert "Kubernetes" in _section(html, "missing")
    assert "Django" in _section(html, "matched")


def test_html_in_a_resume_is_shown_as_text_never_run(client):
    hostile = RESUME_TEXT + '\nPython <script>alert(1)</script> <img src=x onerror="alert(2)">'
    response = post_form(client, "/", {"resume_text": hostile, "posting_text": POSTING_TEXT})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_in_a_posting_is_shown_as_text_never_run(client):
    hostile = POSTING_TEXT.replace("Kafka", 'Kafka <script>alert("x")</script>')
    html = post_form(client, "/", {"resume_text": RESUME_TEXT, "posting_text": hostile}).get_data(
        as_text=True
    )
    assert "<script>" not in html


def test_a_posting_with_no_known_skills_says_so_instead_of_an_empty_report(client):
    response = post_form(
        client,
        "/",
        {"resume_text": RESUME_TEXT, "posting_text": "We sell flowers. Friendly shop, good pay."},
    )
    assert response.status_code == 200
    assert "no skills from our backend vocabulary" in response.get_data(as_text=True)


def test_the_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def _row(name: str, status: str, **extra) -> dict:
    row = {
        "name": name,
        "category": "language",
        "kind": "hard",
        "weight": 0.2,
        "importance": "high",
        "reasons": ["under Requirements"],
        "section": "requirements",
        "posting_count": 1,
        "resume_count": 1 if status != "missing" else 0,
        "status": status,
        "credit": {"matched": 1.0, "partial": 0.5, "missing": 0.0}[status],
        "implied_by": None,
        "posting_snippet": f"we use {name} daily",
        "resume_snippet": f"built it in {name}" if status == "matched" else None,
        "demand": None,
    }
    return {**row, **extra}


def test_market_demand_groups_and_implied_skills_are_shown_when_the_report_has_them(app):
    from flask import render_template

    report = {
        "score": 55.0,
        "similarity": 0.4,
        "matched": [_row("Java", "matched")],
        "partial": [_row("SQL", "partial", implied_by="PostgreSQL")],
        "missing": [
            _row("Kafka", "missing", demand={"posting_share": 0.31, "resume_share": 0.04}),
            _row("Mentoring", "missing", kind="soft", importance="low", weight=0.05),
        ],
        "extra": [
            {"name": "Docker", "category": "devops", "kind": "hard", "count": 2, "snippet": "x"}
        ],
        "groups": [
            {"members": ["Java", "Go", "Rust"], "met_by": "Java", "text": "Java, Go or Rust"}
        ],
        "knockouts": [{"kind": "clearance", "text": "Active TS/SCI clearance required."}],
        "counts": {
            "posting_skills": 4,
            "resume_skills": 3,
            "matched": 1,
            "partial": 1,
            "missing": 2,
        },
    }
    with app.test_request_context("/"):
        html = render_template("report.html", report=report, save_form=None)
    assert "postings 31%" in html
    assert "resumes 4%" in html
    assert "asked for far more than resumes show" in html
    assert "implied by <strong>PostgreSQL</strong>" in html
    assert "met by Java" in html
    assert "Security clearance" in html
    assert html.index("<h3>Hard skills</h3>") < html.index("<h3>Soft skills</h3>")
