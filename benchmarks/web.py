"""Figures through the web app: a PDF upload in the Flask test client, and HTTP throughput
of a live gunicorn under a load generator on this machine (wrk when installed)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks import data
from benchmarks.client import Session, json_body
from benchmarks.engine import best_of
from benchmarks.server import live_server
from benchmarks.table import Row

UPLOAD_REPEATS = 15
HTTP_SECONDS = 4
HTTP_ROUNDS = 2
HTTP_CONNECTIONS = 8
# Worker models compared under the same load; the repository's gunicorn.conf.py is loaded first.
WORKER_MODELS: tuple[dict[str, Any], ...] = (
    {},
    {"worker_class": "sync", "workers": 2},
    {"worker_class": "sync", "workers": 4},
    {"worker_class": "gthread", "workers": 2, "threads": 4},
    {"worker_class": "gthread", "workers": 4, "threads": 2},
)


def pdf_upload(raw: dict[str, Any]) -> Row:
    """POST /api/v1/match with a real resume PDF and a pasted posting, over bare pdfminer."""
    from pdfminer.high_level import extract_text

    from matcher import create_app

    pdf_path = data.resume_pdf()
    pdf = pdf_path.read_bytes()
    _, posting = data.median_pair()
    workdir = tempfile.mkdtemp(prefix="matcher-bench-")
    app = create_app({"DATABASE": os.path.join(workdir, "db.sqlite3"), "SECRET_KEY": "bench"})
    client = app.test_client()

    def upload() -> float:
        started = time.perf_counter()
        response = client.post(
            "/api/v1/match",
            data={"resume": (io.BytesIO(pdf), pdf_path.name), "posting_text": posting},
            content_type="multipart/form-data",
        )
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"upload answered {response.status_code}: {response.get_data(True)}")
        return elapsed

    upload()  # warm up: first request, parsing child started
    ours = [upload() for _ in range(UPLOAD_REPEATS)]
    extract_text(str(pdf_path))
    bare = []
    for _ in range(UPLOAD_REPEATS):
        started = time.perf_counter()
        extract_text(str(pdf_path))
        bare.append(time.perf_counter() - started)
    ours_ms, bare_ms = 1000 * statistics.median(ours), 1000 * statistics.median(bare)
    raw["pdf_upload"] = {"file": pdf_path.name, "request_ms": ours_ms, "pdfminer_ms": bare_ms}
    return Row(
        "PDF upload request / bare pdfminer (ms)",
        f"{ours_ms:.1f}",
        f"{bare_ms:.1f}",
        f"{ours_ms / bare_ms:.2f}",
        "<= 1.3",
        f"{pdf_path.name}, median of {UPLOAD_REPEATS}, Flask test client, posting pasted",
    )


# -- where a match request's time goes --------------------------------------------------------

PHASE_REPEATS = 300


def _best_ms(fn: Any, repeats: int = PHASE_REPEATS, rounds: int = 5) -> float:
    """The fastest of ``rounds`` mean times of ``repeats`` calls, in ms."""
    fn()
    return 1000 * best_of(rounds, lambda: [fn() for _ in range(repeats)]) / repeats


def request_phases(raw: dict[str, Any]) -> list[Row]:
    """The median pasted pair's ``POST /api/v1/match`` taken apart, in-process.

    The whole request against the same request answered with a canned report (the web layer
    and text repair, see benchmarks.floor_app); the engine's part is the difference, and its
    phases are timed one by one (alone each runs with warmer caches, so they sum to less).
    """
    from benchmarks.floor_app import create_floor_app
    from matcher.extract import clean_text
    from matcher.report import analyze_posting
    from matcher.web.extensions import current_engine

    resume_raw, posting_raw = data.median_pair()
    resume, posting = clean_text(resume_raw).strip(), clean_text(posting_raw).strip()
    workdir = tempfile.mkdtemp(prefix="matcher-bench-")
    app = create_floor_app({"DATABASE": os.path.join(workdir, "db.sqlite3"), "SECRET_KEY": "b"})
    with app.app_context():
        eng = current_engine()
    client = app.test_client()
    body, ctype = json_body({"resume_text": resume_raw, "posting_text": posting_raw})
    found = eng.finder.find(posting)
    posting_analysis, resume_analysis = eng.analyze_posting(posting), eng.analyze_resume(resume)
    vectorizer, vocabulary = eng.vectorizer, eng.vocabulary
    whole = _best_ms(lambda: client.post("/api/v1/match", data=body, content_type=ctype))
    form_only = _best_ms(lambda: client.post("/bench/form-only", data=body, content_type=ctype))
    health = _best_ms(lambda: client.get("/healthz"))
    parts = {
        "through the form only, canned report": form_only,
        "  of which: repair the pasted resume": _best_ms(lambda: clean_text(resume_raw)),
        "  of which: repair the pasted posting": _best_ms(lambda: clean_text(posting_raw)),
        "the engine (whole less form only)": whole - form_only,
        "  alone: find the resume's skills": _best_ms(lambda: eng.finder.find(resume)),
        "  alone: find the posting's skills": _best_ms(lambda: eng.finder.find(posting)),
        "  alone: posting sections, knockouts, weights": _best_ms(
            lambda: analyze_posting(posting, found, vectorizer, vocabulary)
        ),
        "  alone: gap report and its JSON shape": _best_ms(
            lambda: eng.report(posting_analysis, resume_analysis).to_dict()
        ),
    }
    raw["request_phases_ms"] = {**parts, "whole": whole, "healthz": health}
    note = f"median pair ({len(resume_raw):,} + {len(posting_raw):,} chars), Flask test client"
    rows = [
        Row(
            "match request, whole / GET /healthz (ms)",
            f"{whole:.2f}",
            f"{health:.2f}",
            f"{whole / health:.1f}x",
            "",
            note,
        )
    ]
    rows += [
        Row(f"match request: {name} (ms)", f"{ms:.3f}", "-", f"{ms / whole:.0%}", "", "")
        for name, ms in parts.items()
    ]
    return rows


# -- HTTP load --------------------------------------------------------------------------------

_WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_WRK_NON2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_WRK_ERRORS = re.compile(r"Socket errors:.*")


def _wrk(url: str, seconds: int, script: Path | None) -> dict[str, Any]:
    args = ["wrk", f"-t{min(2, HTTP_CONNECTIONS)}", f"-c{HTTP_CONNECTIONS}", f"-d{seconds}s"]
    if script is not None:
        args += ["-s", str(script)]
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=seconds + 60)
    rps = _WRK_RPS.search(out.stdout)
    if out.returncode or not rps:
        raise RuntimeError(f"wrk failed: {out.stdout}{out.stderr}")
    non2xx = _WRK_NON2XX.search(out.stdout)
    errors = _WRK_ERRORS.search(out.stdout)
    return {
        "rps": float(rps.group(1)),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
        "tool": "wrk",
    }


def _python_load(server: Any, seconds: int, method: str, path: str, body: bytes | None) -> dict:
    """A threaded keep-alive client: HTTP_CONNECTIONS threads for ``seconds``."""
    deadline = time.monotonic() + seconds
    counts = [0] * HTTP_CONNECTIONS
    bad = [0] * HTTP_CONNECTIONS

    def worker(i: int) -> None:
        session = Session(server.host, server.port)
        ctype = "application/json" if body else None
        while time.monotonic() < deadline:
            response = session.request(method, path, body, ctype)
            counts[i] += 1
            bad[i] += response.status != 200
        session.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(HTTP_CONNECTIONS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"rps": sum(counts) / elapsed, "non_2xx": sum(bad), "tool": "python threads"}


def _load(server: Any, method: str, path: str, body: bytes | None, out_dir: Path) -> dict:
    if shutil.which("wrk"):
        script = None
        if body is not None:
            body_path = out_dir / "match_body.json"
            body_path.write_bytes(body)
            script = out_dir / "post_match.lua"
            script.write_text(
                'wrk.method = "POST"\n'
                'wrk.headers["Content-Type"] = "application/json"\n'
                f'local f = io.open("{body_path}", "rb")\n'
                'wrk.body = f:read("*a")\nf:close()\n'
            )
        return _wrk(server.url + path, HTTP_SECONDS, script)
    return _python_load(server, HTTP_SECONDS, method, path, body)


def http_throughput(raw: dict[str, Any], out_dir: Path) -> list[Row]:
    """Requests/s of POST /api/v1/match (pasted texts) over GET /healthz, per worker model."""
    resume, posting = data.median_pair()
    body, _ = json_body({"resume_text": resume, "posting_text": posting})
    results = []
    for model in WORKER_MODELS:
        with live_server(**model) as server:
            check = Session(server.host, server.port)
            first = check.request("POST", "/api/v1/match", body, "application/json")
            check.close()
            if first.status != 200:
                raise RuntimeError(
                    f"POST /api/v1/match answered {first.status}: {first.text[:300]}"
                )
            # Alternate the two loads and keep each one's best round: the machine is shared,
            # and a burst of other work should not land on one side of the ratio only.
            rounds = [
                (
                    _load(server, "GET", "/healthz", None, out_dir),
                    _load(server, "POST", "/api/v1/match", body, out_dir),
                )
                for _ in range(HTTP_ROUNDS)
            ]
            health = max((h for h, _ in rounds), key=lambda r: r["rps"])
            match = max((m for _, m in rounds), key=lambda r: r["rps"])
            results.append(
                {
                    "model": server.description,
                    "healthz": health,
                    "match": match,
                    "ratio": match["rps"] / health["rps"],
                }
            )
    floor = _form_only_ceiling(body, out_dir)
    raw["http"] = {
        "connections": HTTP_CONNECTIONS,
        "seconds": HTTP_SECONDS,
        "body_bytes": len(body),
        "results": results,
        "form_only": floor,
    }
    best = max(results, key=lambda r: r["match"]["rps"])
    rows = []
    for r in results:
        mark = " (best)" if r is best else ""
        rows.append(
            Row(
                f"HTTP match / healthz (req/s): {r['model']}{mark}",
                f"{r['match']['rps']:.0f}",
                f"{r['healthz']['rps']:.0f}",
                f"{r['ratio']:.2f}",
                ">= 0.5",
                f"{r['match']['tool']}, {HTTP_CONNECTIONS} connections, best of {HTTP_ROUNDS} x "
                f"{HTTP_SECONDS} s; "
                f"non-2xx: {r['match']['non_2xx']}/{r['healthz']['non_2xx']}",
            )
        )
    rows.append(
        Row(
            "HTTP same body, form only, canned report / healthz (req/s)",
            f"{floor['form_only']['rps']:.0f}",
            f"{floor['healthz']['rps']:.0f}",
            f"{floor['ratio']:.2f}",
            "",
            "gunicorn.conf.py defaults; the ceiling of the match ratio with an engine that took "
            f"no time (match in the same run: {floor['match']['rps']:.0f} req/s)",
        )
    )
    return rows


def _form_only_ceiling(body: bytes, out_dir: Path) -> dict[str, Any]:
    """Requests/s of the match body through the form alone (benchmarks.floor_app), of the
    match itself and of healthz, on one server with the shipped configuration."""
    with live_server(app="benchmarks.floor_app:create_floor_app()") as server:
        rounds = [
            (
                _load(server, "GET", "/healthz", None, out_dir),
                _load(server, "POST", "/bench/form-only", body, out_dir),
                _load(server, "POST", "/api/v1/match", body, out_dir),
            )
            for _ in range(HTTP_ROUNDS)
        ]
    health, form_only, match = (
        max((r[i] for r in rounds), key=lambda r: r["rps"]) for i in range(3)
    )
    if form_only["non_2xx"] or match["non_2xx"]:
        raise RuntimeError(f"non-2xx answers: form only {form_only}, match {match}")
    return {
        "healthz": health,
        "form_only": form_only,
        "match": match,
        "ratio": form_only["rps"] / health["rps"],
    }


def dump(raw: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(raw, indent=2, sort_keys=True), encoding="utf-8")
