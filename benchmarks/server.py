"""A live gunicorn serving ``matcher:create_app()`` on a free 127.0.0.1 port.

Used by the benchmarks and by the hostile and load tests: the repository's ``gunicorn.conf.py``
(when it exists) is loaded first and the bind address and any worker settings given here
override it. The saved-reports database (unless ``MATCHER_DATABASE_URL`` names another) and the
secret key live in a temporary directory, so a run never touches ``instance/``.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
GUNICORN_CONF = REPO_DIR / "gunicorn.conf.py"
APP = "matcher:create_app()"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_importable() -> str | None:
    """None when the web app can be built, else why not (the benchmarks then skip its rows)."""
    try:
        from matcher import create_app

        create_app({"TESTING": True, "DATABASE": os.path.join(tempfile.mkdtemp(), "db.sqlite3")})
    except Exception as exc:  # any failure to build the app means "not ready yet"
        return f"the web app is not importable yet ({type(exc).__name__}: {exc})"
    return None


@dataclass
class LiveServer:
    """A running gunicorn master and where to reach it."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    workdir: Path
    log_path: Path
    description: str
    database_url: str = ""
    _psutil_proc: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def connection(self, timeout: float = 30.0) -> http.client.HTTPConnection:
        """A new keep-alive connection to the server."""
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def worker_pids(self) -> list[int]:
        """The gunicorn workers (the master's direct children, not the parsing children)."""
        import psutil

        try:
            return [c.pid for c in psutil.Process(self.process.pid).children(recursive=False)]
        except psutil.NoSuchProcess:
            return []

    def worker_rss(self) -> dict[int, int]:
        """Resident memory in bytes of each worker process."""
        import psutil

        out = {}
        for pid in self.worker_pids():
            with contextlib.suppress(psutil.NoSuchProcess):
                out[pid] = psutil.Process(pid).memory_info().rss
        return out

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log, for failure messages."""
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def _wait_ready(server: LiveServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(
                f"gunicorn exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            conn = server.connection(timeout=2)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                return
            last = f"GET /healthz answered {response.status}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.1)
    raise RuntimeError(
        f"gunicorn did not answer within {timeout:.0f} s ({last}):\n{server.log_tail()}"
    )


@contextlib.contextmanager
def live_server(
    *,
    workers: int | None = None,
    threads: int | None = None,
    worker_class: str | None = None,
    env: Mapping[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
    ready_timeout: float = 60.0,
    app: str = APP,
) -> Iterator[LiveServer]:
    """Start gunicorn with the repository's config, yield it once /healthz answers, then stop it.

    ``app`` is the WSGI application gunicorn serves (the shipped app unless told otherwise).
    """
    workdir = Path(tempfile.mkdtemp(prefix="matcher-live-"))
    port = free_port()
    args = [sys.executable, "-m", "gunicorn"]
    if GUNICORN_CONF.exists():
        args += ["--config", str(GUNICORN_CONF)]
    args += ["--bind", f"127.0.0.1:{port}", "--error-logfile", "-", "--log-level", "warning"]
    if workers is not None:
        args += ["--workers", str(workers)]
    if threads is not None:
        args += ["--threads", str(threads)]
    if worker_class is not None:
        args += ["--worker-class", worker_class]
    args += [*extra_args, app]
    full_env = dict(os.environ)
    full_env.update(
        {
            "MATCHER_DATABASE": str(workdir / "matcher.sqlite3"),
            "MATCHER_SECRET_KEY": secrets.token_hex(32),
            # Every request comes from 127.0.0.1: the abuse limits are counted, so their cost
            # is in the figures, but set far beyond what a run sends.
            "MATCHER_MATCH_LIMIT_PER_ADDRESS": "10000000 per minute",
            "MATCHER_RANK_LIMIT_PER_ADDRESS": "10000000 per minute",
            "PYTHONUNBUFFERED": "1",
        }
    )
    full_env.update(env or {})
    log_path = workdir / "gunicorn.log"
    description = (
        " ".join(
            [
                f"{k}={v}"
                for k, v in (
                    ("worker_class", worker_class),
                    ("workers", workers),
                    ("threads", threads),
                )
                if v is not None
            ]
            + [f"{k}={v}" for k, v in (env or {}).items()]
        )
        or "gunicorn.conf.py defaults"
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            args,
            cwd=REPO_DIR,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    database_url = (
        full_env.get("MATCHER_DATABASE_URL") or f"sqlite:///{workdir / 'matcher.sqlite3'}"
    )
    server = LiveServer(
        process, "127.0.0.1", port, workdir, log_path, description, database_url=database_url
    )
    try:
        _wait_ready(server, ready_timeout)
        yield server
    finally:
        stop(server)


def stop(server: LiveServer, grace: float = 10.0) -> None:
    """Stop the master (and so its workers), waiting up to ``grace`` seconds before killing."""
    if server.alive():
        with contextlib.suppress(ProcessLookupError):
            server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(grace)
        except subprocess.TimeoutExpired:
            # The whole session: the master, its workers and their parsing children.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(grace)
