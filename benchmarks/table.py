"""The one table ``make bench`` prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

HEADERS = ("measure", "ours", "baseline", "ratio", "goal", "note")


@dataclass(frozen=True)
class Row:
    """One line: a figure beside its baseline measured in the same run."""

    measure: str
    ours: str
    baseline: str
    ratio: str
    goal: str = ""
    note: str = ""

    def cells(self) -> tuple[str, ...]:
        return (self.measure, self.ours, self.baseline, self.ratio, self.goal, self.note)


def skipped(measure: str, why: str) -> Row:
    """A row that could not be measured in this checkout, with the reason."""
    return Row(measure, "skipped", "-", "-", "", why)


def render(rows: Sequence[Row]) -> str:
    """A plain-text table (Markdown pipe syntax, readable as is)."""
    cells = [HEADERS, *(r.cells() for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADERS))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
