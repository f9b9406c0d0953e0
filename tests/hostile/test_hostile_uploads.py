"""Hostile and broken input through the real HTTP stack (a live gunicorn, not the test client).

Each bad request must get its status from PRODUCT.md (413 too large, 415 wrong type, 422
unreadable, 400 missing) with a JSON message, within 10 s, while every worker's resident memory
stays under 512 MiB; and the server must then answer a normal request correctly.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.client import Part, Response, json_body, multipart, request_once
from benchmarks.server import LiveServer
from tests import fixtures_gen as gen

MiB = 1024 * 1024
# Robustness limits of the product, not speed goals.
ANSWER_WITHIN_S = 10.0
WORKER_RSS_LIMIT = 512 * MiB

POSTING = """Senior Backend Engineer

Requirements
- Python and Django, PostgreSQL in production
- Docker and Kubernetes
"""
RESUME = (
    "Backend developer. Built REST APIs in Python with Django and PostgreSQL, shipped with Docker."
)
PDF_TYPE, DOCX_TYPE = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)


def post(live: LiveServer, body: bytes, content_type: str) -> Response:
    return request_once(
        live.host, live.port, "POST", "/api/v1/match", body, content_type, timeout=60
    )


def upload_resume(live: LiveServer, content: bytes, filename: str, ctype: str) -> Response:
    body, ctype_header = multipart(
        [("resume", (filename, content, ctype)), ("posting_text", POSTING)]
    )
    return post(live, body, ctype_header)


def assert_server_still_serves(live: LiveServer) -> None:
    """A normal request right after gets a correct report, and no worker grew past the limit."""
    rss = live.worker_rss()
    assert rss, "no gunicorn worker is running"
    for pid, size in rss.items():
        assert size < WORKER_RSS_LIMIT, f"worker {pid} holds {size / MiB:.0f} MiB"
    body, ctype = json_body({"resume_text": RESUME, "posting_text": POSTING})
    response = post(live, body, ctype)
    assert response.status == 200, response.text[:500]
    report = response.json()
    matched = {row["name"] for row in report["matched"]}
    assert {"Python", "Django", "PostgreSQL", "Docker"} <= matched
    assert "Kubernetes" in {row["name"] for row in report["missing"]}
    assert live.alive(), live.log_tail()


def assert_error(response: Response, statuses: set[int]) -> str:
    """The response has one of the statuses and the API's JSON error with a message."""
    assert response.status in statuses, (response.status, response.text[:500])
    assert response.headers.get("content-type", "").startswith("application/json"), response.headers
    error = response.json()["error"]
    assert error["status"] == response.status
    message = error["message"]
    assert isinstance(message, str) and len(message) > 15, message
    return message


@dataclass(frozen=True)
class Upload:
    """A hostile resume file, the statuses it may get, and words its message must contain."""

    make: Callable[[], bytes]
    filename: str
    content_type: str
    statuses: frozenset[int]
    says: tuple[str, ...] = ()


