"""The engine keeps the analyses of recent postings: reused, bounded, never changed by use."""

from __future__ import annotations

import copy
import threading

import pytest

from matcher.engine import Engine, PostingCache
from matcher.posting import analyze_posting
from matcher.vocab import default_vocabulary

POSTING = """Backend engineer
Requirements: Python, Kafka, PostgreSQL, Go or Rust, Kubernetes, AWS.
Nice to have: React, GraphQL. US citizenship required.
"""
RESUMES = [
    "Python and Django; PostgreSQL and Docker on AWS.",
    "Go services on Kubernetes with Kafka.",
    "React and GraphQL front ends.",
]


@pytest.fixture()
def engine() -> Engine:
    return Engine(default_vocabulary())


def _uncached(engine: Engine, text: str):
    return analyze_posting(text, engine.finder.find(text), engine.vectorizer, engine.vocabulary)


def test_a_posting_matched_again_is_analysed_once(engine: Engine) -> None:
    first = engine.analyze_posting(POSTING)
    assert engine.analyze_posting(POSTING) is first
    assert engine.analyze_posting(POSTING + " ") is not first  # another text, another analysis
    assert len(engine.postings) == 2


def test_reports_from_a_kept_analysis_equal_fresh_ones(engine: Engine) -> None:
    for resume in RESUMES:
        engine.match(resume, POSTING)
    for resume in RESUMES:
        fresh = engine.report(_uncached(engine, POSTING), engine.analyze_resume(resume))
        assert engine.match(resume, POSTING).to_dict() == fresh.to_dict()


def test_building_reports_leaves_the_kept_analysis_unchanged(engine: Engine) -> None:
    analysis = engine.analyze_posting(POSTING)
    before = copy.deepcopy(analysis)
    for resume in RESUMES:
        engine.match(resume, POSTING).to_dict()
    engine.rank(POSTING, [(f"r{i}", r) for i, r in enumerate(RESUMES)])
    assert engine.analyze_posting(POSTING) is analysis
    assert analysis == before


def test_the_least_recently_used_posting_goes_first() -> None:
    cache = PostingCache(entries=2, chars=1000)
    cache.put("a", "analysis a")  # type: ignore[arg-type]
    cache.put("b", "analysis b")  # type: ignore[arg-type]
    assert cache.get("a") == "analysis a"  # now "b" is the oldest
    cache.put("c", "analysis c")  # type: ignore[arg-type]
    assert cache.get("b") is None
    assert cache.get("a") == "analysis a" and cache.get("c") == "analysis c"


def test_the_cache_keeps_no_more_text_than_its_budget() -> None:
    cache = PostingCache(entries=10, chars=100)
    for i in range(6):
        cache.put(str(i) * 30, f"analysis {i}")  # type: ignore[arg-type]
        assert cache.chars <= 100
    assert len(cache) == 3
    cache.put("x" * 101, "too long")  # type: ignore[arg-type]
    assert cache.get("x" * 101) is None and len(cache) == 3
    cache.clear()
    assert len(cache) == 0 and cache.chars == 0


def test_threads_sharing_the_cache_each_get_their_own_postings_analysis() -> None:
    engine = Engine(default_vocabulary())
    engine.postings = PostingCache(entries=4, chars=100_000)  # fewer than the postings: evictions
    postings = [POSTING.replace("Kafka", f"Kafka {i}") for i in range(12)]
    expected = {text: _uncached(engine, text) for text in postings}
    wrong: list[str] = []

    def work(k: int) -> None:
        for i in range(60):
            text = postings[(i * 7 + k) % len(postings)]
            if engine.analyze_posting(text) != expected[text]:
                wrong.append(text)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []
    assert len(engine.postings) <= 4
