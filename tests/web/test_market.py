"""The keyword map page and its JSON twin, over small figures written for each test."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import matcher.web.market as market_view
from matcher.cli import main as cli_main
from matcher.market import ADVICE
from matcher.web import create_app

SOURCES = [
    {
        "file": "postings.jsonl",
        "kind": "postings",
        "documents": 200,
        "attribution": "Example postings, MIT license.",
    },
    {"file": "a/resume.pdf", "kind": "resumes", "documents": 1, "attribution": "Templates (MIT)."},
    {"file": "b/cv.pdf", "kind": "resumes", "documents": 99, "attribution": "Templates (MIT)."},
]


def skill(category: str, postings: int, resumes: int, kind: str = "hard") -> dict[str, object]:
    return {
        "category": category,
        "kind": kind,
        "postings": postings,
        "posting_share": postings / 200,
        "required_share": postings / 200,
        "nice_share": 0.0,
        "resumes": resumes,
        "resume_share": resumes / 100,
    }


FIGURES = {
    "about": "test figures",
    "sources": SOURCES,
    "n_postings": 200,
    "n_resumes": 100,
    "skills": {
        "Python": skill("language", 50, 30),  # common
        "PostgreSQL": skill("database", 40, 4),  # feature
        "Kafka": skill("messaging", 20, 1),  # feature
        "Java": skill("language", 10, 25),  # oversupplied
        "Redis": skill("database", 12, 5),  # feature
        "Communication": skill("soft", 20, 40, kind="soft"),  # oversupplied
        "CockroachDB": skill("database", 1, 0),  # niche
        "Never seen": skill("data", 0, 0),  # left off the map
    },
}


@pytest.fixture(autouse=True)
def market_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The figures the app loads at start (runs before the app fixture builds the app)."""
    path = tmp_path / "market.json"
    path.write_text(json.dumps(FIGURES), encoding="utf-8")
    monkeypatch.setattr(market_view, "MARKET_PATH", path)
    return path


def table_names(html: str) -> list[str]:
    """Skill names in the table's row order."""
    body = html.split('<table class="market">', 1)[1]
    return [
        re.sub(r"<[^>]+>", "", m).split(" soft")[0].strip()
        for m in re.findall(r'<th scope="row" class="skill-name">(.*?)</th>', body, re.S)
    ]


def test_the_map_draws_an_svg_scatter_with_labelled_axes_and_a_table(client):
    page = client.get("/market")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    svg = html.split('<svg class="market-chart"', 1)[1].split("</svg>", 1)[0]
    assert "Demand: share of postings that ask for it" in svg
    assert "Supply: share of resumes that mention the skill" in svg
    assert re.search(r">\d+%</text>", svg), "axis ticks in percent"
    assert svg.count('<circle class="point') == 7  # every skill seen on either side
    assert 'class="diagonal"' in svg and 'class="zone feature"' in svg
    assert re.search(r'class="point-label feature"[^>]*>PostgreSQL</text>', svg)
    assert table_names(html)[:3] == ["Python", "PostgreSQL", "Communication"]
    assert ADVICE["feature"] in html
    assert "200</strong> job postings" in html and "100</strong> resumes" in html


def test_the_map_names_its_sources_with_their_attribution_once_each(client):
    html = client.get("/market").get_data(as_text=True)
    sources = html.split('id="sources"', 1)[1]
    assert "Example postings, MIT license." in sources
    assert sources.count("Templates (MIT).") == 1
    assert "a/resume.pdf" in sources and "b/cv.pdf" in sources


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=name", ["CockroachDB", "Communication", "Java", "Kafka", "PostgreSQL"]),
        ("sort=name&dir=desc", ["Redis", "Python", "PostgreSQL"]),
        ("sort=supply", ["Communication", "Python", "Java"]),
        ("sort=gap", ["PostgreSQL", "Kafka", "Redis"]),
        ("sort=demand&dir=asc", ["CockroachDB", "Java", "Redis"]),
    ],
    ids=["name", "name-desc", "supply", "gap", "demand-ascending"],
)
def test_sorting_the_table_changes_its_order(client, query, expected):
    html = client.get(f"/market?{query}").get_data(as_text=True)
    assert table_names(html)[: len(expected)] == expected


def test_a_sorted_header_links_to_the_reverse_order(client):
    html = client.get("/market?sort=supply").get_data(as_text=True)
    assert 'aria-sort="descending"' in html
    assert "/market?sort=supply&amp;dir=asc" in html


def test_the_category_filter_keeps_only_that_category(client):
    html = client.get("/market?category=database").get_data(as_text=True)
    assert table_names(html) == ["PostgreSQL", "Redis", "CockroachDB"]
    assert html.count('<circle class="point') == 3


def test_the_advice_filter_keeps_only_that_advice(client):
    html = client.get("/market?advice=oversupplied").get_data(as_text=True)
    assert sorted(table_names(html)) == ["Communication", "Java"]


@pytest.mark.parametrize("query", ["category=databases", "advice=hot", "sort=popularity", "dir=up"])
def test_an_unknown_filter_or_sort_is_a_400_that_names_the_valid_values(client, query):
    page = client.get(f"/market?{query}")
    assert page.status_code == 400
    assert "choose one of" in page.get_data(as_text=True) or "asc or desc" in page.get_data(
        as_text=True
    )


def test_without_figures_the_page_says_how_to_build_them(tmp_path, monkeypatch):
    monkeypatch.setattr(market_view, "MARKET_PATH", tmp_path / "absent.json")
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "db.sqlite3")})
    page = app.test_client().get("/market")
    assert page.status_code == 200
    assert "matcher corpus build" in page.get_data(as_text=True)
    api = app.test_client().get("/api/v1/market")
    assert api.status_code == 404
    assert "matcher corpus build" in api.get_json()["error"]["message"]


def test_the_api_returns_what_matcher_market_json_prints(client, market_file, capsys):
    assert cli_main(["market", "--json", "--figures", str(market_file)]) == 0
    printed = json.loads(capsys.readouterr().out)
    body = client.get("/api/v1/market").get_json()
    assert body == printed
    assert set(body) == {"n_postings", "n_resumes", "sources", "skills"}
    first = body["skills"][0]
    assert first["name"] == "Python" and first["advice"] == "common"
    assert first["advice_text"] == ADVICE["common"]
    assert {"postings", "resumes", "posting_share", "resume_share", "category"} <= set(first)


def test_the_api_filters_by_category_and_rejects_an_unknown_one(client):
    body = client.get("/api/v1/market?category=database").get_json()
    assert [s["name"] for s in body["skills"]] == ["PostgreSQL", "Redis", "CockroachDB"]
    bad = client.get("/api/v1/market?category=databases")
    assert bad.status_code == 400
    assert "databases" in bad.get_json()["error"]["message"]


def test_labels_do_not_overlap_on_a_crowded_map():
    rows = market_view.market_rows(
        {"skills": {f"Skill number {i}": skill("data", 40 + i % 7, 10 + i % 5) for i in range(60)}}
    )
    chart = market_view.build_chart(rows)
    boxes = []
    for p in chart.points:
        if p.label:
            w = market_view.CHAR_WIDTH * len(p.name)
            x1 = {"start": p.label_x, "end": p.label_x - w, "middle": p.label_x - w / 2}[p.anchor]
            boxes.append((x1, p.label_y - 10, x1 + w, p.label_y + 2))
    assert 0 < len(boxes) < 60
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
