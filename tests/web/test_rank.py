"""Ranking many resumes against one posting (and the reverse): the page, its exports, its API."""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import re

import pytest

from matcher.web import create_app
from tests.fixtures_gen import make_pdf, make_scanned_pdf
from tests.web.conftest import MiB, csrf_token, post_form, upload

POSTING = """Senior Backend Engineer

Requirements
- Python and Django
- PostgreSQL and Redis
- Kafka and Kubernetes
- Terraform on AWS

Nice to have
- GraphQL
"""

STRONG = "Backend engineer. Python, Django, PostgreSQL, Redis, Kafka, Kubernetes, Terraform, AWS."
MIDDLE = "Developer. Python and Django with PostgreSQL."
WEAK = "Office manager. Excel, scheduling and customer service."

LABEL_RE = re.compile(r'<th scope="row" class="label">(.*?)</th>', re.S)


def labels(page) -> list[str]:
    """Row labels of the ranked table, best first (the script's row template has none)."""
    found = LABEL_RE.findall(page.get_data(as_text=True))
    return [html_lib.unescape(x.strip()) for x in found if x.strip()]


def resumes(*pairs: tuple[bytes, str]) -> list[tuple[io.BytesIO, str]]:
    return [upload(data, name) for data, name in pairs]


def rank(client, **data):
    return post_form(client, "/rank", data)


def test_the_page_offers_both_directions(client):
    page = client.get("/rank").get_data(as_text=True)
    assert 'name="resumes"' in page and "multiple" in page
    assert 'name="posting_text"' in page
    reverse = client.get("/rank?mode=postings").get_data(as_text=True)
    assert 'name="postings"' in reverse and 'name="postings_text"' in reverse
    assert 'name="resume_text"' in reverse


def test_resumes_are_ranked_best_first_and_a_pdf_counts_like_text(client):
    page = rank(
        client,
        posting_text=POSTING,
        resumes=resumes(
            (WEAK.encode(), "weak.txt"),
            (make_pdf(STRONG), "strong.pdf"),
            (MIDDLE.encode(), "middle.md"),
        ),
    )
    assert page.status_code == 200
    assert labels(page) == ["strong.pdf", "middle.md", "weak.txt"]
    html = page.get_data(as_text=True)
    assert "Kafka" in html.split("middle.md", 1)[1]  # a top gap of the middle resume
    assert '<span class="score-pill high">' in html


def test_a_bad_file_gets_its_error_in_its_row_while_the_others_rank(client):
    page = rank(
        client,
        posting_text=POSTING,
        resumes=resumes(
            (MIDDLE.encode(), "middle.txt"),
            (make_scanned_pdf(), "scanned.pdf"),
            (b"MZ\x90\x00binary", "program.exe"),
            (STRONG.encode(), "strong.txt"),
        ),
    )
    assert page.status_code == 200
    assert labels(page) == ["strong.txt", "middle.txt", "scanned.pdf", "program.exe"]
    errors = re.findall(r'<span class="row-error">(.*?)</span>', page.get_data(as_text=True))
    assert len(errors) == 2
    assert "scanned" in errors[0].lower()
    assert "this one is not" in errors[1]


def test_a_missing_posting_is_a_400_with_the_form_again(client):
    page = rank(client, resumes=resumes((STRONG.encode(), "a.txt")))
    assert page.status_code == 400
    assert "Paste the job posting" in page.get_data(as_text=True)


def test_no_resume_is_a_400(client):
    page = rank(client, posting_text=POSTING)
    assert page.status_code == 400
    assert "Upload at least one resume" in page.get_data(as_text=True)


def test_the_form_needs_its_csrf_token(client):
    page = client.post(
        "/rank",
        data={"posting_text": POSTING, "resumes": resumes((STRONG.encode(), "a.txt"))},
        content_type="multipart/form-data",
    )
    assert page.status_code == 400
    assert "The form expired" in page.get_data(as_text=True)


def test_an_unknown_mode_is_a_400(client):
    assert client.get("/rank?mode=everything").status_code == 400


def test_the_ranking_downloads_as_csv(client):
    page = client.post(
        "/rank?format=csv",
        data={
            "csrf_token": csrf_token(client, "/rank"),
            "posting_text": POSTING,
            "resumes": resumes(
                (MIDDLE.encode(), "=HYPERLINK.txt"),
                (STRONG.encode(), "strong.txt"),
                (b"\x00\x01\x02", "blob.txt"),
            ),
        },
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    assert page.mimetype == "text/csv"
    assert "attachment" in page.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(page.get_data(as_text=True))))
    assert [r["label"] for r in rows] == ["strong.txt", "'=HYPERLINK.txt", "blob.txt"]
    assert rows[0]["rank"] == "1" and float(rows[0]["score"]) > float(rows[1]["score"])
    assert "Kafka" in rows[1]["top_gaps"].split("; ")
    assert rows[2]["rank"] == "" and rows[2]["error"]


