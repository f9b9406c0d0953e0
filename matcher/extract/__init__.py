"""Text extraction: PDF, DOCX, HTML, Markdown, LaTeX, JSON Resume, RenderCV YAML and plain text
to one repaired plain text."""

from __future__ import annotations

from pathlib import PurePath

from matcher.errors import EmptyTextError, UnsupportedTypeError
from matcher.extract.clean import clean_text
from matcher.extract.detect import KINDS, decode_text, detect_type

__all__ = ["KINDS", "clean_text", "detect_type", "extract"]


def _raw_text(kind: str, data: bytes, name: str) -> str:
    if kind == "pdf":
        from matcher.extract.pdf import pdf_text

        return pdf_text(data, name)
    if kind == "docx":
        from matcher.extract.docx import docx_text

        return docx_text(data, name)
    text = decode_text(data)
    if text is None:  # detect_type has decoded it once already
        raise UnsupportedTypeError(f"{name} is not text we can decode.")
    if kind == "html":
        from matcher.extract.markup import html_text

        return html_text(text)
    if kind == "markdown":
        from matcher.extract.markup import markdown_text

        return markdown_text(text)
    if kind == "latex":
        from matcher.extract.latex import latex_text

        return latex_text(text)
    if kind == "json":
        from matcher.extract.structured import json_resume_text

        return json_resume_text(text, name)
    if kind == "yaml":
        from matcher.extract.structured import rendercv_text

        return rendercv_text(text, name)
    return text


def extract(data: bytes, filename: str | None = None) -> str:
    """Return the repaired text of a document, its type decided from its bytes.

    Parameters
    ----------
    data:
        The file's content.
    filename:
        The name it was uploaded under, if any; its extension must agree with the content.

    Returns
    -------
    str
        The document's text after :func:`clean_text`, never empty.

    Raises
    ------
    UnsupportedTypeError
        A type we do not read, or content that contradicts the file name.
    DocumentError
        An encrypted or corrupt PDF or DOCX; malformed JSON or YAML, or a YAML alias bomb.
    ParseLimitError
        A DOCX whose zip would inflate beyond the limits.
    EmptyTextError
        No readable text, e.g. a scanned PDF without a text layer.
    """
    name = PurePath(filename).name if filename else "the document"
    kind = detect_type(data, filename)
    text = clean_text(_raw_text(kind, data, name))
    if not any(c.isalnum() for c in text):
        hint = " (is it a scanned image?)" if kind == "pdf" else ""
        raise EmptyTextError(f"{name} has no readable text{hint}.")
    return text
