"""The keyword map: how often postings ask for each skill against how often resumes name it.

The figures (``vocab/market.json``, written by ``matcher corpus build``) are read once when the
blueprint is registered. The chart's geometry is computed here as plain numbers; the template
draws it as SVG, so the page needs no script.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.blueprints import BlueprintSetupState

from matcher.market import (
    ADVICE,
    DEMAND_FLOOR,
    IMBALANCE,
    MARKET_PATH,
    MarketRow,
    market_rows,
)
from matcher.market import load_figures as load_market_figures
from matcher.vocab import CATEGORIES
from matcher.web.errors import json_error

bp = Blueprint("market", __name__)

FIGURES_KEY = "matcher_market_figures"
ADVICE_TITLES = {
    "feature": "Feature it",
    "common": "Expected",
    "oversupplied": "Will not set you apart",
    "niche": "Niche",
}
# Sort keys of the table; each sorts descending unless the request asks otherwise (name: A-Z).
SORTS: dict[str, Callable[[MarketRow], Any]] = {
    "demand": lambda r: (r.posting_share, r.resume_share),
    "supply": lambda r: (r.resume_share, r.posting_share),
    "gap": lambda r: (r.posting_share - r.resume_share, r.posting_share),
    "name": lambda r: r.name.lower(),
}
DEFAULT_DIR = {"demand": "desc", "supply": "desc", "gap": "desc", "name": "asc"}
TABLE_ROWS = 100
NOT_BUILT = "The market figures are not built yet; build them with `matcher corpus build`."

# Chart geometry, in SVG user units.
WIDTH, HEIGHT = 760, 540
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 62
TICKS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
LABEL_TOP_DEMAND = 25
LABEL_TOP_FEATURE = 10
LABEL_TOP_SUPPLY = 6
CHAR_WIDTH = 6.4  # of an 11-unit label, for overlap checks
LABEL_HEIGHT = 12


def load_figures(path: Path | None = None) -> dict[str, Any] | None:
    """The figures of ``market.json`` (this module's MARKET_PATH by default), or None."""
    return load_market_figures(path or MARKET_PATH)


@bp.record_once
def _load(state: BlueprintSetupState) -> None:
    state.app.extensions[FIGURES_KEY] = load_figures()


def current_figures() -> dict[str, Any] | None:
    """The figures the app loaded at start (None when not built)."""
    return current_app.extensions.get(FIGURES_KEY)


def market_json(figures: Mapping[str, Any], category: str | None = None) -> dict[str, Any]:
    """The body ``matcher market --json`` prints."""
    return {
        "n_postings": figures["n_postings"],
        "n_resumes": figures["n_resumes"],
        "sources": figures.get("sources", []),
        "skills": [r.to_dict() for r in market_rows(figures, category)],
    }


# --- the chart -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    value: float
    pos: float
    text: str


@dataclass(frozen=True)
class Point:
    name: str
    advice: str
    x: float
    y: float
    posting_share: float
    resume_share: float
    label: bool = False
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"


@dataclass(frozen=True)
class Chart:
    """Everything the SVG macro draws, in user units."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    points: tuple[Point, ...]
    feature_zone: str
    oversupplied_zone: str
    diagonal: tuple[float, float, float, float]
    max_share: float
    labelled: int


def _scale_max(rows: Sequence[MarketRow]) -> float:
    """The smallest tick at or above every share, so both axes share one scale."""
    top = max([0.0] + [max(r.posting_share, r.resume_share) for r in rows])
    return next((t for t in TICKS[1:] if t >= top), 1.0)


def _percent(value: float) -> str:
    return f"{value * 100:g}%"


def _labelled_names(rows: Sequence[MarketRow]) -> list[str]:
    """The points worth a label, most important first: top demand, strongest gaps, top supply."""
    by_demand = [r.name for r in rows[:LABEL_TOP_DEMAND] if r.posting_share > 0]
    feature = sorted(
        (r for r in rows if r.advice == "feature"),
        key=lambda r: (-(r.posting_share - r.resume_share), r.name.lower()),
    )
    by_supply = sorted(rows, key=lambda r: (-r.resume_share, r.name.lower()))
    names = by_demand + [r.name for r in feature[:LABEL_TOP_FEATURE]]
    names += [r.name for r in by_supply[:LABEL_TOP_SUPPLY] if r.resume_share > 0]
    return list(dict.fromkeys(names))


def _overlaps(box: tuple[float, float, float, float], boxes: list[tuple[float, ...]]) -> bool:
    x1, y1, x2, y2 = box
    return any(x1 < b[2] and b[0] < x2 and y1 < b[3] and b[1] < y2 for b in boxes)


def build_chart(rows: Sequence[MarketRow]) -> Chart:
    """Lay out the scatter: square-root scales (the many rare skills spread out), zones and labels.

    On square-root scales the lines ``demand = k * supply`` stay straight, so the diagonal and the
    "feature it" zone of :func:`matcher.market.advice` are drawn exactly.
    """
    vmax = _scale_max(rows)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(share: float) -> float:
        return round(LEFT + plot_w * math.sqrt(max(share, 0.0) / vmax), 1)

    def sy(share: float) -> float:
        return round(TOP + plot_h * (1 - math.sqrt(max(share, 0.0) / vmax)), 1)

    ticks = [t for t in TICKS if t <= vmax]
    x_ticks = tuple(Tick(t, sx(t), _percent(t)) for t in ticks)
    y_ticks = tuple(Tick(t, sy(t), _percent(t)) for t in ticks)

    def polygon(corners: Sequence[tuple[float, float]]) -> str:
        return " ".join(f"{sx(r)},{sy(p)}" for r, p in corners)

    floor = min(DEMAND_FLOOR, vmax)
    feature_zone = polygon(
        [(0, floor), (floor / IMBALANCE, floor), (vmax / IMBALANCE, vmax), (0, vmax)]
    )
    oversupplied_zone = polygon(
        [(floor, 0), (vmax, 0), (vmax, vmax / IMBALANCE), (floor, floor / IMBALANCE)]
    )

    wanted = _labelled_names(rows)
    rank = {name: i for i, name in enumerate(wanted)}
    placed: dict[str, tuple[float, float, str]] = {}
    boxes: list[tuple[float, ...]] = []
    positions = {r.name: (sx(r.resume_share), sy(r.posting_share)) for r in rows}
    for name in wanted:
        x, y = positions[name]
        w = CHAR_WIDTH * len(name)
        for lx, ly, anchor in (
            (x + 7, y + 4, "start"),
            (x - 7, y + 4, "end"),
            (x, y - 8, "middle"),
            (x, y + 16, "middle"),
        ):
            x1 = {"start": lx, "end": lx - w, "middle": lx - w / 2}[anchor]
            box = (x1, ly - LABEL_HEIGHT + 2, x1 + w, ly + 2)
            inside = box[0] >= LEFT and box[2] <= WIDTH - 2 and box[1] >= TOP and box[3] <= sy(0)
            if inside and not _overlaps(box, boxes):
                placed[name] = (lx, ly, anchor)
                boxes.append(box)
                break

    points = []
    # Unlabelled points first so that labelled ones are drawn on top.
    order = sorted(rows, key=lambda r: (r.name in placed, -rank.get(r.name, 0), r.name))
    for r in order:
        x, y = positions[r.name]
        lx, ly, anchor = placed.get(r.name, (0.0, 0.0, "start"))
        points.append(
            Point(
                r.name,
                r.advice,
                x,
                y,
                r.posting_share,
                r.resume_share,
                r.name in placed,
                lx,
                ly,
                anchor,
            )
        )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        points=tuple(points),
        feature_zone=feature_zone,
        oversupplied_zone=oversupplied_zone,
        diagonal=(sx(0), sy(0), sx(vmax), sy(vmax)),
        max_share=vmax,
        labelled=len(placed),
    )


# --- the query -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarketQuery:
    """The page's filters and sort order, read from the query string."""

    category: str
    advice: str
    sort: str
    dir: str
    show_all: bool

    def args(self, **changes: Any) -> dict[str, str]:
        """Query arguments for a link that changes some of these."""
        values = {
            "category": self.category,
            "advice": self.advice,
            "sort": self.sort,
            "dir": self.dir,
            "show": "all" if self.show_all else "",
            **changes,
        }
        return {k: v for k, v in values.items() if v}

    def sort_args(self, key: str) -> dict[str, str]:
        """The link of a column header: its default order, or the reverse when already sorted."""
        if key == self.sort:
            return self.args(sort=key, dir="asc" if self.dir == "desc" else "desc")
        return self.args(sort=key, dir=DEFAULT_DIR[key])


def read_query(args: Mapping[str, str]) -> MarketQuery:
    """Read and check the query string; an unknown value is a 400 that names the valid ones."""
    category = args.get("category", "").strip()
    if category and category not in CATEGORIES:
        abort(400, f"Unknown category {category!r}; choose one of: {', '.join(CATEGORIES)}.")
    advice = args.get("advice", "").strip()
    if advice and advice not in ADVICE:
        abort(400, f"Unknown advice {advice!r}; choose one of: {', '.join(ADVICE)}.")
    sort = args.get("sort", "demand").strip() or "demand"
    if sort not in SORTS:
        abort(400, f"Unknown sort {sort!r}; choose one of: {', '.join(SORTS)}.")
    direction = args.get("dir", "").strip() or DEFAULT_DIR[sort]
    if direction not in ("asc", "desc"):
        abort(400, f"Unknown direction {direction!r}; use asc or desc.")
    return MarketQuery(category, advice, sort, direction, args.get("show") == "all")


def sorted_rows(rows: Sequence[MarketRow], sort: str, direction: str) -> list[MarketRow]:
    """Rows in the table's order; ties keep the demand order, which breaks its ties by name."""
    return sorted(rows, key=SORTS[sort], reverse=direction == "desc")


def source_groups(sources: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Sources grouped by their attribution line, so a line shared by many files shows once."""
    groups: dict[str, dict[str, Any]] = {}
    for s in sources:
        key = str(s.get("attribution") or "")
        group = groups.setdefault(key, {"attribution": key, "files": [], "documents": 0})
        group["files"].append(s)
        group["documents"] += int(s.get("documents", 0))
    return list(groups.values())


# --- the views -------------------------------------------------------------------------------


@bp.get("/market")
def page() -> str:
    """The keyword map: the chart, the filters and the sortable table."""
    query = read_query(request.args)
    figures = current_figures()
    if figures is None:
        return render_template("market.html", figures=None, query=query, not_built=NOT_BUILT)
    in_category = market_rows(figures, query.category or None)
    rows = [r for r in in_category if not query.advice or r.advice == query.advice]
    advice_counts = {a: sum(r.advice == a for r in in_category) for a in ADVICE}
    table = sorted_rows(rows, query.sort, query.dir)
    return render_template(
        "market.html",
        figures=figures,
        query=query,
        chart=build_chart(rows),
        table=table if query.show_all else table[:TABLE_ROWS],
        total=len(rows),
        advice_counts=advice_counts,
        advice_text=ADVICE,
        advice_titles=ADVICE_TITLES,
        categories=CATEGORIES,
        sources=source_groups(figures.get("sources", [])),
    )


@bp.get("/api/v1/market")
def api() -> Any:
    """The keyword map as JSON, as ``matcher market --json`` prints it."""
    category = request.args.get("category", "").strip()
    if category and category not in CATEGORIES:
        return json_error(
            400, f"Unknown category {category!r}; choose one of: {', '.join(CATEGORIES)}."
        )
    figures = current_figures()
    if figures is None:
        return json_error(404, NOT_BUILT)
    return jsonify(market_json(figures, category or None))
