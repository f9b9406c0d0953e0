"""Pure helpers over report dicts: a default title, what changed between two versions, and a
copy without the resume's text for sharing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABEL_CHARS = 80
STATUS_RANK = {"missing": 0, "partial": 1, "matched": 2}


def label_for(posting_text: str) -> str:
    """A title for a saved report: the posting's first non-empty line, shortened."""
    first = next((line.strip() for line in posting_text.splitlines() if line.strip()), "")
    if not first:
        return "Untitled posting"
    return first if len(first) <= LABEL_CHARS else first[: LABEL_CHARS - 1].rstrip() + "…"


def _rows(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    rows = [*report.get("matched", []), *report.get("partial", []), *report.get("missing", [])]
    return {row["name"]: row for row in rows}


@dataclass(frozen=True)
class Change:
    """One posting skill whose status differs (or not) between two resume versions."""

    name: str
    kind: str
    importance: str
    weight: float
    before: str
    after: str
    implied_by: str | None = None


@dataclass(frozen=True)
class Comparison:
    """What a new resume version gained and lost against the same posting."""

    score_before: float
    score_after: float
    improved: list[Change] = field(default_factory=list)
    lost: list[Change] = field(default_factory=list)
    still_missing: list[Change] = field(default_factory=list)
    still_partial: list[Change] = field(default_factory=list)
    kept: list[Change] = field(default_factory=list)

    @property
    def score_delta(self) -> float:
        return round(self.score_after - self.score_before, 1)


def compare_reports(before: dict[str, Any], after: dict[str, Any]) -> Comparison:
    """Compare two reports of the same posting, most important skills first in each list.

    A skill the posting asks for in only one of them (the engine changed in between) counts as
    missing in the other.
    """
    old, new = _rows(before), _rows(after)
    buckets: dict[str, list[Change]] = {
        "improved": [],
        "lost": [],
        "still_missing": [],
        "still_partial": [],
        "kept": [],
    }
    for name in old.keys() | new.keys():
        row = new.get(name) or old[name]
        was = old.get(name, {}).get("status", "missing")
        now = new.get(name, {}).get("status", "missing")
        change = Change(
            name=name,
            kind=row.get("kind", "hard"),
            importance=row.get("importance", "medium"),
            weight=float(row.get("weight", 0.0)),
            before=was,
            after=now,
            implied_by=new.get(name, {}).get("implied_by"),
        )
        if STATUS_RANK[now] > STATUS_RANK[was]:
            buckets["improved"].append(change)
        elif STATUS_RANK[now] < STATUS_RANK[was]:
            buckets["lost"].append(change)
        else:
            buckets[
                {"missing": "still_missing", "partial": "still_partial"}.get(now, "kept")
            ].append(change)
    for changes in buckets.values():
        changes.sort(key=lambda c: (-c.weight, c.name))
    return Comparison(
        score_before=float(before.get("score", 0.0)),
        score_after=float(after.get("score", 0.0)),
        **buckets,
    )


# Where a report quotes the resume: each skill row's snippet from it, and the snippet of each
# skill the resume shows beyond the posting ("extra").
RESUME_QUOTES = ("resume_snippet",)


def without_resume_text(report: dict[str, Any]) -> dict[str, Any]:
    """A copy of a report with every quotation of the resume removed (for a share link that
    leaves the resume out); skill names, counts and the score stay."""

    def strip(value: Any, in_extra: bool = False) -> Any:
        if isinstance(value, dict):
            return {
                key: None
                if key in RESUME_QUOTES or (in_extra and key == "snippet")
                else strip(item, in_extra or key == "extra")
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [strip(item, in_extra) for item in value]
        return value

    return strip(report)
