"""Document parsing in warm child processes held to a time and a memory limit.

A hostile upload (a decompression bomb, a PDF whose objects loop) must not take the web worker
down with it. Each parse runs in a reusable child process whose address space is capped with
RLIMIT_AS/RLIMIT_DATA; the parent waits with a wall-clock timeout and kills the child when it
is hit. Children are started as ``python -m matcher.isolate`` (not through multiprocessing, whose
spawn and forkserver methods re-run the caller's ``__main__``), import the parsers once, and are
reused until a limit is hit, so a parse costs a round trip through a socket, not a process start.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import resource
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Final

from matcher import errors
from matcher.errors import MatcherError, ParseLimitError
from matcher.extract import detect_type, extract

# The parsers a child imports before its first request, so the first upload does not pay for them.
_PRELOAD: Final = (
    "matcher.extract.pdf",
    "matcher.extract.docx",
    "matcher.extract.markup",
    "matcher.extract.latex",
    "matcher.extract.structured",
    "docx",
)
_PACKAGE_ROOT: Final = str(Path(__file__).resolve().parent.parent)
# How many idle children to keep per memory limit; more callers than this wait for one.
MAX_WORKERS: Final = max(2, min(4, os.cpu_count() or 1))
# A child is replaced after this many parses so that slow leaks in a parser cannot build up.
MAX_TASKS_PER_WORKER: Final = 500
_KILL_GRACE: Final = 2.0


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    for name in ("RLIMIT_AS", "RLIMIT_DATA"):
        kind = getattr(resource, name, None)
        if kind is None:
            continue
        _, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (limit, hard))


def _serve(conn: Connection, memory_mb: int) -> None:
    """Run extract on each request from the pipe until it closes; the child's main loop."""
    _limit_memory(memory_mb)
    while True:
        try:
            data, filename = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, str, str] = ("ok", "", extract(data, filename))
        except MatcherError as exc:
            reply = ("error", type(exc).__name__, str(exc))
        except MemoryError:
            reply = ("memory", "", "")
        except RecursionError:
            reply = ("error", "DocumentError", "the document is corrupt: its structure loops.")
        del data
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", "", ""))
        if reply[0] == "memory":
            # The heap may be left fragmented near the limit; the parent starts a fresh child.
            return


def _child_main(argv: list[str]) -> None:
    """Entry point of a parsing child: ``python -m matcher.isolate FD MEMORY_MB``."""
    import importlib

    for module in _PRELOAD:
        importlib.import_module(module)
    from matcher.extract.clean import load_word_list

    load_word_list()
    _serve(Connection(int(argv[0])), int(argv[1]))


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    memory_mb: int
    tasks: int = 0

    @classmethod
    def start(cls, memory_mb: int) -> _Worker:
        parent_end, child_end = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "matcher.isolate", str(child_end.fileno()), str(memory_mb)],
                pass_fds=(child_end.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
            )
        finally:
            child_end.close()
        return cls(process, Connection(parent_end.detach()), memory_mb)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.alive():
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(_KILL_GRACE)


@dataclass
class _Pool:
    pid: int = field(default_factory=os.getpid)
    idle: dict[int, list[_Worker]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(MAX_WORKERS)
    )

    def take(self, memory_mb: int) -> _Worker:
        with self.lock:
            workers = self.idle.get(memory_mb, [])
            while workers:
                worker = workers.pop()
                if worker.alive():
                    return worker
                worker.stop()
        return _Worker.start(memory_mb)

    def give_back(self, worker: _Worker) -> None:
        if worker.tasks >= MAX_TASKS_PER_WORKER:
            worker.stop()
            return
        with self.lock:
            self.idle.setdefault(worker.memory_mb, []).append(worker)

    def shutdown(self) -> None:
        with self.lock:
            workers = [w for ws in self.idle.values() for w in ws]
            self.idle.clear()
        for worker in workers:
            worker.stop()


_pool = _Pool()
_pool_lock = threading.Lock()


def _current_pool() -> _Pool:
    global _pool
    with _pool_lock:
        # After a fork (gunicorn's preload) the children belong to the parent process.
        if _pool.pid != os.getpid():
            _pool = _Pool()
        return _pool


def shutdown() -> None:
    """Stop the idle parsing children (they are started again on the next call)."""
    _current_pool().shutdown()


atexit.register(shutdown)


def warm_up(memory_mb: int = 512) -> None:
    """Start one parsing child ahead of the first upload, so that upload pays no process start."""
    pool = _current_pool()
    worker = pool.take(memory_mb)
    pool.give_back(worker)


def _limit_error(name: str, what: str) -> ParseLimitError:
    return ParseLimitError(f"Parsing {name} was stopped: it {what} to parse.")


def _reraise(kind: str, message: str) -> MatcherError:
    cls = getattr(errors, kind, None)
    if isinstance(cls, type) and issubclass(cls, MatcherError):
        return cls(message)
    return errors.DocumentError(message)


def extract_isolated(
    data: bytes, filename: str | None = None, *, timeout: float = 10.0, memory_mb: int = 512
) -> str:
    """Extract a document's text in a child process held to a time and a memory limit.

    Parameters
    ----------
    data:
        The file's content.
    filename:
        The name it was uploaded under, if any.
    timeout:
        Seconds of wall-clock time the parse may take.
    memory_mb:
        Address space the child may use, in MiB.

    Returns
    -------
    str
        The same text as :func:`matcher.extract.extract`.

    Raises
    ------
    ParseLimitError
        The parse took longer than ``timeout`` or needed more than ``memory_mb``; the child is
        killed and replaced.
    MatcherError
        Any other error of :func:`matcher.extract.extract`, with the same type and message.
    """
    name = os.path.basename(filename) if filename else "the document"
    # Decoding text is linear in its size, so plain text needs no guard; this also raises type
    # errors (415) and empty-file errors here, without a round trip.
    if detect_type(data, filename) == "text":
        return extract(data, filename)
    pool = _current_pool()
    with pool.slots:
        worker = pool.take(memory_mb)
        try:
            worker.conn.send((data, filename))
            ready = worker.conn.poll(timeout)
            reply = worker.conn.recv() if ready else None
        except (EOFError, OSError, BrokenPipeError):
            worker.stop()
            raise _limit_error(name, "needed too much memory") from None
        except BaseException:
            worker.stop()
            raise
        if reply is None:
            worker.stop()
            raise _limit_error(name, "took too long")
        worker.tasks += 1
        status, kind, message = reply
        if status == "memory":
            worker.stop()
            raise _limit_error(name, "needed too much memory")
        pool.give_back(worker)
    if status == "ok":
        return message
    raise _reraise(kind, message)


if __name__ == "__main__":
    _child_main(sys.argv[1:])