UPLOADS = {
    "flate-bomb-pdf": Upload(gen.make_flate_bomb_pdf, "resume.pdf", PDF_TYPE, frozenset({422})),
    "pdf-whose-objects-reference-themselves": Upload(
        gen.make_self_referencing_pdf, "resume.pdf", PDF_TYPE, frozenset({422})
    ),
    "encrypted-pdf": Upload(
        lambda: gen.make_encrypted_pdf("Python and Django developer"),
        "resume.pdf",
        PDF_TYPE,
        frozenset({422}),
        ("encrypt",),
    ),
    "scanned-pdf-without-text": Upload(
        gen.make_scanned_pdf, "resume.pdf", PDF_TYPE, frozenset({422})
    ),
    "docx-zip-bomb": Upload(gen.make_docx_zip_bomb, "resume.docx", DOCX_TYPE, frozenset({422})),
    "docx-that-is-no-zip": Upload(
        lambda: gen.make_binary_blob(8192), "resume.docx", DOCX_TYPE, frozenset({415})
    ),
    "zip-that-is-no-docx": Upload(gen.make_plain_zip, "resume.docx", DOCX_TYPE, frozenset({415})),
    "pdf-named-docx": Upload(
        lambda: gen.make_pdf("Python developer"), "resume.docx", DOCX_TYPE, frozenset({415})
    ),
    "zip-named-pdf": Upload(gen.make_plain_zip, "resume.pdf", PDF_TYPE, frozenset({415})),
    "binary-named-pdf": Upload(
        lambda: gen.make_binary_blob(8192), "resume.pdf", PDF_TYPE, frozenset({415})
    ),
    "text-named-pdf": Upload(
        lambda: b"Python developer with Django.\n" * 20, "resume.pdf", PDF_TYPE, frozenset({415})
    ),
    "empty-pdf": Upload(lambda: b"", "resume.pdf", PDF_TYPE, frozenset({422}), ("empty",)),
    "empty-docx": Upload(lambda: b"", "resume.docx", DOCX_TYPE, frozenset({422}), ("empty",)),
    "old-word-doc": Upload(
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096,
        "resume.doc",
        "application/msword",
        frozenset({415}),
    ),
    "executable-extension": Upload(
        lambda: b"MZ\x90\x00" + b"\x00" * 1000,
        "resume.exe",
        "application/octet-stream",
        frozenset({415}),
    ),
    "billion-laughs-yaml": Upload(
        gen.make_billion_laughs_yaml, "resume.yaml", "application/yaml", frozenset({422})
    ),
    "deeply-nested-json-resume": Upload(
        lambda: b'{"basics": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
        "resume.json",
        "application/json",
        frozenset({422}),
    ),
    "latex-with-groups-nested-beyond-reason": Upload(
        lambda: b"\\section{" + b"{" * 100_000 + b"Go" + b"}" * 100_000 + b"}",
        "resume.tex",
        "application/x-tex",
        frozenset({422}),
    ),
    "file-over-the-size-limit": Upload(
        lambda: gen.make_pdf("Python") + b"%" + b"x" * (6 * MiB),
        "resume.pdf",
        PDF_TYPE,
        frozenset({413}),
    ),
}


@pytest.mark.parametrize("case", UPLOADS.values(), ids=UPLOADS.keys())
def test_a_hostile_upload_gets_its_status_and_the_server_keeps_serving(
    live: LiveServer, case: Upload
) -> None:
    response = upload_resume(live, case.make(), case.filename, case.content_type)
    message = assert_error(response, set(case.statuses))
    for word in case.says:
        assert word in message.lower(), message
    assert response.seconds <= ANSWER_WITHIN_S, f"answered in {response.seconds:.1f} s"
    assert_server_still_serves(live)


# -- damaged real resumes ---------------------------------------------------------------------

REAL_PDFS = (
    "resume_matcher_samples/resumes_pdf/john_doe.pdf",
    "resumes_pdf/rendercv/John_Doe_ClassicTheme_CV.pdf",
    "resumes_pdf/deedy-resume/deedy_resume-openfont.pdf",
)
CUTS = (0.02, 0.3, 0.6, 0.95)
SEEDS = (1, 2, 3)


def truncated(data: bytes, fraction: float) -> bytes:
    return data[: max(1, int(len(data) * fraction))]


