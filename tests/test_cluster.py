"""``--scheduler``: ranking and corpus figures on a real Dask cluster match the local run exactly.

A scheduler and two worker processes are started on 127.0.0.1 on free ports, in a folder of
their own (so relative paths are read as the client names them); the command line runs as a
subprocess, once with ``--scheduler`` and once without, and the two runs must print the same.
"""

from __future__ import annotations

import contextlib
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures_gen import make_pdf, make_scanned_pdf

pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
POSTING = (
    "Senior Backend Engineer\n"
    "Requirements:\n"
    "- 5+ years of Python or Go\n"
    "- PostgreSQL and Redis in production\n"
    "- Kafka or RabbitMQ\n"
    "- Docker and Kubernetes; Terraform on AWS\n"
    "Nice to have: GraphQL, Elasticsearch, Rust\n"
)
SKILLS = [
    "Python",
    "Go",
    "PostgreSQL",
    "Postgres",
    "MySQL",
    "Redis",
    "Kafka",
    "RabbitMQ",
    "Docker",
    "Kubernetes",
    "k8s",
    "Terraform",
    "AWS",
    "GCP",
    "GraphQL",
    "Elasticsearch",
    "Rust",
    "Java",
    "Spring Boot",
    "Django",
    "Flask",
    "React",
    "CI/CD",
    "Git",
]


def resume_text(rng: random.Random, n: int) -> str:
    """A small made-up resume naming a random handful of skills."""
    picked = rng.sample(SKILLS, rng.randint(0, 9))
    half = len(picked) // 2
    return (
        f"Candidate {n}\nBackend Developer\n\nExperience\n"
        f"- Built services with {', '.join(picked[:half]) or 'spreadsheets'}.\n\n"
        f"Skills: {', '.join(picked[half:])}\n"
    )


