"""The kind of document a byte string holds, from its content, checked against its name."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import PurePath
from typing import Final

from matcher.errors import EmptyTextError, UnsupportedTypeError

DocType = str  # one of KINDS

KINDS: Final = ("pdf", "docx", "html", "markdown", "latex", "json", "yaml", "text")

# What each accepted extension promises about the bytes.
EXTENSIONS: Final[dict[str, str]] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
}
_NAMES: Final[dict[str, str]] = {
    "pdf": "a PDF",
    "docx": "a Word (DOCX) document",
    "html": "an HTML page",
    "markdown": "Markdown text",
    "latex": "a LaTeX source",
    "json": "JSON (a JSON Resume)",
    "yaml": "YAML (a RenderCV CV)",
    "text": "plain text",
    "zip": "a zip archive (not a Word document)",
    "binary": "binary data",
}
_OLD_OFFICE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Some producers and mail gateways put a few bytes before the header; readers accept up to 1 kB.
_PDF_SEARCH: Final = 1024
_HTML_RE: Final = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|br|ul|li|table|h[1-6]|span|a)"
    rb"[\s>/][^<]*(?:>|$)",
    re.IGNORECASE,
)
_HTML_CLOSE_RE: Final = re.compile(rb"</(?:p|div|ul|li|table|h[1-6]|span|a|body|html)>", re.I)
_SNIFF: Final = 4096
# What marks text as a LaTeX source: the preamble or body markers, or the entry macros of the
# resume classes we read.
_LATEX_RE: Final = re.compile(
    r"^[ \t]*\\(?:documentclass|begin\{document\}|(?:cv|resume)[A-Za-z]*(?:entry|section|Item|"
    r"Subheading|honor|skill)\b)",
    re.MULTILINE,
)
# A RenderCV CV opens with its "cv:" mapping (after comments).
_RENDERCV_RE: Final = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*cv:[ \t]*(?:#[^\n]*)?\n")
# Markdown with a YAML front matter block, as Jekyll and other site generators keep postings.
_FRONT_MATTER_RE: Final = re.compile(r"\A---[ \t]*\n(?:[\w-]+:.*\n|#.*\n|[ \t]*\n)+?---[ \t]*\n")
# Text kinds a file named as plain text or Markdown may hold: a text file may quote anything.
_TEXTUAL: Final = frozenset(["text", "html", "markdown", "latex", "json", "yaml"])
# Share of control characters above which decoded bytes are not text.
_MAX_CONTROL_SHARE: Final = 0.02
_CONTROL_RE: Final = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _extension(filename: str | None) -> str:
    return PurePath(filename).suffix.lower() if filename else ""


def decode_text(data: bytes) -> str | None:
    """Decode bytes as UTF-8, UTF-16/32 with a BOM or CP1252; None when they are not text."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if _looks_like_text(text) else None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    return text if _looks_like_text(text) else None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    controls = len(_CONTROL_RE.findall(text))
    return controls <= _MAX_CONTROL_SHARE * len(text)


def _sniff(data: bytes) -> str:
    """The kind the bytes hold: a KINDS value, "zip" or "binary"."""
    head = data[: _PDF_SEARCH + 8]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "binary"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(_OLD_OFFICE):
        return "binary"
    text = decode_text(data)
    if text is None:
        return "binary"
    head_text = text[:_SNIFF].lstrip("\ufeff \t\r\n")
    if head_text.startswith("{") and text.rstrip().endswith("}"):
        return "json"
    if _RENDERCV_RE.match(head_text.replace("\r\n", "\n")):
        return "yaml"
    if _LATEX_RE.search(text[:_SNIFF]):
        return "latex"
    if _FRONT_MATTER_RE.match(head_text.replace("\r\n", "\n")):
        return "markdown"
    sample = text[:_SNIFF].encode("utf-8", "replace")
    if _HTML_RE.search(sample.lstrip()[:200]) or (
        _HTML_RE.search(sample) and _HTML_CLOSE_RE.search(sample)
    ):
        return "html"
    return "text"


def detect_type(data: bytes, filename: str | None = None) -> str:
    """Decide the kind of a document from its bytes, checking it agrees with its file name.

    Parameters
    ----------
    data:
        The file's content.
    filename:
        The name it was uploaded under, if any; only its extension is used.

    Returns
    -------
    str
        One of KINDS: "pdf", "docx", "html", "markdown", "latex", "json", "yaml", "text". Text
        named ``.md`` or ``.markdown`` is "markdown"; HTML, LaTeX, JSON or YAML named ``.txt``
        or ``.md`` stays that text kind, since a text file may quote markup. Unnamed text is
        told by its content: a JSON object, a ``cv:`` mapping (RenderCV), LaTeX macros, a YAML
        front matter block (Markdown), HTML tags.

    Raises
    ------
    UnsupportedTypeError
        The extension is not one we read, the file is an old binary ``.doc``, the bytes are not a
        kind we read, or they contradict the extension (``x.pdf`` holding plain text).
    EmptyTextError
        The file is empty.
    """
    name = PurePath(filename).name if filename else "the file"
    ext = _extension(filename)
    if ext == ".doc" or data.startswith(_OLD_OFFICE):
        raise UnsupportedTypeError(
            f"{name} is an old Word (.doc) file, which we do not read: "
            "save it as DOCX or PDF and upload that."
        )
    if ext and ext not in EXTENSIONS:
        accepted = ", ".join(sorted(EXTENSIONS))
        raise UnsupportedTypeError(f"{name}: we do not read {ext} files (we read {accepted}).")
    if not data.strip():
        raise EmptyTextError(f"{name} is empty: it has no readable text.")
    kind = _sniff(data)
    if kind in ("zip", "binary"):
        raise UnsupportedTypeError(
            f"{name} holds {_NAMES[kind]}, which we do not read: "
            "upload a PDF, DOCX, HTML, Markdown, LaTeX, JSON Resume, RenderCV YAML or plain-text "
            "file."
        )
    if not ext:
        return kind
    expected = EXTENSIONS[ext]
    if expected == kind:
        return kind
    if expected in ("text", "markdown") and kind in _TEXTUAL:
        return expected
    if (
        expected == "json"
        and kind == "text"
        and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
    ):
        # JSON cut short or not an object: its parser says what is wrong with it.
        return "json"
    if expected in ("html", "latex", "yaml") and kind == "text":
        # A fragment without the tags we sniff for is still fine to read as HTML; a LaTeX file
        # may hold only text; YAML without a RenderCV header is told apart by its parser.
        return expected
    raise UnsupportedTypeError(
        f"{name} is named as {_NAMES[expected]} but its content is {_NAMES[kind]}."
    )
