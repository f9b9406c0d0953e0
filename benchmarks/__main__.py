"""``make bench``: every figure beside its baseline, measured in this run, in one table."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from benchmarks import cluster, data, engine, web
from benchmarks.server import REPO_DIR, app_importable
from benchmarks.table import Row, render, skipped

OUT_DIR = REPO_DIR / "benchmarks" / "out"


def _run(rows: list[Row], measure: str, fn: Callable[[], Row | list[Row]]) -> None:
    """Add a benchmark's rows, or one skipped row saying why it could not run."""
    print(f"... {measure}", file=sys.stderr, flush=True)
    try:
        result = fn()
    except data.MissingData as exc:
        rows.append(skipped(measure, str(exc)))
        return
    except Exception as exc:  # a failing row must not hide the others
        traceback.print_exc()
        rows.append(skipped(measure, f"failed: {type(exc).__name__}: {exc}"[:200]))
        return
    rows.extend(result if isinstance(result, list) else [result])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--only",
        choices=["skills", "match", "rank", "cluster", "upload", "http"],
        action="append",
        help="run only these rows (repeatable); default: all",
    )
    parser.add_argument(
        "--memory-resumes",
        type=int,
        default=cluster.MEMORY_RESUMES,
        metavar="N",
        help=f"resume files in the client memory row (default {cluster.MEMORY_RESUMES:,})",
    )
    args = parser.parse_args(argv)
    wanted = set(args.only or ["skills", "match", "rank", "cluster", "upload", "http"])
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    raw: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
    }
    rows: list[Row] = []

    from matcher.engine import get_engine

    started = time.perf_counter()
    eng = get_engine()
    raw["engine_load_s"] = time.perf_counter() - started
    raw["vocabulary_skills"] = len(eng.vocabulary.skills)

    if "skills" in wanted:
        _run(rows, "skill finding", lambda: engine.skill_throughput(eng, raw))
    if "match" in wanted:
        _run(rows, "match two pasted texts", lambda: engine.match_latency(eng, raw))
    if "rank" in wanted:
        _run(rows, "rank 10,000 resumes", lambda: engine.rank_many(eng, raw))
    if "cluster" in wanted:
        _run(rows, "rank on Dask workers", lambda: cluster.rank_throughput(eng, raw))
        _run(
            rows, "client peak memory", lambda: cluster.client_memory(eng, raw, args.memory_resumes)
        )
    web_problem = app_importable() if wanted & {"match", "upload", "http"} else None
    if "match" in wanted:
        if web_problem:
            rows.append(skipped("match request phases", web_problem))
        else:
            _run(rows, "match request phases", lambda: web.request_phases(raw))
    if "upload" in wanted:
        if web_problem:
            rows.append(skipped("PDF upload request / bare pdfminer", web_problem))
        else:
            _run(rows, "PDF upload request / bare pdfminer", lambda: web.pdf_upload(raw))
    if "http" in wanted:
        if web_problem:
            rows.append(skipped("HTTP match / healthz", web_problem))
        else:
            _run(rows, "HTTP match / healthz", lambda: web.http_throughput(raw, OUT_DIR))

    table = render(rows)
    print(table)
    (OUT_DIR / "table.md").write_text(table + "\n", encoding="utf-8")
    raw["rows"] = [r.cells() for r in rows]
    (OUT_DIR / "results.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    print(f"\nraw figures: {OUT_DIR / 'results.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
