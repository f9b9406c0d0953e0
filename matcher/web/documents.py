"""Turn an upload or pasted text into the plain text the engine reads, within the limits."""

from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import FileStorage

from matcher.errors import TooLargeError
from matcher.extract import clean_text
from matcher.isolate import extract_isolated


def extract_document(data: bytes, filename: str | None) -> str:
    """Parse a document's bytes in a child process, cut off by PARSE_TIMEOUT and PARSE_MEMORY_MB."""
    config = current_app.config
    return extract_isolated(
        data, filename, timeout=config["PARSE_TIMEOUT"], memory_mb=config["PARSE_MEMORY_MB"]
    )


def read_upload(storage: FileStorage) -> str:
    """The text of an uploaded document."""
    text = extract_document(storage.read(), storage.filename)
    return _within_limit(text, storage.filename or "the document")


def read_pasted(text: str) -> str:
    """Pasted text, repaired (the form has checked its length already)."""
    return clean_text(text).strip()


def _within_limit(text: str, name: str) -> str:
    limit = current_app.config["MAX_TEXT_CHARS"]
    if len(text) > limit:
        raise TooLargeError(
            f"{name} holds {len(text):,} characters of text; the limit is {limit:,}"
        )
    return text
