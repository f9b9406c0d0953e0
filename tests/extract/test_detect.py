"""detect_type: the kind of a document comes from its bytes and must agree with its name."""

from __future__ import annotations

import codecs

import pytest

from matcher.errors import EmptyTextError, UnsupportedTypeError
from matcher.extract import detect_type
from tests import fixtures_gen as gen


def test_a_pdf_is_detected_by_its_magic_even_after_junk_bytes() -> None:
    assert detect_type(b"\r\n\x00junk" + gen.make_pdf("Python"), None) == "pdf"


def test_a_docx_is_a_zip_holding_word_document_xml() -> None:
    assert detect_type(gen.make_docx(["Python"]), "cv.docx") == "docx"


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        pytest.param(
            b"<!DOCTYPE html><html><body><p>Go</p></body></html>", None, "html", id="html"
        ),
        pytest.param(b"<div><p>Kafka</p></div>", "job.htm", "html", id="html-fragment"),
        pytest.param(b"# Title\n\n*Python*", "cv.md", "markdown", id="markdown-by-name"),
        pytest.param(b"Python developer", None, "text", id="utf8-text"),
        pytest.param("Café Python".encode("cp1252"), "cv.txt", "text", id="cp1252-text"),
        pytest.param(codecs.BOM_UTF16_LE + "Go dev".encode("utf-16-le"), None, "text", id="utf16"),
        pytest.param(b"<p>quoted markup</p>", "notes.txt", "text", id="txt-quoting-html"),
    ],
)
def test_detect_type_reads_the_kind_from_the_bytes(
    data: bytes, filename: str | None, kind: str
) -> None:
    assert detect_type(data, filename) == kind


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        pytest.param(
            b"just text", "cv.pdf", ("cv.pdf", "PDF", "plain text"), id="pdf-that-is-text"
        ),
        pytest.param(b"just text", "cv.docx", ("cv.docx", "DOCX", "plain text"), id="docx-not-zip"),
        pytest.param(gen.make_plain_zip(), "cv.docx", ("zip",), id="docx-plain-zip"),
        pytest.param(gen.make_pdf("Go"), "cv.docx", ("cv.docx", "PDF"), id="docx-that-is-pdf"),
        pytest.param(gen.make_docx(["Go"]), "cv.pdf", ("cv.pdf", "Word"), id="pdf-that-is-docx"),
        pytest.param(b"text", "cv.doc", ("DOCX", "PDF"), id="old-word-doc"),
        pytest.param(b"text", "cv.rtf", (".rtf",), id="unknown-extension"),
        pytest.param(gen.make_binary_blob(), None, ("binary",), id="binary-blob"),
        pytest.param(gen.make_binary_blob(), "cv.txt", ("binary",), id="binary-named-txt"),
    ],
)
def test_detect_type_refuses_types_we_do_not_read_and_names_that_lie(
    data: bytes, filename: str | None, words: tuple[str, ...]
) -> None:
    with pytest.raises(UnsupportedTypeError) as caught:
        detect_type(data, filename)
    for word in words:
        assert word in str(caught.value)


def test_an_empty_file_has_no_readable_text() -> None:
    with pytest.raises(EmptyTextError, match="no readable text"):
        detect_type(b"  \n", "cv.txt")
