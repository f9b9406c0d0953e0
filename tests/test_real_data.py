"""Checks on the real public data in ../shared (skipped without it; mandatory under CI)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.cli import main
from matcher.engine import get_engine
from matcher.extract import extract
from tests.conftest import REPO_DIR, SHARED_DATA
from tests.rendercv import page_text

RENDERCV = (
    sorted((SHARED_DATA / "resumes_pdf" / "rendercv").glob("*.pdf")) if SHARED_DATA.is_dir() else []
)
# The development-set figures this vocabulary must keep (measured: see the README's accuracy table).
DEV_HARD_F1 = 0.90
DEV_HARD_PRECISION = 0.93
DEV_SOFT_F1 = 0.75


@pytest.mark.parametrize("pdf", RENDERCV, ids=[p.stem for p in RENDERCV])
def test_rendercv_pdf_shows_the_same_skills_as_its_yaml_source(
    shared_data: Path, pdf: Path
) -> None:
    engine = get_engine()
    from_yaml = {f.name for f in engine.skills(page_text(pdf.with_suffix(".yaml")))}
    from_pdf = {f.name for f in engine.skills(extract(pdf.read_bytes(), pdf.name))}
    assert len(from_yaml) >= 10
    assert from_pdf == from_yaml, (
        f"only in YAML: {from_yaml - from_pdf}; only in PDF: {from_pdf - from_yaml}"
    )


def test_rendercv_files_are_present(shared_data: Path) -> None:
    assert len(RENDERCV) == 9


def _score(shared_eval: Path) -> dict[str, tuple[float, float, float]]:
    proc = subprocess.run(
        [
            sys.executable,
            str(shared_eval / "score.py"),
            "--gold",
            str(shared_eval / "dev_gold.jsonl"),
            "--matcher",
            f"{sys.executable} -m matcher.cli skills",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO_DIR,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = {}
    for kind, p, r, f in re.findall(
        r"^(hard|soft): precision ([\d.]+) recall ([\d.]+) F1 ([\d.]+)", proc.stdout, re.M
    ):
        out[kind] = (float(p), float(r), float(f))
    return out


def test_skill_finding_agrees_with_the_development_gold(shared_eval: Path) -> None:
    figures = _score(shared_eval)
    hard_p, _, hard_f1 = figures["hard"]
    assert hard_f1 >= DEV_HARD_F1, figures
    assert hard_p >= DEV_HARD_PRECISION, figures
    assert figures["soft"][2] >= DEV_SOFT_F1, figures


def test_committed_figures_are_reproduced_exactly_by_corpus_build(
    shared_data: Path, tmp_path: Path
) -> None:
    assert main(["corpus", "build", "--data", str(shared_data), "--out", str(tmp_path)]) == 0
    for name in ("idf.json", "market.json"):
        committed = (REPO_DIR / "vocab" / name).read_text(encoding="utf-8")
        rebuilt = (tmp_path / name).read_text(encoding="utf-8")
        assert rebuilt == committed, f"vocab/{name} is stale: run `matcher corpus build`"


@pytest.mark.parametrize(
    "name",
    ["Backend Developer.docx", "Senior Software Developer.docx", "Web_dev_job.docx"],
)
def test_real_docx_job_descriptions_yield_their_skills(shared_data: Path, name: str) -> None:
    path = shared_data / "resume_matcher_samples" / "job_descriptions_docx" / name
    found = {f.name for f in get_engine().skills(extract(path.read_bytes(), path.name))}
    assert len(found) >= 5, found


def test_a_real_docx_posting_has_sections_and_knockouts(shared_data: Path) -> None:
    path = (
        shared_data / "resume_matcher_samples" / "job_descriptions_docx" / "Backend Developer.docx"
    )
    analysis = get_engine().analyze_posting(extract(path.read_bytes(), path.name))
    assert {"Python", "Django"} <= {n for r in analysis.requirements for n in r.members}
    assert analysis.knockouts, "the backend JD states years of experience"


def test_a_real_posting_shows_partial_credit_either_or_groups_and_knockouts(
    shared_data: Path,
) -> None:
    path = (
        shared_data / "resume_matcher_samples" / "job_descriptions_docx" / "Backend Developer.docx"
    )
    posting = extract(path.read_bytes(), path.name)
    report = (
        get_engine().match("Built APIs with Django on PostgreSQL; git daily.", posting).to_dict()
    )
    partial = {r["name"]: r for r in report["partial"]}
    assert partial["Python"]["implied_by"] == "Django"
    assert partial["Python"]["credit"] == 0.5
    # "a version control system such as GIT/SVN": one requirement, the concept with its examples
    groups = [{k: g[k] for k in ("members", "met_by")} for g in report["groups"]]
    assert {"members": ["Version control", "Git", "Subversion"], "met_by": "Git"} in groups
    assert any(
        k["kind"] == "experience" and "2-4 + years" in k["text"] for k in report["knockouts"]
    )


def _posting_and_resume_texts(shared_data: Path) -> list[str]:
    """The texts of the shared postings and text resumes."""
    import json

    texts = []
    for name in (
        "job_postings/hn_whoishiring_2026.jsonl",
        "resumes_text/updated_resume_dataset_dedup.jsonl",
    ):
        with (shared_data / name).open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def test_finding_and_counting_real_texts_in_batches_gives_what_finding_each_gives(
    shared_data: Path,
) -> None:
    texts = _posting_and_resume_texts(shared_data)
    finder = get_engine().finder
    found = [finder.find(t) for t in texts]
    expected = [[(f.name, f.count) for f in skills] for skills in found]
    assert [list(c.items()) for c in finder.count_many(texts)] == expected
    assert sum(map(len, expected)) > 10_000
    assert finder.find_many(texts) == found


def test_mojibake_in_real_texts_is_repaired_as_ftfy_repairs_it(shared_data: Path) -> None:
    from ftfy.fixes import decode_inconsistent_utf8

    from matcher.extract.clean import _decode_inconsistent_utf8

    texts = _posting_and_resume_texts(shared_data)
    repaired = [_decode_inconsistent_utf8(t) for t in texts]
    assert repaired == [decode_inconsistent_utf8(t) for t in texts]
    assert sum(r != t for r, t in zip(repaired, texts, strict=True)) > 50


def test_section_and_knockout_patterns_agree_in_lowered_text_on_real_postings(
    shared_data: Path,
) -> None:
    from matcher import sections

    finders = [
        *(f for _, f in sections._HEADING_FINDERS),
        sections._NICE_FINDER,
        sections._BOILERPLATE_FINDER,
        *(f for _, f in sections._KNOCKOUT_FINDERS),
    ]
    lines = {
        line.strip()
        for text in _posting_and_resume_texts(shared_data)
        for line in text.splitlines()
        if line.strip() and line.isascii()
    }
    found = 0
    for line in lines:
        lowered = line.lower()
        for finder in finders:
            expected = finder.pattern.search(line) is not None
            assert finder.search(line, lowered) == expected, (finder.pattern.pattern, line)
            found += expected
            ours, theirs = finder.match(line, lowered), finder.pattern.match(line)
            assert (ours and ours.span()) == (theirs and theirs.span()), line
    assert found > 1_000


def test_links_in_real_texts_are_found_as_the_link_pattern_finds_them(shared_data: Path) -> None:
    from matcher.finder import _URL, _folded, _link_spans

    linked = 0
    for text in _posting_and_resume_texts(shared_data):
        lower, _ = _folded(text)
        spans = _link_spans(lower)
        assert spans == [m.span() for m in _URL.finditer(lower)]
        linked += bool(spans)
    assert linked > 300


@pytest.mark.parametrize(
    ("what", "committed"),
    [
        ("skills", "check_docs_5.jsonl"),
        ("pairs", "check_pairs.jsonl"),
        ("skills6", "check_docs_6.jsonl"),
        ("pairs2", "check_pairs_2.jsonl"),
    ],
)
def test_every_check_set_is_reproduced_by_its_draw(
    shared_data: Path, tmp_path: Path, what: str, committed: str
) -> None:
    out = tmp_path / "drawn.jsonl"
    run = subprocess.run(
        [sys.executable, str(REPO_DIR / "eval" / "draw.py"), what, str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8") == (REPO_DIR / "eval" / committed).read_text(
        encoding="utf-8"
    )
