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
    # The shipped model recycling its workers ten times as often (the former setting).
    {"env": {"MATCHER_MAX_REQUESTS": "1000", "MATCHER_MAX_REQUESTS_JITTER": "100"}},
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

    The whole request (its posting kept analysed, as when it was matched before, and new)
    against the same request answered with a canned report (the web layer and text repair, see
    benchmarks.floor_app); the engine's part is the difference, and its phases are timed one
    by one (alone each runs with warmer caches, so they sum to less).
    """
    from benchmarks.floor_app import create_floor_app
    from matcher.extract import clean_text
    from matcher.posting import analyze_posting
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

    def new_posting() -> None:
        eng.postings.clear()
        client.post("/api/v1/match", data=body, content_type=ctype)

    whole = _best_ms(lambda: client.post("/api/v1/match", data=body, content_type=ctype))
    whole_new = _best_ms(new_posting)
    form_only = _best_ms(lambda: client.post("/bench/form-only", data=body, content_type=ctype))
    health = _best_ms(lambda: client.get("/healthz"))
    parts = {
        "the same, its posting new (not kept analysed)": whole_new,
        "through the form only, canned report": form_only,
        "  of which: repair the pasted resume": _best_ms(lambda: clean_text(resume_raw)),
        "  of which: repair the pasted posting": _best_ms(lambda: clean_text(posting_raw)),
        "the engine, posting kept (whole less form only)": whole - form_only,
        "the engine, posting new": whole_new - form_only,
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
            "match request, posting kept analysed / GET /healthz (ms)",
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
# How many distinct pasted resumes (and postings) the match loads send in turn: every request
# differs from the one before, as a day's traffic does. More postings than the engine keeps
# analysed (matcher.engine.POSTING_CACHE_ENTRIES), so the "distinct postings" load never
# finds its posting kept.
HTTP_RESUMES = 64
HTTP_POSTINGS = 256
# Sends the bodies of a file (one JSON body per line) in turn, each thread from its own place.
_WRK_BODIES = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bodies = {{}}
for line in io.lines("{path}") do bodies[#bodies + 1] = line end
local threads = 0
function setup(thread)
  thread:set("first", threads * 17)
  threads = threads + 1
end
local at = 1
function init(args)
  at = first % #bodies + 1
end
function request()
  local body = bodies[at]
  at = at % #bodies + 1
  return wrk.format(nil, nil, nil, body)
end
"""


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


def _python_load(server: Any, seconds: int, path: str, bodies: list[bytes] | None) -> dict:
    """A threaded keep-alive client: HTTP_CONNECTIONS threads for ``seconds``, each sending the
    bodies in turn (a GET when there are none)."""
    deadline = time.monotonic() + seconds
    counts = [0] * HTTP_CONNECTIONS
    bad = [0] * HTTP_CONNECTIONS

    def worker(i: int) -> None:
        session = Session(server.host, server.port)
        while time.monotonic() < deadline:
            if bodies:
                body = bodies[(i * 17 + counts[i]) % len(bodies)]
                response = session.request("POST", path, body, "application/json")
            else:
                response = session.request("GET", path)
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


def _load(server: Any, path: str, bodies: list[bytes] | None, out_dir: Path, name: str) -> dict:
    """Requests/s of ``path`` for HTTP_SECONDS: GET without bodies, else POST of each in turn
    (written to ``out_dir`` under ``name`` for wrk)."""
    if not shutil.which("wrk"):
        return _python_load(server, HTTP_SECONDS, path, bodies)
    script = None
    if bodies:
        body_path = out_dir / f"{name}.jsonl"
        body_path.write_bytes(b"\n".join(bodies) + b"\n")
        script = out_dir / f"{body_path.stem}.lua"
        script.write_text(_WRK_BODIES.format(path=body_path))
    return _wrk(server.url + path, HTTP_SECONDS, script)


def _bodies(pairs: list[tuple[str, str]]) -> list[bytes]:
    """JSON match bodies, one per (resume, posting) pair (JSON text has no raw line break)."""
    return [json_body({"resume_text": r, "posting_text": p})[0] for r, p in pairs]


def http_workloads() -> dict[str, list[bytes]]:
    """The match loads: distinct resumes against one posting (a recruiter's day, or a job
    seeker trying versions), and distinct resumes against distinct postings."""
    resumes = data.middle_resumes(HTTP_RESUMES)
    _, posting = data.median_pair()
    postings = data.middle_postings(HTTP_POSTINGS)
    return {
        "one_posting": _bodies([(r, posting) for r in resumes]),
        "distinct_postings": _bodies(
            [(resumes[i % len(resumes)], p) for i, p in enumerate(postings)]
        ),
    }


