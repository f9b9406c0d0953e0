"""Every bad input gets its status and a readable message, through the form and through the API."""

from __future__ import annotations

import io

import pytest

from tests.fixtures_gen import (
    make_encrypted_pdf,
    make_scanned_pdf,
    make_truncated_pdf,
)
from tests.web.conftest import POSTING_TEXT, RESUME_TEXT, MiB, csrf_token, post_form

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 8

# (id, resume field value or None, status, words the message must contain)
BAD_RESUMES = [
    pytest.param(None, 400, "resume", id="missing-resume"),
    pytest.param(("cv.exe", EXE), 415, "PDF", id="exe-upload"),
    pytest.param(("cv.pdf", EXE), 415, "binary", id="exe-bytes-named-pdf"),
    pytest.param(
        ("cv.pdf", b"Python developer, plain text."), 415, "plain text", id="text-named-pdf"
    ),
    pytest.param(("cv.txt", b""), 422, "no readable text", id="empty-file"),
    pytest.param(("cv.pdf", make_scanned_pdf()), 422, "scanned", id="scanned-pdf"),
    pytest.param(("cv.pdf", make_encrypted_pdf(RESUME_TEXT)), 422, "password", id="encrypted-pdf"),
    pytest.param(("cv.pdf", make_truncated_pdf(RESUME_TEXT)), 422, "corrupt", id="corrupt-pdf"),
    pytest.param(("cv.txt", b"Python " * (MiB // 7 + 10)), 413, "larger than", id="file-over-size"),
    pytest.param("Python " * 3000, 413, "longer than", id="pasted-text-over-length"),
]


def _fields(resume) -> dict:
    data = {"posting_text": POSTING_TEXT}
    if isinstance(resume, tuple):
        name, content = resume
        data["resume"] = (io.BytesIO(content), name)
    elif isinstance(resume, str):
        data["resume_text"] = resume
    return data


@pytest.mark.parametrize(("resume", "status", "words"), BAD_RESUMES)
def test_the_form_shows_a_bad_resume_beside_its_field_with_the_right_status(
    client, resume, status, words
):
    response = post_form(client, "/", _fields(resume))
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert 'class="field-errors"' in html
    assert words.lower() in html.lower()
    assert '<form class="match"' in html  # the form again, ready for another try
    assert "Traceback" not in html


@pytest.mark.parametrize(("resume", "status", "words"), BAD_RESUMES)
def test_the_api_answers_a_bad_resume_with_a_json_error_and_the_right_status(
    client, resume, status, words
):
    response = client.post(
        "/api/v1/match", data=_fields(resume), content_type="multipart/form-data"
    )
    body = response.get_json()
    assert response.status_code == status
    assert body["error"]["status"] == status
    assert words.lower() in body["error"]["message"].lower()
    assert "resume" in body["error"]["fields"] or "resume_text" in body["error"]["fields"]


def test_the_form_says_which_document_is_missing(client):
    response = post_form(client, "/", {"resume_text": RESUME_TEXT})
    assert response.status_code == 400
    assert "Paste the job posting or upload it as a file." in response.get_data(as_text=True)


def test_the_api_names_the_missing_field(client):
    response = client.post("/api/v1/match", json={"resume_text": RESUME_TEXT})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("posting:")


def test_the_api_rejects_a_json_body_that_is_not_an_object_of_strings(client):
    response = client.post("/api/v1/match", json={"resume_text": 5, "posting_text": []})
    assert response.status_code == 400
    assert "object of strings" in response.get_json()["error"]["message"]


def test_the_api_rejects_malformed_json_with_400(client):
    response = client.post("/api/v1/match", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400


def test_a_file_and_pasted_text_for_the_same_document_is_refused(client):
    data = _fields(("cv.txt", RESUME_TEXT.encode()))
    data["resume_text"] = RESUME_TEXT
    response = post_form(client, "/", data)
    assert response.status_code == 400
    assert "not both" in response.get_data(as_text=True)


def test_the_form_without_a_csrf_token_is_refused_with_a_reload_message(client):
    response = client.post("/", data={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The form expired; reload the page and try again." in html
    assert '<form class="match"' in html


def test_an_expired_form_keeps_the_pasted_texts_for_the_retry(client):
    response = client.post("/", data={"resume_text": "Kept resume", "posting_text": "Kept posting"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kept resume</textarea>" in html
    assert "Kept posting</textarea>" in html


def test_the_form_with_a_stale_csrf_token_is_refused_with_a_reload_message(client, app):
    token = csrf_token(client)
    stale = app.test_client()  # another browser: its session holds another CSRF secret
    stale.get("/")
    response = stale.post(
        "/",
        data={"csrf_token": token, "resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT},
    )
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)


def test_the_api_needs_no_csrf_token(client):
    response = client.post(
        "/api/v1/match", json={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    )
    assert response.status_code == 200


def _oversized_body() -> dict:
    return {
        "resume": (io.BytesIO(b"a" * (2 * MiB + 1)), "cv.txt"),
        "posting_text": POSTING_TEXT,
    }


def test_a_form_body_over_the_request_limit_gets_413_and_the_form_again(client):
    token = csrf_token(client)
    response = client.post(
        "/", data={"csrf_token": token, **_oversized_body()}, content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "too large" in html
    assert '<form class="match"' in html


def test_an_api_body_over_the_request_limit_gets_a_json_413(client):
    response = client.post(
        "/api/v1/match", data=_oversized_body(), content_type="multipart/form-data"
    )
    assert response.status_code == 413
    assert "too large" in response.get_json()["error"]["message"]


def test_a_json_body_over_the_request_limit_gets_a_json_413(client):
    response = client.post(
        "/api/v1/match",
        json={"resume_text": "x" * (2 * MiB + 1), "posting_text": POSTING_TEXT},
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["status"] == 413


def test_an_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_an_unknown_page_answers_a_404_page(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert "no such page" in response.get_data(as_text=True)


def test_a_crash_shows_a_generic_page_without_a_traceback(app, client, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.extensions["matcher_engine"], "match", explode)
    app.testing = False  # let the 500 handler answer instead of re-raising
    response = post_form(client, "/", {"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in html
    assert "Something went wrong on our side" in html


def test_a_crash_in_the_api_answers_a_generic_json_500(app, client, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.extensions["matcher_engine"], "match", explode)
    app.testing = False
    response = client.post(
        "/api/v1/match", json={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    )
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert response.get_json()["error"]["status"] == 500


def test_a_decompression_bomb_is_cut_off_with_422_and_the_app_keeps_serving(client):
    from tests.fixtures_gen import make_flate_bomb_pdf

    response = client.post(
        "/api/v1/match",
        data={
            "resume": (io.BytesIO(make_flate_bomb_pdf(800)), "cv.pdf"),
            "posting_text": POSTING_TEXT,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "stopped" in response.get_json()["error"]["message"]
    again = client.post(
        "/api/v1/match", json={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT}
    )
    assert again.status_code == 200


def test_a_body_with_too_many_parts_gets_413_saying_so(client):
    fields = {f"extra{i}": "x" for i in range(300)}
    response = client.post(
        "/api/v1/match",
        data={"resume_text": RESUME_TEXT, "posting_text": POSTING_TEXT, **fields},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "too many files or fields" in response.get_json()["error"]["message"]


def test_an_unreadable_type_error_gives_its_advice_once(client):
    response = client.post(
        "/api/v1/match",
        data={
            "resume": (io.BytesIO(b"\x00\x01\x02\xff" * 64), "cv.bin"),
            "posting_text": POSTING_TEXT,
        },
        content_type="multipart/form-data",
    )
    message = response.get_json()["error"]["message"]
    assert response.status_code == 415
    assert message.count("PDF, DOCX") == 1
