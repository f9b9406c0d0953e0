"""The keyword map: how often employers ask for each skill against how often resumes name it.

Figures come from ``vocab/market.json`` (written by ``matcher corpus build``). For each skill the
map gives the advice a career keyword mapper gives: a skill in demand that resumes rarely
mention is the first one a candidate who has it should feature.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matcher.errors import VocabularyError
from matcher.vocab import VOCAB_DIR

MARKET_PATH = VOCAB_DIR / "market.json"

# A skill is "in demand" when at least this share of postings names it, and "asked for more than
# mentioned" when postings name it this many times as often as resumes do (and the reverse).
DEMAND_FLOOR = 0.02
IMBALANCE = 1.5

ADVICE = {
    "feature": "In demand and rarely mentioned: if you have it, feature it prominently.",
    "common": "Common on both sides: expected, so list it plainly.",
    "oversupplied": "Mentioned more often than asked for: it will not set you apart.",
    "niche": "Rarely asked for and rarely mentioned: include it where a posting asks for it.",
}


@dataclass(frozen=True)
class MarketRow:
    """One skill on the keyword map."""

    name: str
    category: str
    kind: str
    postings: int
    posting_share: float
    required_share: float
    nice_share: float
    resumes: int
    resume_share: float
    advice: str

    def to_dict(self) -> dict[str, object]:
        """JSON shape of one row of ``matcher market --json``."""
        return {**self.__dict__, "advice_text": ADVICE[self.advice]}


def load_figures(path: Path = MARKET_PATH) -> dict[str, Any] | None:
    """The figures of ``market.json``, or None when they have not been built.

    Raises
    ------
    VocabularyError
        When the file exists but cannot be read as market figures.
    """
    if not path.exists():
        return None
    try:
        figures = json.loads(path.read_text(encoding="utf-8"))
        figures["n_postings"], figures["n_resumes"], figures["skills"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VocabularyError(
            f"{path}: unreadable market figures ({exc}); rebuild with `matcher corpus build`"
        ) from exc
    return figures


def advice(posting_share: float, resume_share: float) -> str:
    """Classify a skill by demand against supply: feature, common, oversupplied or niche."""
    if posting_share >= DEMAND_FLOOR and posting_share >= IMBALANCE * resume_share:
        return "feature"
    if resume_share >= DEMAND_FLOOR and resume_share >= IMBALANCE * posting_share:
        return "oversupplied"
    if posting_share >= DEMAND_FLOOR:
        return "common"
    return "niche"


def market_rows(figures: Mapping[str, object], category: str | None = None) -> list[MarketRow]:
    """Rows of the keyword map from ``market.json`` figures, most demanded first (ties by name)."""
    rows = []
    for name, f in figures.get("skills", {}).items():
        if category and f["category"] != category:
            continue
        if not (f["postings"] or f["resumes"]):
            continue
        rows.append(
            MarketRow(
                name=name,
                category=f["category"],
                kind=f["kind"],
                postings=f["postings"],
                posting_share=f["posting_share"],
                required_share=f["required_share"],
                nice_share=f["nice_share"],
                resumes=f["resumes"],
                resume_share=f["resume_share"],
                advice=advice(f["posting_share"], f["resume_share"]),
            )
        )
    rows.sort(key=lambda r: (-r.posting_share, -r.resume_share, r.name.lower()))
    return rows
