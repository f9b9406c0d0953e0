"""Gunicorn settings for `make run` (gunicorn --config gunicorn.conf.py 'matcher:create_app()').

Every value can be changed from the environment (MATCHER_BIND, MATCHER_WORKERS, ...).

- The app is preloaded: the engine (vocabulary, automaton, idf) is read-only, so workers share
  its pages after fork and a broken configuration fails once, at startup, not in every worker.
  Nothing opened before the fork is used after it: each worker opens its own database pool on
  its first request, and the document-parsing children are per process (started in
  post_worker_init).
- gthread workers, two per core: matching and parsing are CPU-bound (parsing runs in a child
  process the thread waits on), but a worker also waits on its sockets between requests, so
  one per core leaves cores idle. Two threads keep one slow upload from holding a whole worker.
  Measured on 2 cores (noisy, shared machine), wrk with 8 connections, 64 pasted resumes in
  turn against one posting (req/s, `make bench` and side-by-side runs): 4 workers x 2 threads
  647-907; 2 x 4 804-941; 2 sync 871-934; 4 sync 751-866. The models are within the noise of
  one another (earlier, before postings were kept analysed, four workers won every run). Two
  sync workers are as fast but serve two requests at a time and keep no connection alive, so a
  slow client or a long upload holds half the server: the model stays. Re-measure on the target
  machine (MATCHER_WORKERS, MATCHER_THREADS).
"""

from __future__ import annotations

import os


def _env(name: str, default: str) -> str:
    return os.environ.get(f"MATCHER_{name}", default)


bind = _env("BIND", "127.0.0.1:8000")
workers = int(_env("WORKERS", str(2 * (os.cpu_count() or 1))))
worker_class = "gthread"
threads = int(_env("THREADS", "2"))
preload_app = _env("PRELOAD", "1") not in {"0", "false", "no"}

# A request that has not finished in 30 s is stuck (parsing alone is cut off at 8 s, PARSE_TIMEOUT).
timeout = int(_env("TIMEOUT", "30"))
graceful_timeout = int(_env("GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycle workers now and then so that slow leaks cannot build up; jitter avoids all at once.
# Not often: a new worker starts its parsing child (a Python process importing the parsers,
# about 0.4 s of CPU), which every 1,000 requests cost 0.4 ms a request, more than a whole
# health check. Measured on 2 cores under wrk: recycling every 1,000 requests took about 45 %
# of the machine at health-check rates (1,570 against 2,800 req/s) and 10-15 % under match
# requests. Parsers themselves run in those children, which are replaced every 500 parses.
max_requests = int(_env("MAX_REQUESTS", "10000"))
max_requests_jitter = int(_env("MAX_REQUESTS_JITTER", "1000"))

# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = _env("ACCESS_LOG", "-")
errorlog = "-"
loglevel = _env("LOG_LEVEL", "info")
# Request lines and headers are small for this app; keep gunicorn's limits on them.
limit_request_line = 4094
limit_request_fields = 100


def pre_fork(server, worker) -> None:
    """Move the preloaded app's objects out of the cyclic garbage collector before forking.

    A worker's full collections then do not walk the ~130,000 objects it inherited
    (vocabulary, automaton values, modules): one took 49 ms before and 0.5 ms after, measured
    in-process. Nor do they write to those objects, whose pages stay shared with the master.
    """
    import gc

    gc.freeze()


def post_worker_init(worker) -> None:
    """Start this worker's document-parsing child now, so the first upload pays no start-up;
    size its database pool (DATABASE_POOL_SIZE 0) to its threads, one connection a request."""
    from matcher.isolate import warm_up

    app = worker.wsgi
    config = getattr(app, "config", {})
    if "DATABASE_POOL_SIZE" in config and not config["DATABASE_POOL_SIZE"]:
        config["DATABASE_POOL_SIZE"] = worker.cfg.threads
    warm_up(int(config.get("PARSE_MEMORY_MB", 512)))