def test_the_shown_ranking_downloads_as_json_without_uploading_again(client):
    page = rank(
        client,
        posting_text=POSTING,
        resumes=resumes((MIDDLE.encode(), "middle.txt"), (STRONG.encode(), "strong.txt")),
    )
    html = page.get_data(as_text=True)
    export = html.split('<form class="export"', 1)[1].split("</form>", 1)[0]
    fields = {
        name: html_lib.unescape(value)
        for name, value in re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', export)
    }
    assert set(fields) == {"csrf_token", "ranking", "mode"}
    download = client.post("/rank/export", data={**fields, "format": "json"})
    assert download.status_code == 200
    body = json.loads(download.get_data(as_text=True))
    assert body["mode"] == "resumes"
    assert [r["label"] for r in body["ranked"]] == ["strong.txt", "middle.txt"]
    assert set(body["ranked"][0]) == {
        "rank",
        "label",
        "score",
        "similarity",
        "matched",
        "missing",
        "top_gaps",
        "error",
    }
    assert "Python" not in json.dumps(body["ranked"][0]["label"])  # no document text exported
    tampered = client.post("/rank/export", data={**fields, "ranking": "[1, 2]", "format": "csv"})
    assert tampered.status_code == 400


def test_each_row_reopens_its_full_report_through_the_report_form(client):
    page = rank(client, posting_text=POSTING, resumes=resumes((MIDDLE.encode(), "middle.txt")))
    html = page.get_data(as_text=True)
    row_form = html.split('class="report-link"', 1)[1].split("</form>", 1)[0]
    fields = {
        name: html_lib.unescape(value)
        for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', row_form)
    }
    assert fields["resume_text"] == MIDDLE
    assert fields["posting_text"].startswith("Senior Backend Engineer")
    report = client.post("/", data=fields)
    assert report.status_code == 200
    assert 'class="summary"' in report.get_data(as_text=True)


def test_postings_are_ranked_for_one_resume_from_files_and_pasted_text(client):
    page = post_form(
        client,
        "/rank?mode=postings",
        {
            "mode": "postings",
            "resume_text": MIDDLE,
            "postings": resumes(
                (b"Java developer\nRequirements\n- Java, Spring, Kafka", "java.txt")
            ),
            "postings_text": "Django developer\nRequirements\n- Python, Django, PostgreSQL\n"
            "---\nData engineer\nRequirements\n- Python, Spark, Airflow, Snowflake\n",
        },
        form_page="/rank?mode=postings",
    )
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    # The fitting posting first; the two poor fits follow in either order (the Python resume
    # shows part of the Java posting through Django standing in for Spring).
    ranked = labels(page)
    assert ranked[0] == "1. Django developer"
    assert sorted(label.split(". ")[-1] for label in ranked[1:]) == ["Data engineer", "java.txt"]


def test_fifty_resumes_rank_in_one_post_when_the_limits_allow_it(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": True,
            "DATABASE": str(tmp_path / "db.sqlite3"),
            "MAX_FORM_PARTS": 128,
            "MAX_CONTENT_LENGTH": 16 * MiB,
        }
    )
    client = app.test_client()
    files = [
        (f"{STRONG if n % 10 == 0 else MIDDLE}\n{n}".encode(), f"r{n:02}.txt") for n in range(50)
    ]
    page = rank(client, posting_text=POSTING, resumes=resumes(*files))
    assert page.status_code == 200
    found = labels(page)
    assert len(found) == 50
    assert sorted(found[:5]) == ["r00.txt", "r10.txt", "r20.txt", "r30.txt", "r40.txt"]


# --- the JSON steps rank.js uses -------------------------------------------------------------


def test_the_score_step_returns_one_row(client):
    answer = client.post(
        "/api/v1/rank/score",
        data={"posting_text": POSTING, "resume": upload(MIDDLE.encode(), "middle.txt")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["label"] == "middle.txt"
    assert 0 < body["score"] < 100 and 0 < body["similarity"] < 1
    assert "Kafka" in body["top_gaps"]
    assert body["matched"] >= 2 and body["missing"] >= 3


def test_the_score_step_answers_a_bad_file_with_its_status(client):
    answer = client.post(
        "/api/v1/rank/score",
        data={"posting_text": POSTING, "resume": upload(make_scanned_pdf(), "scan.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    assert "scanned" in answer.get_json()["error"]["message"].lower()
    wrong = client.post(
        "/api/v1/rank/score",
        data={"posting_text": POSTING, "resume": upload(b"x", "x.exe")},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 415


def test_the_score_step_names_a_posting_row_in_the_reverse_direction(client):
    answer = client.post(
        "/api/v1/rank/score",
        data={"mode": "postings", "resume_text": MIDDLE, "posting_text": POSTING},
    )
    assert answer.status_code == 200
    assert answer.get_json()["label"] == "Senior Backend Engineer"


@pytest.mark.parametrize(
    ("data", "status"),
    [({"document_text": POSTING}, 200), ({}, 400)],
    ids=["pasted", "missing"],
)
def test_the_document_step_reads_the_single_document_once(client, data, status):
    answer = client.post("/api/v1/rank/document", data=data)
    assert answer.status_code == status
    if status == 200:
        body = answer.get_json()
        assert body["text"].startswith("Senior Backend Engineer")
        assert body["skills"] >= 8
