"""JSON Resume, its job schema and RenderCV YAML: the text fields in reading order, bounded."""

from __future__ import annotations

import json
import time

import pytest

from matcher.errors import DocumentError, ParseLimitError, UnsupportedTypeError
from matcher.extract import detect_type, extract
from matcher.extract.structured import MAX_VALUES, load_yaml
from tests import fixtures_gen as gen


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def test_a_json_resume_reads_its_fields_in_reading_order() -> None:
    assert _lines(extract(gen.make_json_resume(), "resume.json")) == [
        "Ann Byron",
        "Backend Engineer",
        "London",
        "Builds payment services in Go.",
        "Work Experience",
        "Senior Engineer",
        "Ledgerly",
        "Owned the settlement service.",
        "- Moved batch jobs onto Kafka",
        "- Cut p99 latency with Redis",
        "Education",
        "BSc",
        "Computer Science",
        "UCL",
        "Projects",
        "ledger-cli",
        "A CLI in Rust",
        "Rust",
        "Skills",
        "Databases: PostgreSQL, DynamoDB",
        "Languages",
        "English (Native speaker)",
    ]


def test_a_json_resume_leaves_out_contacts_links_and_profiles() -> None:
    text = extract(gen.make_json_resume(), "resume.json")
    for leaked in (
        "ann@example.org",
        "kubernetes-fan",
        "GitHub",
        "2021-01-01",
        "v1.0.0",
        "$schema",
    ):
        assert leaked not in text


def test_a_job_in_the_json_resume_job_schema_reads_as_a_posting() -> None:
    job = {
        "title": "Backend Developer",
        "company": "Acme",
        "location": {"city": "Berlin"},
        "remote": "Hybrid",
        "description": "Build APIs.",
        "responsibilities": ["Own the billing service"],
        "qualifications": ["3+ years of Go"],
        "skills": [{"name": "Databases", "keywords": ["PostgreSQL", "Redis"]}],
        "meta": {"canonical": "https://example.org/jobs/kafka"},
    }
    assert _lines(extract(json.dumps(job).encode(), "job.json")) == [
        "Backend Developer",
        "Acme",
        "Berlin, Hybrid",
        "Build APIs.",
        "Responsibilities",
        "- Own the billing service",
        "Qualifications",
        "- 3+ years of Go",
        "Skills",
        "- Databases: PostgreSQL, Redis",
    ]


def test_values_of_the_wrong_type_are_skipped_not_fatal() -> None:
    resume = {"basics": {"name": 5, "label": None}, "work": [{"position": ["Go"]}, "Rust", 7]}
    assert "Rust" in extract(json.dumps(resume).encode(), "resume.json")


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        pytest.param(b'{"a": 1}', UnsupportedTypeError, ("JSON Resume",), id="other-json"),
        pytest.param(b"[1, 2]", UnsupportedTypeError, ("JSON Resume",), id="json-array"),
        pytest.param(b'{"basics": {"name": "A"', DocumentError, ("not valid JSON",), id="broken"),
        pytest.param(b"Python developer", UnsupportedTypeError, ("plain text",), id="text"),
        pytest.param(gen.make_binary_blob(), UnsupportedTypeError, ("binary",), id="binary"),
        pytest.param(
            b'{"basics": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            DocumentError,
            ("nests",),
            id="deep-nesting",
        ),
    ],
)
def test_a_json_file_that_is_no_json_resume_is_refused_clearly(
    data: bytes, error: type[Exception], words: tuple[str, ...]
) -> None:
    with pytest.raises(error) as caught:
        extract(data, "resume.json")
    for word in words:
        assert word in str(caught.value)
    assert "resume.json" in str(caught.value)


def test_a_json_resume_with_too_many_values_is_a_document_error() -> None:
    resume = {"basics": {"name": "A"}, "work": [{"highlights": ["Go"] * (MAX_VALUES + 1)}]}
    with pytest.raises(DocumentError, match="more than"):
        extract(json.dumps(resume).encode(), "resume.json")


def test_a_rendercv_cv_reads_its_sections_with_markdown_removed() -> None:
    assert _lines(extract(gen.make_rendercv_yaml(), "cv.yaml")) == [
        "Grace Hopper",
        "Platform engineer",
        "Arlington, VA",
        "Summary",
        "Ships compilers and distributed systems; see my site.",
        "Experience",
        "Univac",
        "Staff Engineer",
        "- Ran Terraform on AWS",
        "- Wrote the COBOL bridge to gRPC services",
        "Technical Skills",
        "Languages: Python, Go",
    ]


def test_a_rendercv_cv_leaves_out_contacts_design_and_comments() -> None:
    text = extract(gen.make_rendercv_yaml(), "cv.yml")
    for leaked in ("grace@example.org", "GitHub", "classic", "Kafka", "present", "2019", "https"):
        assert leaked not in text


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        pytest.param(b"name: A\nskills: [Go]\n", UnsupportedTypeError, ("RenderCV",), id="no-cv"),
        pytest.param(b"cv: [unclosed\n", DocumentError, ("not valid YAML", "line"), id="broken"),
        pytest.param(b"cv: !!python/object:os.system ls\n", DocumentError, (), id="unsafe-tag"),
        pytest.param(gen.make_pdf("Go"), UnsupportedTypeError, ("PDF",), id="pdf-named-yaml"),
    ],
)
def test_a_yaml_file_that_is_no_rendercv_cv_is_refused_clearly(
    data: bytes, error: type[Exception], words: tuple[str, ...]
) -> None:
    with pytest.raises(error) as caught:
        extract(data, "cv.yaml")
    for word in words:
        assert word in str(caught.value)


def test_a_billion_laughs_yaml_is_refused_at_once() -> None:
    start = time.monotonic()
    with pytest.raises(DocumentError, match="aliases"):
        extract(gen.make_billion_laughs_yaml(), "cv.yaml")
    assert time.monotonic() - start < 1


def test_a_billion_laughs_yaml_is_refused_in_isolation_too() -> None:
    from matcher.isolate import extract_isolated

    start = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        extract_isolated(gen.make_billion_laughs_yaml(), "cv.yaml", timeout=10, memory_mb=512)
    assert not isinstance(caught.value, ParseLimitError)  # refused by the loader, not the limit
    assert time.monotonic() - start < 10


def test_aliases_under_the_limit_are_read_but_their_expansion_is_bounded() -> None:
    # Few aliases (under the loader's limit) can still multiply: the walk's budget stops them.
    doc = gen.make_billion_laughs_yaml(levels=7).replace(b'"lol"', b'"Go"')
    assert isinstance(load_yaml(doc.decode()), dict)
    with pytest.raises(DocumentError, match="more than"):
        extract(doc, "cv.yaml")


def test_structured_documents_are_detected_by_their_content() -> None:
    assert detect_type(gen.make_json_resume(), None) == "json"
    assert detect_type(gen.make_rendercv_yaml(), None) == "yaml"
    assert detect_type(gen.make_rendercv_yaml(), "cv.yml") == "yaml"
    assert detect_type(gen.make_json_resume(), "resume.txt") == "text"  # a text file may quote


def test_unnamed_structured_documents_are_read_as_their_kind() -> None:
    assert extract(gen.make_json_resume(), None).startswith("Ann Byron\nBackend Engineer")
    assert extract(gen.make_rendercv_yaml(), None).startswith("Grace Hopper\nPlatform engineer")
