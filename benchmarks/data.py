"""The real texts and files the benchmarks run on (../shared/data), or why they are missing."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from benchmarks.server import REPO_DIR

SHARED_DATA = REPO_DIR.parent / "shared" / "data"
POSTINGS = SHARED_DATA / "job_postings" / "hn_whoishiring_2026.jsonl"
RESUMES = SHARED_DATA / "resumes_text" / "updated_resume_dataset_dedup.jsonl"
RESUME_PDFS = SHARED_DATA / "resume_matcher_samples" / "resumes_pdf"


class MissingData(Exception):
    """The shared data set is not beside the repository; the row that needs it is skipped."""


def _jsonl_texts(path: Path) -> list[str]:
    if not path.exists():
        raise MissingData(f"{path} is absent (clone ../shared beside the repository)")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


@cache
def postings() -> list[str]:
    """The 1,650 HN "Who is hiring?" postings."""
    return _jsonl_texts(POSTINGS)


@cache
def resumes() -> list[str]:
    """The 166 unique text resumes."""
    return _jsonl_texts(RESUMES)


def resume_pdf() -> Path:
    """A real one-page resume PDF (Java/Angular full stack)."""
    path = RESUME_PDFS / "john_doe.pdf"
    if not path.exists():
        raise MissingData(f"{path} is absent (clone ../shared beside the repository)")
    return path


def median_pair() -> tuple[str, str]:
    """A resume and a posting of median length: the typical pasted request."""
    by_resume, by_posting = sorted(resumes(), key=len), sorted(postings(), key=len)
    return by_resume[len(by_resume) // 2], by_posting[len(by_posting) // 2]


def _middle(texts: list[str], n: int) -> list[str]:
    """The ``n`` distinct texts nearest the median length, in the order of the data set."""
    texts = list(dict.fromkeys(texts))
    by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    lo = max(0, len(texts) // 2 - n // 2)
    return [texts[i] for i in sorted(by_length[lo : lo + n])]


def middle_resumes(n: int) -> list[str]:
    """``n`` distinct resumes of middle length: the pasted resumes of a day's requests."""
    return _middle(resumes(), n)


def middle_postings(n: int) -> list[str]:
    """``n`` distinct postings of middle length."""
    return _middle(postings(), n)


def varied_resumes(n: int) -> list[tuple[str, str]]:
    """``n`` labelled resumes made by cycling the real ones with small variations.

    Each copy gets its own header line and, every other copy, its sentences in another order,
    so no two texts are equal (a cache of texts would not help).
    """
    base = resumes()
    out = []
    for i in range(n):
        text = base[i % len(base)]
        cycle = i // len(base)
        if cycle % 2:
            parts = text.split(". ")
            k = cycle % max(1, len(parts))
            text = ". ".join(parts[k:] + parts[:k])
        out.append((f"resume-{i:05d}", f"Candidate {i} (copy {cycle})\n{text}"))
    return out


def pairs(n: int) -> list[tuple[str, str]]:
    """``n`` (resume, posting) text pairs crossing the real resumes and postings."""
    r, p = resumes(), postings()
    return [(r[i % len(r)], p[(i * 7) % len(p)]) for i in range(n)]