def _best_rounds(server: Any, loads: dict[str, tuple[str, list[bytes] | None]], out_dir: Path):
    """Each load's best round of HTTP_ROUNDS, the loads alternating round by round, so that a
    burst of other work on the shared machine does not land on one side of a ratio only."""
    rounds = [
        {name: _load(server, path, bodies, out_dir, name) for name, (path, bodies) in loads.items()}
        for _ in range(HTTP_ROUNDS)
    ]
    best = {name: max((r[name] for r in rounds), key=lambda r: r["rps"]) for name in loads}
    bad = {name: r["non_2xx"] for name, r in best.items() if r["non_2xx"]}
    if bad:
        raise RuntimeError(f"non-2xx answers: {bad}")
    return best


def _check(server: Any, path: str, body: bytes) -> None:
    check = Session(server.host, server.port)
    first = check.request("POST", path, body, "application/json")
    check.close()
    if first.status != 200:
        raise RuntimeError(f"POST {path} answered {first.status}: {first.text[:300]}")


def http_throughput(raw: dict[str, Any], out_dir: Path) -> list[Row]:
    """Requests/s of POST /api/v1/match (pasted texts) over GET /healthz, per worker model,
    then the shipped model's ratio for distinct postings and for the form alone."""
    workloads = http_workloads()
    one_posting = workloads["one_posting"]
    results = []
    for model in WORKER_MODELS:
        with live_server(**model) as server:
            _check(server, "/api/v1/match", one_posting[0])
            best = _best_rounds(
                server,
                {"healthz": ("/healthz", None), "match": ("/api/v1/match", one_posting)},
                out_dir,
            )
            results.append(
                {
                    "model": server.description,
                    **best,
                    "ratio": best["match"]["rps"] / best["healthz"]["rps"],
                }
            )
    shipped = _shipped_loads(workloads, out_dir)
    raw["http"] = {
        "connections": HTTP_CONNECTIONS,
        "seconds": HTTP_SECONDS,
        "resumes": HTTP_RESUMES,
        "postings": HTTP_POSTINGS,
        "mean_body_bytes": {k: sum(map(len, v)) / len(v) for k, v in workloads.items()},
        "results": results,
        "shipped": shipped,
    }
    best = max(results, key=lambda r: r["match"]["rps"])
    tool = results[0]["match"]["tool"]
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
                f"{tool}, {HTTP_CONNECTIONS} connections, best of {HTTP_ROUNDS} x "
                f"{HTTP_SECONDS} s; {HTTP_RESUMES} pasted resumes in turn, one posting",
            )
        )
    health = shipped["healthz"]["rps"]
    for name, label, note in (
        (
            "distinct_postings",
            "HTTP match, a new posting every request / healthz (req/s)",
            f"gunicorn.conf.py defaults; {HTTP_POSTINGS} postings in turn, none kept analysed",
        ),
        (
            "form_only",
            "HTTP same bodies, form only, canned report / healthz (req/s)",
            "gunicorn.conf.py defaults; the ceiling of the match ratio with an engine that "
            f"took no time (match in the same run: {shipped['match']['rps']:.0f} req/s)",
        ),
    ):
        rps = shipped[name]["rps"]
        rows.append(Row(label, f"{rps:.0f}", f"{health:.0f}", f"{rps / health:.2f}", "", note))
    return rows


def _shipped_loads(workloads: dict[str, list[bytes]], out_dir: Path) -> dict[str, Any]:
    """On one server with the shipped configuration and the form-only route of
    benchmarks.floor_app: healthz, the form alone, and both match loads."""
    with live_server(app="benchmarks.floor_app:create_floor_app()") as server:
        _check(server, "/bench/form-only", workloads["one_posting"][0])
        return _best_rounds(
            server,
            {
                "healthz": ("/healthz", None),
                "form_only": ("/bench/form-only", workloads["one_posting"]),
                "match": ("/api/v1/match", workloads["one_posting"]),
                "distinct_postings": ("/api/v1/match", workloads["distinct_postings"]),
            },
            out_dir,
        )


def dump(raw: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(raw, indent=2, sort_keys=True), encoding="utf-8")
