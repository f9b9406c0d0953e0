"""extract on documents generated at test time: each format, and each way a document is unreadable."""

from __future__ import annotations

import contextlib

import pytest

from matcher.errors import DocumentError, EmptyTextError, ParseLimitError, UnsupportedTypeError
from matcher.extract import extract
from tests import fixtures_gen as gen


def test_a_generated_pdf_yields_its_text() -> None:
    text = extract(gen.make_pdf("Backend engineer: Python, PostgreSQL and Kafka."), "cv.pdf")
    assert "Backend engineer: Python, PostgreSQL and Kafka." in text


def test_a_generated_docx_yields_paragraphs_and_table_in_order() -> None:
    data = gen.make_docx(
        ["Jane Doe", "Experience with Django"],
        table=[["Skill", "Years"], ["Kubernetes", "4"]],
    )
    text = extract(data, "cv.docx")
    assert text.splitlines() == [
        "Jane Doe",
        "Experience with Django",
        "Skill | Years",
        "Kubernetes | 4",
    ]


def test_a_docx_table_cell_merged_across_columns_is_read_once() -> None:
    import io

    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Redis"
    table.cell(0, 2).text = "Go"
    out = io.BytesIO()
    document.save(out)
    assert extract(out.getvalue(), "t.docx") == "Redis | Go"


def test_html_drops_scripts_and_styles_and_breaks_blocks_into_lines() -> None:
    html = (
        b"<html><head><title>Job</title><style>p{color:red}</style></head><body>"
        b"<script>var stolen = 'Kafka';</script><h1>Backend&nbsp;Engineer</h1>"
        b"<p>We use <b>Python</b> &amp; Go.</p><ul><li>Redis</li><li>gRPC</li></ul></body></html>"
    )
    text = extract(html, "job.html")
    assert text.splitlines() == ["Backend Engineer", "We use Python & Go.", "- Redis", "- gRPC"]
    assert "stolen" not in text and "color" not in text


def test_markdown_keeps_headings_as_lines_and_drops_markup() -> None:
    markdown = b"# Jane Doe\n\n## Skills\n\n* **Python** and _Go_\n* `Docker`, [Kafka](https://kafka.apache.org)\n"
    text = extract(markdown, "cv.md")
    assert text.splitlines() == ["Jane Doe", "Skills", "- Python and Go", "- Docker, Kafka"]


def test_plain_text_is_decoded_and_repaired() -> None:
    text = extract("Skills â€¢ Python\r\nﬁle systems".encode(), "cv.txt")
    assert text == "Skills\n- Python\nfile systems"


def test_cp1252_text_is_decoded() -> None:
    assert extract("Café – Python".encode("cp1252"), None) == "Café – Python"


def test_a_pdf_without_a_text_layer_says_it_has_no_readable_text() -> None:
    with pytest.raises(EmptyTextError, match=r"has no readable text .*scanned"):
        extract(gen.make_scanned_pdf(), "scan.pdf")


def test_an_encrypted_pdf_is_refused_as_password_protected() -> None:
    with pytest.raises(DocumentError, match="password-protected") as caught:
        extract(gen.make_encrypted_pdf("Python developer"), "locked.pdf")
    assert type(caught.value) is DocumentError


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(gen.make_truncated_pdf("Python developer " * 80), id="truncated"),
        pytest.param(gen.make_byte_flipped_pdf("Python developer " * 80), id="byte-flipped"),
        pytest.param(
            gen.make_byte_flipped_pdf("Python developer " * 80, every=101), id="sparse-flips"
        ),
        pytest.param(b"%PDF-1.7\n" + gen.make_binary_blob(2000), id="header-then-noise"),
    ],
)
def test_a_damaged_pdf_is_a_document_error_never_another_exception(data: bytes) -> None:
    # EmptyTextError and ParseLimitError are DocumentErrors too; anything else fails the test.
    with contextlib.suppress(DocumentError):
        extract(data, "broken.pdf")


