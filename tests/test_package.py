"""The package installs like one: the wheel, in a fresh virtual environment outside the checkout,
finds its vocabulary, pages and styles.

Builds the sdist and, from it, the wheel (``python -m build``), installs the wheel with its
dependencies from the package index into a new virtual environment, then runs the command line
and serves the app with gunicorn from a folder outside the checkout.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_DIR

pytestmark = pytest.mark.slow

POSTING = "Requirements: PostgreSQL and Kubernetes (k8s) in production, Python 3.\n"
RESUME = "Backend developer. Python, Django and Postgres; deployed with Docker.\n"


def _run(args: list[str | Path], cwd: Path, env: dict[str, str], **kwargs) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """A folder outside the checkout: the working directory of every command."""
    work = tmp_path_factory.mktemp("package")
    assert not work.resolve().is_relative_to(REPO_DIR)
    return work


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    """The environment without anything that could import the checkout's own copy."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MATCHER_"))}


@pytest.fixture(scope="module")
def wheel(work: Path, env: dict[str, str]) -> Path:
    """The wheel, built from the sdist as a release would be."""
    _run([sys.executable, "-m", "build", "--outdir", work / "dist", REPO_DIR], work, env)
    (built,) = (work / "dist").glob("matcher-*.whl")
    return built


@pytest.fixture(scope="module")
def venv_bin(work: Path, env: dict[str, str], wheel: Path) -> Path:
    """A fresh virtual environment (no system site-packages) with the wheel installed."""
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", venv], work, env)
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], work, env)
    return venv / "bin"


def test_the_wheel_carries_the_vocabulary_the_templates_and_the_static_files(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for folder in ("vocab/skills", "templates", "static"):
        shipped = {n for n in names if n.startswith(f"matcher/_data/{folder}/")}
        in_repo = {
            f"matcher/_data/{p.relative_to(REPO_DIR).as_posix()}"
            for p in (REPO_DIR / folder).iterdir()
            if p.is_file()
        }
        assert in_repo <= shipped, sorted(in_repo - shipped)
    for name in ("idf.json", "market.json", "blockers.toml"):
        assert f"matcher/_data/vocab/{name}" in names


def test_the_installed_package_reads_its_own_data_not_the_checkout(venv_bin, work, env):
    code = "from matcher.resources import data_dir, checkout_dir; print(data_dir('vocab'), checkout_dir())"
    vocab, checkout = _run([venv_bin / "python", "-c", code], work, env).split()
    assert Path(vocab).is_relative_to(venv_bin.parent)
    assert checkout == "None"


def test_the_installed_command_finds_real_skills(venv_bin, work, env):
    out = _run([venv_bin / "matcher", "skills", "-", "--json"], work, env, input=POSTING)
    names = {skill["name"] for skill in json.loads(out)["skills"]}
    assert {"PostgreSQL", "Kubernetes", "Python"} <= names


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(venv_bin: Path, work: Path, env: dict[str, str]) -> Iterator[str]:
    """The installed app under gunicorn on a free local port; yields its base URL."""
    port = _free_port()
    log = (work / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(venv_bin / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "matcher:create_app()",
        ],
        cwd=work,
        env={**env, "HOME": str(work)},  # gunicorn's control socket stays out of the real home
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (work / "gunicorn.log").read_text()
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                    break
            except OSError:
                assert time.monotonic() < deadline, (work / "gunicorn.log").read_text()
                time.sleep(0.25)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read().decode()


def test_the_installed_app_answers_health_checks(server):
    status, content_type, body = _get(f"{server}/healthz")
    assert status == 200
    assert content_type.startswith("application/json")
    assert json.loads(body) == {"status": "ok"}


def test_the_installed_app_renders_the_form_from_its_templates(server):
    status, _, html = _get(f"{server}/")
    assert status == 200
    assert 'name="csrf_token"' in html
    assert 'name="resume_text"' in html


def test_the_installed_app_serves_its_static_files(server):
    status, content_type, css = _get(f"{server}/static/app.css")
    assert status == 200
    assert content_type.startswith("text/css")
    assert css == (REPO_DIR / "static" / "app.css").read_text(encoding="utf-8")
    status, _, spec = _get(f"{server}/api/v1/openapi.json")
    assert json.loads(spec)["openapi"].startswith("3.")


def test_the_installed_app_matches_with_its_idf_figures(server):
    body = json.dumps({"resume_text": RESUME, "posting_text": POSTING}).encode()
    request = urllib.request.Request(
        f"{server}/api/v1/match", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        report = json.load(response)
    assert {row["name"] for row in report["missing"]} >= {"Kubernetes"}
    assert 0 < report["score"] < 100


def test_the_installed_app_keeps_its_instance_folder_in_the_environment(server, venv_bin):
    instance = venv_bin.parent / "var" / "matcher.web-instance"
    assert (instance / "secret_key").is_file()
