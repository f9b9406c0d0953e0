"""Values and filters the templates use; they return plain data, never markup."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from matcher.web.forms import POSTING_ACCEPT, RESUME_ACCEPT

KNOCKOUT_LABELS = {
    "work_authorization": "Work authorization",
    "clearance": "Security clearance",
    "degree": "Degree",
    "experience": "Years of experience",
    "location": "Location",
    "travel": "Travel",
    "language": "Language",
}
IMPORTANCE_ORDER = {"high": 0, "medium": 1, "low": 2}


def highlight(snippet: str | None, *terms: str | None) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_hit) parts around the terms, case-insensitively.

    The template wraps hits in <mark>; autoescaping still applies to every part.
    """
    if not snippet:
        return []
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return [(snippet, False)]
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE
    )
    parts: list[tuple[str, bool]] = []
    last = 0
    for m in pattern.finditer(snippet):
        if m.start() > last:
            parts.append((snippet[last : m.start()], False))
        parts.append((m.group(0), True))
        last = m.end()
    if last < len(snippet):
        parts.append((snippet[last:], False))
    return parts


def percent(value: float | None, digits: int = 0) -> str:
    """A 0..1 share as a percentage string."""
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f}%"


def knockout_label(kind: str) -> str:
    """A readable name for a knockout kind."""
    return KNOCKOUT_LABELS.get(kind, kind.replace("_", " ").capitalize())


def score_band(score: float) -> str:
    """A CSS class for a 0..100 score."""
    if score >= 70:
        return "high"
    if score >= 40:
        return "mid"
    return "low"


def register_template_helpers(app: Flask) -> None:
    """Make the helpers available to every template."""
    app.add_template_filter(highlight)
    app.add_template_filter(percent)
    app.add_template_filter(knockout_label)
    app.add_template_filter(score_band)

    @app.context_processor
    def accepts() -> dict[str, Any]:
        return {"resume_accept": RESUME_ACCEPT, "posting_accept": POSTING_ACCEPT}
