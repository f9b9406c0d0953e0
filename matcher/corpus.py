"""Build the figures under ``vocab/`` from real documents: idf over postings (and market figures).

``matcher corpus build`` reads postings (JSONL with a ``text`` field, or a folder of documents)
and writes ``vocab/idf.json``. The output is deterministic (sorted keys, no timestamps) so a
rebuild on the same data reproduces the committed file byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from matcher.errors import MatcherError
from matcher.extract import extract
from matcher.finder import SkillFinder
from matcher.scoring import IDF_PATH, fit_document_frequency
from matcher.vocab import Vocabulary

REPO_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_DIR.parent / "shared" / "data"
DEFAULT_POSTINGS = (
    Path("job_postings/hn_whoishiring_2026.jsonl"),
    Path("skillspan/skillspan_postings.jsonl"),
)
ATTRIBUTION = {
    "hn_whoishiring_2026.jsonl": "Hacker News 'Who is hiring?' postings, January-May 2026, via "
    "gantryops/hn-jobs-data (MIT); posting text remains its posters'. Only derived counts are kept here.",
    "skillspan_postings.jsonl": "SkillSpan (Zhang, Jensen, Sonniks & Plank, NAACL 2022), MIT license.",
}
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm", ".text"}


@dataclass(frozen=True)
class Document:
    """One corpus document: where it came from and its text."""

    source: str
    id: str
    text: str


def iter_documents(path: Path) -> Iterator[Document]:
    """Yield the documents of a JSONL file (one object with ``text`` per line) or a folder."""
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES:
                try:
                    yield Document(
                        path.name, str(f.relative_to(path)), extract(f.read_bytes(), f.name)
                    )
                except MatcherError:
                    continue
        return
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    row = json.loads(line)
                    yield Document(path.name, str(row.get("id", n)), row["text"])
        return
    yield Document(path.parent.name, path.name, extract(path.read_bytes(), path.name))


def build_idf(
    vocabulary: Vocabulary, finder: SkillFinder, postings: Sequence[Path]
) -> dict[str, object]:
    """Count in how many postings each skill appears; return the figures ``idf.json`` holds."""
    sources = []
    skill_sets = []
    for path in postings:
        count = 0
        for doc in iter_documents(path):
            skill_sets.append([f.name for f in finder.find(doc.text)])
            count += 1
        sources.append(
            {"file": path.name, "documents": count, "attribution": ATTRIBUTION.get(path.name, "")}
        )
    n, df = fit_document_frequency(vocabulary, skill_sets)
    return {
        "about": "Document frequency of each vocabulary skill across real job postings; the idf used "
        "for TF-IDF weights is ln((1 + n_documents) / (1 + df)) + 1. Rebuild: matcher corpus build.",
        "sources": sources,
        "n_documents": n,
        "document_frequency": dict(sorted(df.items())),
    }


def write_json(path: Path, data: object) -> None:
    """Write figures deterministically (sorted keys, fixed indentation, trailing newline)."""
    path.write_text(
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def default_posting_paths(data_dir: Path = DEFAULT_DATA) -> list[Path]:
    """The public posting corpora the shipped figures are built from."""
    return [data_dir / p for p in DEFAULT_POSTINGS]


__all__ = ["IDF_PATH", "build_idf", "default_posting_paths", "iter_documents", "write_json"]
