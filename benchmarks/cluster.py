"""Ranking on a Dask cluster of this machine: documents per second with one and two workers, and
the client's peak memory for a very large ranking, each beside the local run on the same files."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import data
from benchmarks.engine import RANK_RESUMES, _rank_posting
from benchmarks.table import Row

MB = 1_000_000
# The memory row ranks this many resume files, once in each way, through the command line.
# At 100,000 (`python -m benchmarks --only cluster --memory-resumes 100000`) the two runs take
# about seven minutes on two cores, too long for every `make bench`.
MEMORY_RESUMES = 20_000


class MissingDask(data.MissingData):
    """Dask is not installed (the cluster extra); the cluster rows are skipped."""


@contextlib.contextmanager
def local_cluster(workers: int) -> Iterator[str]:
    """A scheduler in this process and ``workers`` single-threaded worker processes."""
    try:
        from distributed import LocalCluster
    except ImportError as exc:
        raise MissingDask("dask is not installed: pip install '.[cluster]'") from exc
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=":0",  # any free port: a fixed one may be taken
        silence_logs=logging.CRITICAL,  # workers closing at the end log lost connections
    ) as cluster:
        yield cluster.scheduler_address


def write_resumes(folder: Path, n: int) -> list[str]:
    """``n`` varied real resumes written as text files; their paths, in name order."""
    paths = []
    for label, text in data.varied_resumes(n):
        path = folder / f"{label}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def rank_throughput(engine: Any, raw: dict[str, Any]) -> list[Row]:
    """Documents per second ranking resume files: one process, then one and two Dask workers.

    Each way starts from the same files and reads them (the local run in this process, the
    cluster run on its workers). The workers' engines are loaded by a first, untimed ranking.
    """
    from matcher import cluster
    from matcher.documents import read_document

    posting = _rank_posting(engine)
    figures: dict[str, Any] = {"resumes": RANK_RESUMES, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as folder:
        paths = write_resumes(Path(folder), RANK_RESUMES)

        started = time.perf_counter()
        local = engine.rank(posting, [(p, read_document(p)) for p in paths], processes=1)
        figures["local_seconds"] = time.perf_counter() - started
        expected = [r.to_dict(0) for r in local]
        del local

        for workers in (1, 2):
            with local_cluster(workers) as address, cluster.connect(address) as client:
                cluster.rank(client, posting, paths[: 50 * workers])  # load each worker's engine
                started = time.perf_counter()
                ranked = cluster.rank(client, posting, paths)
                figures[f"workers_{workers}_seconds"] = time.perf_counter() - started
                figures[f"workers_{workers}_same"] = [r.to_dict(0) for r in ranked] == expected
    raw["cluster_rank"] = figures
    local_rate = RANK_RESUMES / figures["local_seconds"]
    rows = []
    for workers in (1, 2):
        rate = RANK_RESUMES / figures[f"workers_{workers}_seconds"]
        same = "yes" if figures[f"workers_{workers}_same"] else "NO"
        rows.append(
            Row(
                f"rank {RANK_RESUMES:,} resume files, {workers} Dask worker"
                f"{'s' if workers > 1 else ''} (docs/s)",
                f"{rate:,.0f}",
                f"{local_rate:,.0f}",
                f"{rate / local_rate:.2f}x",
                "",
                (
                    "files read and ranked; baseline: the same files read and ranked in one "
                    f"process; {os.cpu_count()} CPUs shared by client, scheduler and workers; "
                    if workers == 1
                    else ""
                )
                + f"same ranking: {same}",
            )
        )
    return rows


def _peak_rss(argv: list[str], out: Path) -> tuple[float, float, int]:
    """Run the command line in a child process; its own peak RSS (MB), seconds and status.

    Linux only (it reads /proc).
    """
    # VmHWM, the peak of this process's own memory map: getrusage's ru_maxrss would also count
    # the parent's memory at the fork (Linux carries it across exec).
    code = (
        "import sys\n"
        "from matcher.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "sys.stdout.flush()\n"
        "with open('/proc/self/status') as fh:\n"
        "    peak = next(line.split()[1] for line in fh if line.startswith('VmHWM:'))\n"
        "print('peak_rss_kb', peak, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    started = time.perf_counter()
    with out.open("wb") as fh:
        proc = subprocess.run(
            [sys.executable, "-c", code, *argv], stdout=fh, stderr=subprocess.PIPE, timeout=1800
        )
    seconds = time.perf_counter() - started
    lines = [x for x in proc.stderr.decode().splitlines() if x.startswith("peak_rss_kb")]
    if not lines:
        raise RuntimeError(f"no peak memory reported: {proc.stderr.decode()[-500:]}")
    return int(lines[-1].split()[1]) * 1024 / MB, seconds, proc.returncode


def client_memory(engine: Any, raw: dict[str, Any], resumes: int = MEMORY_RESUMES) -> list[Row]:
    """Peak memory of `matcher rank --json` over ``resumes`` resume files, with and without
    --scheduler (two Dask workers): the local run holds every text, the client only paths and
    figures."""
    posting = _rank_posting(engine)
    figures: dict[str, Any] = {"resumes": resumes}
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        folder = Path(tmp) / "resumes"
        folder.mkdir()
        started = time.perf_counter()
        write_resumes(folder, resumes)
        figures["write_seconds"] = time.perf_counter() - started
        (Path(tmp) / "posting.txt").write_text(posting, encoding="utf-8")
        argv = ["rank", str(Path(tmp) / "posting.txt"), str(folder), "--json"]
        local_out, cluster_out = Path(tmp) / "local.json", Path(tmp) / "cluster.json"
        local_mb, local_s, local_status = _peak_rss(argv, local_out)
        with local_cluster(2) as address:
            cluster_mb, cluster_s, cluster_status = _peak_rss(
                [*argv, "--scheduler", address], cluster_out
            )
        same = local_out.read_bytes() == cluster_out.read_bytes()
    figures.update(
        local_peak_mb=local_mb,
        local_seconds=local_s,
        local_status=local_status,
        cluster_peak_mb=cluster_mb,
        cluster_seconds=cluster_s,
        cluster_status=cluster_status,
        same_json=same,
    )
    raw["cluster_memory"] = figures
    return [
        Row(
            f"client peak memory, rank {resumes:,} resume files (MB)",
            f"{cluster_mb:,.0f}",
            f"{local_mb:,.0f}",
            f"{cluster_mb / local_mb:.2f}x",
            "",
            f"matcher rank --json --scheduler (2 workers, {cluster_s:.0f} s) against the "
            f"same command without it ({local_s:.0f} s); peak RSS of the command's own "
            f"process; same JSON: {'yes' if same else 'NO'}",
        )
    ]