def test_a_pdf_whose_objects_reference_themselves_is_a_document_error() -> None:
    with pytest.raises(DocumentError):
        extract(gen.make_self_referencing_pdf(), "loop.pdf")


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated() -> None:
    with pytest.raises(ParseLimitError, match="too much memory"):
        extract(gen.make_docx_zip_bomb(), "bomb.docx")


def test_a_corrupt_docx_is_a_document_error() -> None:
    data = bytearray(gen.make_docx(["Python"]))
    # Keep the zip's directory (so it is still a DOCX) but damage the first part's data.
    data[40:400] = bytes(360)
    with pytest.raises(DocumentError):
        extract(bytes(data), "broken.docx")


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        pytest.param(b"", "cv.txt", id="empty-file"),
        pytest.param(b"", None, id="empty-unnamed"),
        pytest.param(b"<html><script>x()</script></html>", "a.html", id="html-without-text"),
        pytest.param("\u2022 \u00a0 \u200b".encode(), None, id="only-bullets-and-spaces"),
    ],
)
def test_a_document_without_words_has_no_readable_text(data: bytes, filename: str | None) -> None:
    with pytest.raises(EmptyTextError, match="no readable text"):
        extract(data, filename)


def test_a_text_file_named_pdf_is_refused_naming_both_types() -> None:
    with pytest.raises(
        UnsupportedTypeError, match=r"x\.pdf is named as a PDF but its content is plain text"
    ):
        extract(b"Python developer", "x.pdf")


JEKYLL_POSTING = b"""---
layout: job
title: Senior Backend Engineer
tags: [html, yaml, kubernetes]
apply_url: "{{ site.url }}/apply"
---
{% include job-header.html %}
# {{ page.title }}

## Requirements

* **Python** and PostgreSQL
{% comment %}
* Apache Beam, once the data team agrees
{% endcomment %}
* Kafka {% if page.remote %}(remote){% endif %}

{% include apply.html job=page %}
"""


def test_markdown_front_matter_and_liquid_tags_are_removed_but_the_title_is_kept() -> None:
    text = extract(JEKYLL_POSTING, "job.md")
    assert [line for line in text.splitlines() if line] == [
        "Senior Backend Engineer",
        "Requirements",
        "- Python and PostgreSQL",
        "- Kafka (remote)",
    ]


def test_a_markdown_posting_shows_no_yaml_or_html_requirements() -> None:
    from matcher.engine import get_engine

    names = {f.skill.name for f in get_engine().skills(extract(JEKYLL_POSTING, "job.md"))}
    assert {"Python", "PostgreSQL", "Kafka"} <= names
    assert not names & {"HTML", "YAML", "Kubernetes", "Apache Beam"}


def test_unnamed_markdown_with_front_matter_is_read_as_markdown() -> None:
    assert extract(JEKYLL_POSTING, None).startswith("Senior Backend Engineer\n")


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param(b"---\n---\nGo", "Go", id="empty-front-matter"),
        pytest.param(b"---\nurl: {{ site.url }}\n---\nGo", "Go", id="liquid-in-front-matter"),
        pytest.param(b"---\nSenior Engineer\n---\nGo", "Senior Engineer\nGo", id="not-a-mapping"),
        pytest.param(b"Go\n\n---\n\nRust", "Go\nRust", id="rule-later-is-no-front-matter"),
        pytest.param(b"{% raw %}{{ name }}{% endraw %} in Jinja", "{{ name }} in Jinja", id="raw"),
        pytest.param(b"Go {% unclosed tag", "Go {% unclosed tag", id="unclosed-tag-kept"),
    ],
)
def test_markdown_front_matter_edge_cases(markdown: bytes, expected: str) -> None:
    assert [line for line in extract(markdown, "a.md").splitlines() if line] == expected.split("\n")


def test_a_front_matter_alias_bomb_is_a_document_error() -> None:
    bomb = gen.make_billion_laughs_yaml().decode().replace("cv:", "title:", 1)
    with pytest.raises(DocumentError, match="front matter"):
        extract(f"---\n{bomb}---\n# Go\n".encode(), "job.md")
