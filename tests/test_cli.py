"""The ``matcher`` command line: stable JSON shapes, tables, exit statuses and messages."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.cli import main
from tests.fixtures_gen import make_pdf, make_scanned_pdf

POSTING = "Backend Engineer\nRequirements:\n- Python and PostgreSQL\n- Kafka or RabbitMQ\nNice to have: Kubernetes\n"
RESUME = "Jane Doe\nSkills: Python, Postgres, RabbitMQ, Docker\n"


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"posting": tmp_path / "posting.txt", "resume": tmp_path / "resume.txt"}
    paths["posting"].write_text(POSTING, encoding="utf-8")
    paths["resume"].write_text(RESUME, encoding="utf-8")
    paths["weak"] = tmp_path / "weak.md"
    paths["weak"].write_text("# Sam\nI know Docker.\n", encoding="utf-8")
    paths["pdf"] = tmp_path / "resume.pdf"
    paths["pdf"].write_bytes(make_pdf(RESUME))
    return paths


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_skills_json_has_the_stable_shape_with_offsets(files, capsys) -> None:
    status, out, _ = run(capsys, "skills", str(files["resume"]), "--json")
    assert status == 0
    skills = {s["name"]: s for s in json.loads(out)["skills"]}
    text = files["resume"].read_text(encoding="utf-8")
    assert {"Python", "PostgreSQL", "RabbitMQ", "Docker"} <= set(skills)
    pg = skills["PostgreSQL"]
    assert set(pg) == {"name", "category", "kind", "count", "mentions", "from_context"}
    assert pg["from_context"] is False
    m = pg["mentions"][0]
    assert text[m["start"] : m["end"]] == m["text"] == "Postgres"


def test_skills_with_several_files_prints_one_json_object_per_line(files, capsys) -> None:
    status, out, _ = run(capsys, "skills", str(files["resume"]), str(files["pdf"]), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [row["file"] for row in lines] == [str(files["resume"]), str(files["pdf"])]
    assert all("Python" in {s["name"] for s in row["skills"]} for row in lines)


def test_skills_reads_standard_input_for_a_dash(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Kafka and Go, Rust")))
    status, out, _ = run(capsys, "skills", "-", "--json")
    assert status == 0
    assert {"Kafka", "Go", "Rust"} <= {s["name"] for s in json.loads(out)["skills"]}


def test_skills_without_json_prints_a_table(files, capsys) -> None:
    status, out, _ = run(capsys, "skills", str(files["resume"]))
    assert status == 0
    assert out.splitlines()[0].split() == ["skill", "category", "kind", "count"]
    assert any(line.startswith("PostgreSQL") for line in out.splitlines())


def test_skills_table_marks_a_name_found_from_context(tmp_path, capsys) -> None:
    doc = tmp_path / "posting.txt"
    doc.write_text("Tools: Jenkins, LangSmith\n", encoding="utf-8")
    status, out, _ = run(capsys, "skills", str(doc))
    assert status == 0
    assert out.splitlines()[0].split() == ["skill", "category", "kind", "count", "how"]
    (line,) = [line for line in out.splitlines() if line.startswith("LangSmith")]
    assert line.endswith("found from context")


def test_match_table_marks_a_requirement_found_from_context(tmp_path, capsys) -> None:
    posting, resume = tmp_path / "posting.txt", tmp_path / "resume.txt"
    posting.write_text("Requirements:\n- Experience with Python and LangSmith\n", encoding="utf-8")
    resume.write_text("Python developer.\n", encoding="utf-8")
    status, out, _ = run(capsys, "match", str(resume), str(posting))
    assert status == 0
    assert any("LangSmith (found from context)" in line for line in out.splitlines())


def test_match_json_has_the_report_keys(files, capsys) -> None:
    status, out, _ = run(capsys, "match", str(files["resume"]), str(files["posting"]), "--json")
    report = json.loads(out)
    assert status == 0
    assert {"score", "similarity", "matched", "missing", "extra"} <= set(report)
    assert 0 < report["score"] < 100
    assert "Kubernetes" in {r["name"] for r in report["missing"]}
    assert "Docker" in {e["name"] for e in report["extra"]}


def test_match_without_json_prints_the_score_and_the_gaps(files, capsys) -> None:
    status, out, _ = run(capsys, "match", str(files["pdf"]), str(files["posting"]))
    assert status == 0
    assert out.startswith("score ")
    assert "Kubernetes" in out


def test_rank_orders_resumes_best_first_and_accepts_folders(files, tmp_path, capsys) -> None:
    folder = tmp_path / "resumes"
    folder.mkdir()
    (folder / "a_weak.txt").write_text("Docker only", encoding="utf-8")
    (folder / "b_strong.txt").write_text("Python, PostgreSQL, Kafka, Kubernetes", encoding="utf-8")
    status, out, _ = run(
        capsys, "rank", str(files["posting"]), str(folder), str(files["resume"]), "--json"
    )
    ranked = json.loads(out)["ranked"]
    assert status == 0
    assert [Path(r["label"]).name for r in ranked] == ["b_strong.txt", "resume.txt", "a_weak.txt"]
    assert ranked[0]["score"] >= ranked[1]["score"] >= ranked[2]["score"]
    assert [r["rank"] for r in ranked] == [1, 2, 3]


def test_a_pdf_without_text_fails_with_a_message_saying_so(tmp_path, capsys) -> None:
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(make_scanned_pdf())
    status, out, err = run(capsys, "skills", str(scanned), "--json")
    assert status != 0
    assert out == ""
    assert "no readable text" in err


def test_a_missing_file_fails_on_stderr(tmp_path, capsys) -> None:
    status, _, err = run(capsys, "match", str(tmp_path / "nope.txt"), str(tmp_path / "nope.txt"))
    assert status == 1
    assert "cannot read the file" in err


def test_the_console_script_runs_as_installed(files) -> None:
    exe = Path(sys.executable).with_name("matcher")
    proc = subprocess.run(
        [str(exe), "skills", str(files["resume"]), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Python" in {s["name"] for s in json.loads(proc.stdout)["skills"]}


def test_corpus_build_on_a_users_folders_is_deterministic_and_market_reads_it(
    tmp_path, capsys
) -> None:
    postings = tmp_path / "postings.jsonl"
    postings.write_text(
        "".join(
            json.dumps({"id": i, "text": t}) + "\n"
            for i, t in enumerate([POSTING, "We need Go and Kafka."])
        ),
        encoding="utf-8",
    )
    resumes = tmp_path / "resumes"
    resumes.mkdir()
    (resumes / "r1.txt").write_text(RESUME, encoding="utf-8")
    out = tmp_path / "figures"
    args = [
        "corpus",
        "build",
        "--postings",
        str(postings),
        "--resumes",
        str(resumes),
        "--out",
        str(out),
    ]
    assert run(capsys, *args)[0] == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert run(capsys, *args)[0] == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    idf = json.loads(first["idf.json"])
    assert idf["n_documents"] == 2
    assert idf["document_frequency"]["Kafka"] == 2
    status, text, _ = run(capsys, "market", "--figures", str(out / "market.json"), "--json")
    market = {s["name"]: s for s in json.loads(text)["skills"]}
    assert status == 0
    assert market["Kafka"]["posting_share"] == 1.0
    assert market["Kafka"]["resume_share"] == 0.0
    assert market["Kafka"]["advice"] == "feature"
    assert market["Docker"]["advice"] == "oversupplied"


def test_skills_and_match_read_latex_json_resume_rendercv_and_front_matter(
    tmp_path, capsys
) -> None:
    from tests import fixtures_gen as gen
    from tests.extract.test_formats import JEKYLL_POSTING

    paths = {
        "resume.tex": gen.make_jakes_resume_tex(),
        "resume.json": gen.make_json_resume(),
        "cv.yaml": gen.make_rendercv_yaml(),
        "job.md": JEKYLL_POSTING,
    }
    for name, data in paths.items():
        (tmp_path / name).write_bytes(data)
    status, out, _ = run(capsys, "skills", str(tmp_path / "resume.tex"), "--json")
    names = {s["name"] for s in json.loads(out)["skills"]}
    assert status == 0
    assert {"FastAPI", "Celery"} <= names and not names & {"VMware", "Apache Beam"}
    status, out, _ = run(
        capsys, "skills", str(tmp_path / "resume.json"), str(tmp_path / "cv.yaml"), "--json"
    )
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert {"Kafka", "Redis", "PostgreSQL"} <= {s["name"] for s in rows[0]["skills"]}
    assert {"Terraform", "gRPC"} <= {s["name"] for s in rows[1]["skills"]}
    status, out, _ = run(
        capsys, "match", str(tmp_path / "resume.json"), str(tmp_path / "job.md"), "--json"
    )
    report = json.loads(out)
    assert status == 0
    assert {"PostgreSQL", "Kafka"} <= {r["name"] for r in report["matched"]}
    posting_rows = report["matched"] + report["partial"] + report["missing"]
    assert not {r["name"] for r in posting_rows} & {"HTML", "YAML", "Apache Beam"}


def test_a_json_file_that_is_no_resume_fails_with_a_message_saying_so(tmp_path, capsys) -> None:
    other = tmp_path / "package.json"
    other.write_text('{"name": "app", "dependencies": {"react": "^18"}}', encoding="utf-8")
    status, out, err = run(capsys, "skills", str(other), "--json")
    assert status == 1
    assert out == ""
    assert "not a JSON Resume" in err
