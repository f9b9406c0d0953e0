"""Text extraction (placeholder: plain UTF-8 text only until the full extractor lands)."""

from __future__ import annotations

from matcher.errors import EmptyTextError


def extract(data: bytes, filename: str | None = None) -> str:
    """Return the text of a document given as bytes."""
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        raise EmptyTextError(f"{filename or 'the document'} holds no readable text")
    return text


def clean_text(text: str) -> str:
    """Repair pasted text."""
    return text