@contextlib.contextmanager
def dask_cluster(home: Path, workers: int) -> Iterator[str]:
    """A Dask scheduler on a free port of 127.0.0.1 and ``workers`` single-threaded worker
    processes, all started in ``home``; yields the scheduler's address."""
    from distributed import Client

    address_file = home / "scheduler.json"
    scheduler_argv = ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    worker_argv = ["--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1", "--no-dashboard"]
    procs = [
        subprocess.Popen(
            [str(BIN / "dask"), *scheduler_argv, "--scheduler-file", str(address_file)],
            cwd=home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        for _ in range(workers):
            procs.append(
                subprocess.Popen(
                    [str(BIN / "dask"), "worker", address, *worker_argv],
                    cwd=home,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        with Client(address, timeout=60) as client:  # the scheduler is up, and its workers
            if workers:
                client.wait_for_workers(workers, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a Dask scheduler with two single-threaded worker processes."""
    with dask_cluster(tmp_path_factory.mktemp("dask-cluster"), workers=2) as address:
        yield address


def matcher(cwd: Path, *argv: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(BIN / "matcher"), *argv], cwd=cwd, input=stdin, capture_output=True, timeout=300
    )


def messages(stderr: bytes) -> list[str]:
    """The command's own lines on standard error (Dask may log its own)."""
    return [line for line in stderr.decode().splitlines() if line.startswith("matcher:")]


def same_run(cwd: Path, scheduler: str, *argv: str, stdin: bytes = b"") -> dict:
    """Run a command without and with ``--scheduler``; both must print and exit the same."""
    local = matcher(cwd, *argv, stdin=stdin)
    remote = matcher(cwd, *argv, "--scheduler", scheduler, stdin=stdin)
    assert remote.returncode == local.returncode, remote.stderr.decode()
    assert messages(remote.stderr) == messages(local.stderr)
    assert remote.stdout == local.stdout
    return {"status": local.returncode, "out": local.stdout, "err": messages(local.stderr)}


def test_a_ranking_on_the_cluster_prints_the_same_json_as_the_local_one(
    tmp_path: Path, scheduler: str
) -> None:
    rng = random.Random(16)
    folder = tmp_path / "resumes"
    folder.mkdir()
    for n in range(120):
        (folder / f"r{n:03d}.txt").write_text(resume_text(rng, n), encoding="utf-8")
    (folder / "pdf_resume.pdf").write_bytes(make_pdf(resume_text(rng, 999)))
    (folder / "same_as_r000.txt").write_text(
        (folder / "r000.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "posting.txt").write_text(POSTING, encoding="utf-8")

    run = same_run(tmp_path, scheduler, "rank", "posting.txt", "resumes", "--json")

    ranked = json.loads(run["out"])["ranked"]
    assert run["status"] == 0
    assert len(ranked) == 122
    assert len({r["score"] for r in ranked}) > 10  # a ranking, not a tie


def test_unreadable_files_are_reported_the_same_way_in_the_same_order(
    tmp_path: Path, scheduler: str
) -> None:
    rng = random.Random(3)
    names = []
    for n in range(40):
        path = tmp_path / f"ok{n:02d}.txt"
        path.write_text(resume_text(rng, n), encoding="utf-8")
        names.append(path.name)
    (tmp_path / "scan.pdf").write_bytes(make_scanned_pdf())
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "posting.txt").write_text(POSTING, encoding="utf-8")
    paths = ["missing.txt", *names[:20], "scan.pdf", *names[20:], "empty.txt", "gone.pdf"]

    run = same_run(tmp_path, scheduler, "rank", "posting.txt", *paths, "--json")

    assert run["status"] == 1
    assert [line.split(":")[1].strip() for line in run["err"]] == [
        "missing.txt",
        "scan.pdf",
        "empty.txt",
        "gone.pdf",
    ]
    assert len(json.loads(run["out"])["ranked"]) == 40


def test_standard_input_and_a_users_skills_file_rank_the_same(
    tmp_path: Path, scheduler: str
) -> None:
    (tmp_path / "extra.toml").write_text(
        '[[skill]]\nname = "Zebraflow"\ncategory = "devops"\naliases = ["zebra flow"]\n',
        encoding="utf-8",
    )
    (tmp_path / "posting.txt").write_text(
        POSTING + "Requirements: Zebraflow pipelines\n", encoding="utf-8"
    )
    rng = random.Random(5)
    for n in range(12):
        (tmp_path / f"r{n}.txt").write_text(
            resume_text(rng, n) + ("Zebra flow\n" if n % 3 else ""), encoding="utf-8"
        )
    argv = ["--vocab", "extra.toml", "rank", "posting.txt", "-", *(f"r{n}.txt" for n in range(12))]

    run = same_run(
        tmp_path, scheduler, *argv, "--json", stdin=b"Skills: Zebraflow, Python, Redis\n"
    )

    ranked = json.loads(run["out"])["ranked"]
    assert run["status"] == 0
    assert "-" in {r["label"] for r in ranked}
    assert any("Zebraflow" in r["top_gaps"] for r in ranked)


def test_the_table_output_is_the_same_too(tmp_path: Path, scheduler: str) -> None:
    (tmp_path / "posting.txt").write_text(POSTING, encoding="utf-8")
    rng = random.Random(9)
    for n in range(6):
        (tmp_path / f"r{n}.md").write_text(resume_text(rng, n), encoding="utf-8")

    run = same_run(tmp_path, scheduler, "rank", "posting.txt", *(f"r{n}.md" for n in range(6)))

    assert run["out"].decode().startswith("rank")


def test_corpus_figures_built_on_the_cluster_are_byte_for_byte_the_local_ones(
    tmp_path: Path, scheduler: str
) -> None:
    rng = random.Random(21)
    postings = tmp_path / "postings.jsonl"
    with postings.open("w", encoding="utf-8") as fh:
        for n in range(450):  # three byte ranges of the file
            text = POSTING if n % 7 else "We use Go, Kafka and Redis. Nice to have: Rust."
            fh.write(json.dumps({"text": text + resume_text(rng, n)}) + "\n")
            if n % 100 == 0:
                fh.write("\n")
    folder = tmp_path / "more_postings"
    folder.mkdir()
    for n in range(30):
        (folder / f"p{n}.txt").write_text(POSTING.replace("Redis", SKILLS[n % len(SKILLS)]))
    resumes = tmp_path / "resumes"
    (resumes / "nested").mkdir(parents=True)
    for n in range(60):
        sub = resumes / "nested" if n % 2 else resumes
        (sub / f"r{n}.txt").write_text(resume_text(rng, n), encoding="utf-8")
    (resumes / "unreadable.pdf").write_bytes(b"%PDF-1.4 not really")  # skipped in both
    (tmp_path / "one.pdf").write_bytes(make_pdf(resume_text(rng, 1000)))
    common = ["--postings", "postings.jsonl", "more_postings"]
    common += ["--resumes", "resumes", "one.pdf"]

    local = matcher(tmp_path, "corpus", "build", *common, "--out", "local")
    remote = matcher(
        tmp_path, "corpus", "build", *common, "--out", "dask", "--scheduler", scheduler
    )

    assert local.returncode == remote.returncode == 0, remote.stderr.decode()
    for name in ("idf.json", "market.json"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    idf = json.loads((tmp_path / "local" / "idf.json").read_text(encoding="utf-8"))
    assert idf["n_documents"] == 480


def test_a_corpus_file_that_cannot_be_read_stops_both_builds_with_the_same_message(
    tmp_path: Path, scheduler: str
) -> None:
    (tmp_path / "postings.jsonl").write_text(json.dumps({"text": POSTING}) + "\n")
    (tmp_path / "scan.pdf").write_bytes(make_scanned_pdf())
    argv = ["corpus", "build", "--postings", "postings.jsonl", "--resumes", "scan.pdf"]

    local = matcher(tmp_path, *argv, "--out", "local")
    remote = matcher(tmp_path, *argv, "--out", "dask", "--scheduler", scheduler)

    assert local.returncode == remote.returncode == 1
    assert messages(remote.stderr) == messages(local.stderr)
    assert any("scan.pdf" in line for line in messages(local.stderr))


def test_files_the_workers_do_not_find_are_read_here_and_sent_as_text(
    tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client

    from matcher import cluster
    from matcher.documents import read_document
    from matcher.engine import get_engine

    monkeypatch.chdir(tmp_path)
    rng = random.Random(8)
    paths = []
    for n in range(30):
        Path(f"r{n:02d}.txt").write_text(resume_text(rng, n), encoding="utf-8")
        paths.append(f"r{n:02d}.txt")
    paths.insert(7, "missing.txt")
    told = []

    with Client(scheduler, timeout=60, set_as_default=False) as client:
        ranked = cluster.rank(
            client,
            POSTING,
            paths,
            on_error=lambda path, message: told.append((path, message)),
            cwd=str(tmp_path / "not-here"),  # the workers find none of the files
        )

    local = get_engine().rank(POSTING, [(p, read_document(p)) for p in paths if p != "missing.txt"])
    assert [r.to_dict(0) for r in ranked] == [r.to_dict(0) for r in local]
    assert told == [
        ("missing.txt", "missing.txt: cannot read the file (No such file or directory)")
    ]
    assert ranked[0].report.score == ranked[0].score  # the full report, built here


@pytest.mark.shared_data
def test_real_resumes_rank_the_same_on_the_cluster(
    shared_data: Path, tmp_path: Path, scheduler: str
) -> None:
    rows = (shared_data / "resumes_text" / "updated_resume_dataset_dedup.jsonl").read_text(
        encoding="utf-8"
    )
    folder = tmp_path / "resumes"
    folder.mkdir()
    for n, line in enumerate(rows.splitlines()):
        if line.strip():
            (folder / f"real{n:03d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
    postings = (shared_data / "job_postings" / "hn_whoishiring_2026.jsonl").open(encoding="utf-8")
    with postings:
        (tmp_path / "posting.txt").write_text(json.loads(next(postings))["text"], "utf-8")

    run = same_run(tmp_path, scheduler, "rank", "posting.txt", "resumes", "--json")

    assert run["status"] == 0
    assert len(json.loads(run["out"])["ranked"]) >= 150


def test_an_unreachable_scheduler_is_a_message_and_status_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from matcher import cluster
    from matcher.cli import main

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    (tmp_path / "posting.txt").write_text(POSTING, encoding="utf-8")
    (tmp_path / "r.txt").write_text("Skills: Python\n", encoding="utf-8")

    posting, resume = str(tmp_path / "posting.txt"), str(tmp_path / "r.txt")
    status = main(["rank", posting, resume, "--scheduler", "tcp://127.0.0.1:9"])

    assert status == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_a_corpus_file_a_worker_cannot_find_is_a_message_that_says_so(tmp_path: Path) -> None:
    from matcher.cluster import CorpusJob, CorpusPart, count_part
    from matcher.errors import MatcherError

    with pytest.raises(MatcherError, match="a Dask worker cannot read it"):
        count_part(CorpusJob("resumes", ()), CorpusPart(0, str(tmp_path / "gone.pdf")))


def test_a_scheduler_without_workers_is_a_message_and_status_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from matcher import cluster
    from matcher.cli import main

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    (tmp_path / "posting.txt").write_text(POSTING, encoding="utf-8")
    (tmp_path / "r.txt").write_text("Skills: Python\n", encoding="utf-8")
    home = tmp_path / "cluster"
    home.mkdir()

    with dask_cluster(home, workers=0) as address:
        posting, resume = str(tmp_path / "posting.txt"), str(tmp_path / "r.txt")
        status = main(["rank", posting, resume, "--scheduler", address])

    assert status == 1
    assert f"the Dask scheduler at {address} has no workers" in capsys.readouterr().err
