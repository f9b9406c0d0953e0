"""Benchmarks: ``make bench`` (``python -m benchmarks``) prints one table, each figure beside a
baseline measured in the same run, and writes the raw figures to ``benchmarks/out/``.

Also home of :mod:`benchmarks.server` (a live gunicorn on a free local port) and
:mod:`benchmarks.http` (a small HTTP client), which the hostile and load tests reuse.
"""
