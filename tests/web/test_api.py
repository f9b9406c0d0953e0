"""The JSON API: /api/v1/match, /api/v1/skills, the OpenAPI document."""

from __future__ import annotations

import io
import re

import pytest

from tests.fixtures_gen import make_docx, make_pdf
from tests.web.conftest import POSTING_TEXT, RESUME_TEXT

REPORT_KEYS = {
    "score",
    "similarity",
    "matched",
    "partial",
    "missing",
    "extra",
    "groups",
    "knockouts",
    "counts",
}


def _names(rows: list[dict]) -> set[str]:
    return {row["name"] for row in rows}


def test_a_json_body_of_two_texts_returns_the_report(client):
    response = client.post(
        "/api/v1/match", json={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    )
    report = response.get_json()
    assert response.status_code == 200
    assert report.keys() >= REPORT_KEYS
    assert 0 <= report["score"] <= 100
    assert "Kubernetes" in _names(report["missing"])
    assert "Django" in _names(report["matched"])


def test_multipart_files_return_the_same_report_as_the_texts(client):
    by_text = client.post(
        "/api/v1/match", json={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    ).get_json()
    by_file = client.post(
        "/api/v1/match",
        data={
            "resume": (io.BytesIO(RESUME_TEXT.encode()), "resume.txt"),
            "posting": (io.BytesIO(POSTING_TEXT.encode()), "posting.md"),
        },
        content_type="multipart/form-data",
    ).get_json()
    assert _names(by_file["missing"]) == _names(by_text["missing"])
    assert _names(by_file["matched"]) == _names(by_text["matched"])


def test_a_file_and_a_text_field_can_be_mixed(client):
    response = client.post(
        "/api/v1/match",
        data={
            "resume": (io.BytesIO(make_pdf(RESUME_TEXT)), "cv.pdf"),
            "posting_text": POSTING_TEXT,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Django" in _names(response.get_json()["matched"])


def test_the_skills_endpoint_lists_a_documents_skills_with_offsets(client):
    response = client.post(
        "/api/v1/skills",
        data={"document": (io.BytesIO(make_docx(["Go and PostgreSQL on Kubernetes."])), "jd.docx")},
        content_type="multipart/form-data",
    )
    skills = {s["name"]: s for s in response.get_json()["skills"]}
    assert response.status_code == 200
    assert {"PostgreSQL", "Kubernetes"} <= skills.keys()
    mention = skills["PostgreSQL"]["mentions"][0]
    assert mention["text"] == "PostgreSQL"
    assert mention["end"] - mention["start"] == len("PostgreSQL")


def test_the_skills_endpoint_takes_json_text(client):
    response = client.post("/api/v1/skills", json={"document_text": "Python and Redis"})
    assert {"Python", "Redis"} <= {s["name"] for s in response.get_json()["skills"]}


def test_the_skills_endpoint_marks_a_name_found_from_context(client):
    response = client.post("/api/v1/skills", json={"document_text": "Tools: Jenkins, LangSmith"})
    skills = {s["name"]: s for s in response.get_json()["skills"]}
    assert skills["LangSmith"]["from_context"] is True
    assert skills["Jenkins"]["from_context"] is False


def test_a_report_row_found_from_context_says_so_in_json(client):
    response = client.post(
        "/api/v1/match",
        json={
            "resume_text": "Python and LangSmith",
            "posting_text": "Requirements:\n- Experience with Python and LangSmith\n",
        },
    )
    rows = {r["name"]: r for r in response.get_json()["matched"]}
    assert rows["LangSmith"]["from_context"] is True
    assert rows["Python"]["from_context"] is False


def test_the_openapi_document_describes_every_api_route(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)  # Flask's <id> is OpenAPI's {id}
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.rule == "/healthz"
    }
    assert routes <= spec["paths"].keys()


def test_the_page_footer_links_the_api_description(client):
    assert 'href="/api/v1/openapi.json"' in client.get("/").get_data(as_text=True)


DEVELOPER_FORMATS = [
    ("resume.tex", "make_jakes_resume_tex", {"FastAPI", "PostgreSQL"}),
    ("resume.json", "make_json_resume", {"Kafka", "PostgreSQL"}),
    ("cv.yaml", "make_rendercv_yaml", {"Terraform", "gRPC"}),
]


@pytest.mark.parametrize(("name", "make", "skills"), DEVELOPER_FORMATS)
def test_resumes_kept_as_latex_json_or_yaml_are_read_by_the_api(client, name, make, skills):
    from tests import fixtures_gen as gen

    data = getattr(gen, make)()
    report = client.post(
        "/api/v1/match",
        data={"resume": (io.BytesIO(data), name), "posting_text": POSTING_TEXT},
        content_type="multipart/form-data",
    )
    assert report.status_code == 200, report.get_json()
    found = client.post(
        "/api/v1/skills",
        data={"document": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert found.status_code == 200
    assert skills <= {s["name"] for s in found.get_json()["skills"]}


def test_a_posting_in_the_json_resume_job_schema_is_read_by_the_api(client):
    job = b'{"title": "Backend", "description": "Build APIs.", "qualifications": ["Kubernetes"]}'
    response = client.post(
        "/api/v1/match",
        data={"resume_text": RESUME_TEXT, "posting": (io.BytesIO(job), "job.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Kubernetes" in _names(response.get_json()["missing"])


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("package.json", b'{"name": "app", "version": "1.0.0"}', 415, "not a JSON Resume"),
        ("resume.json", b'{"basics": {"name": "Jo"', 422, "not valid JSON"),
        ("cv.yaml", b"name: Jo\nskills: [Go]\n", 415, "not a RenderCV"),
        ("resume.tex", b"\x00\x01\x02\xff" * 64, 415, "binary"),
    ],
    ids=["other-json", "broken-json", "other-yaml", "binary-tex"],
)
def test_a_developer_format_that_is_not_what_its_name_says_is_refused(
    client, name, data, status, words
):
    response = client.post(
        "/api/v1/match",
        data={"resume": (io.BytesIO(data), name), "posting_text": POSTING_TEXT},
        content_type="multipart/form-data",
    )
    assert response.status_code == status
    assert words in response.get_json()["error"]["message"]


def test_a_billion_laughs_yaml_is_refused_with_422_and_the_app_keeps_serving(client):
    from tests.fixtures_gen import make_billion_laughs_yaml

    response = client.post(
        "/api/v1/match",
        data={"resume": (io.BytesIO(make_billion_laughs_yaml()), "cv.yaml"), "posting_text": "Go"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "aliases" in response.get_json()["error"]["message"]
    again = client.post(
        "/api/v1/match", json={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    )
    assert again.status_code == 200