def byte_flipped(data: bytes, seed: int, share: float = 0.002) -> bytes:
    """The file with ``share`` of its bytes (after the header) replaced by random ones."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(max(1, int(len(out) * share))):
        out[rng.randrange(16, len(out))] = rng.randrange(256)
    return bytes(out)


def assert_read_or_refused(response: Response) -> None:
    """A damaged document is read as far as it can be (200 with a report) or refused with 422."""
    if response.status == 200:
        assert "score" in response.json()
    else:
        assert_error(response, {422})
    assert response.seconds <= ANSWER_WITHIN_S, f"answered in {response.seconds:.1f} s"


@pytest.mark.shared_data
@pytest.mark.parametrize("cut", CUTS)
@pytest.mark.parametrize("path", REAL_PDFS)
def test_a_truncated_real_resume_is_read_or_refused_with_422(
    live: LiveServer, shared_data: Path, path: str, cut: float
) -> None:
    data = truncated((shared_data / path).read_bytes(), cut)
    assert_read_or_refused(upload_resume(live, data, Path(path).name, PDF_TYPE))
    assert_server_still_serves(live)


@pytest.mark.shared_data
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", REAL_PDFS)
def test_a_byte_flipped_real_resume_is_read_or_refused_with_422(
    live: LiveServer, shared_data: Path, path: str, seed: int
) -> None:
    data = byte_flipped((shared_data / path).read_bytes(), seed)
    assert_read_or_refused(upload_resume(live, data, Path(path).name, PDF_TYPE))
    assert_server_still_serves(live)


def test_a_pdf_cut_to_its_first_bytes_is_refused_with_422(live: LiveServer) -> None:
    data = gen.make_pdf("Python and Django developer")[:40]
    assert_error(upload_resume(live, data, "resume.pdf", PDF_TYPE), {422})
    assert_server_still_serves(live)


# -- oversized and malformed requests ---------------------------------------------------------


def test_pasted_text_of_several_megabytes_in_a_form_is_refused_with_413(live: LiveServer) -> None:
    big = "Python Django PostgreSQL " * (3 * MiB // 25)
    body, ctype = multipart([("resume_text", big), ("posting_text", POSTING)])
    response = post(live, body, ctype)
    assert_error(response, {413})
    assert response.seconds <= ANSWER_WITHIN_S
    assert_server_still_serves(live)


def test_pasted_text_of_several_megabytes_in_json_is_refused_with_413(live: LiveServer) -> None:
    big = "Python Django PostgreSQL " * (5 * MiB // 25)
    body, ctype = json_body({"resume_text": big, "posting_text": POSTING})
    response = post(live, body, ctype)
    assert_error(response, {413})
    assert response.seconds <= ANSWER_WITHIN_S
    assert_server_still_serves(live)


def test_a_body_over_the_request_limit_is_refused_with_413(live: LiveServer) -> None:
    big = "x" * (12 * MiB)
    body, ctype = json_body({"resume_text": big, "posting_text": POSTING})
    response = post(live, body, ctype)
    assert_error(response, {413})
    assert response.seconds <= ANSWER_WITHIN_S
    assert_server_still_serves(live)


def test_a_multipart_form_with_thousands_of_parts_is_refused_with_413(live: LiveServer) -> None:
    parts: list[Part] = [("resume_text", RESUME), ("posting_text", POSTING)]
    parts += [(f"field{i}", "x") for i in range(5000)]
    body, ctype = multipart(parts)
    response = post(live, body, ctype)
    assert_error(response, {413})
    assert response.seconds <= ANSWER_WITHIN_S
    assert_server_still_serves(live)


def test_a_multipart_form_with_thousands_of_files_is_refused_with_413(live: LiveServer) -> None:
    parts: list[Part] = [("posting_text", POSTING)]
    parts += [(f"resume{i}", (f"r{i}.txt", b"Python", "text/plain")) for i in range(3000)]
    body, ctype = multipart(parts)
    response = post(live, body, ctype)
    assert_error(response, {413})
    assert_server_still_serves(live)


@pytest.mark.parametrize(
    "fields",
    [{"posting_text": POSTING}, {"resume_text": RESUME}, {}],
    ids=["no-resume", "no-posting", "nothing"],
)
def test_a_missing_field_is_refused_with_400(live: LiveServer, fields: dict[str, str]) -> None:
    body, ctype = json_body(fields)
    assert_error(post(live, body, ctype), {400})
    body, ctype = multipart(list(fields.items()) or [("other", "x")])
    assert_error(post(live, body, ctype), {400})
    assert_server_still_serves(live)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2, 3]", b'{"resume_text": 5, "posting_text": "x"}', b"\xff\xfe\x00"],
    ids=["malformed", "a-list", "a-number-field", "not-utf8"],
)
def test_a_broken_json_body_is_refused_with_400(live: LiveServer, body: bytes) -> None:
    assert_error(post(live, body, "application/json"), {400})
    assert_server_still_serves(live)


def test_a_multipart_body_cut_short_is_refused_with_400(live: LiveServer) -> None:
    body, ctype = multipart([("resume_text", RESUME), ("posting_text", POSTING)])
    response = post(live, body[: len(body) // 2], ctype)
    assert_error(response, {400})
    assert_server_still_serves(live)


def test_hostile_uploads_one_after_another_leave_every_worker_serving(live: LiveServer) -> None:
    """Bombs back to back: each is cut off and the parsing child replaced, with no leak."""
    for make in (gen.make_flate_bomb_pdf, gen.make_docx_zip_bomb, gen.make_self_referencing_pdf):
        name = "resume.docx" if make is gen.make_docx_zip_bomb else "resume.pdf"
        ctype = DOCX_TYPE if name.endswith(".docx") else PDF_TYPE
        for _ in range(2):
            assert_error(upload_resume(live, make(), name, ctype), {422})
    assert_server_still_serves(live)
