"""Build the figures under ``vocab/`` from real documents: idf over postings (and market figures).

``matcher corpus build`` reads postings (JSONL with a ``text`` field, or a folder of documents)
and writes ``vocab/idf.json``. The output is deterministic (sorted keys, no timestamps) so a
rebuild on the same data reproduces the committed file byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from matcher.errors import MatcherError
from matcher.extract import extract
from matcher.finder import SkillFinder
from matcher.posting import analyze_posting
from matcher.scoring import IDF_PATH, SkillVectorizer, fit_document_frequency
from matcher.sections import Section
from matcher.vocab import Vocabulary

REPO_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_DIR.parent / "shared" / "data"
DEFAULT_POSTINGS = (
    Path("job_postings/hn_whoishiring_2026.jsonl"),
    Path("skillspan/skillspan_postings.jsonl"),
)
# Resumes for the supply side: the text resumes and one PDF per distinct resume (the nine
# rendercv PDFs show one CV in nine themes, so only one of them counts).
DEFAULT_RESUMES = (
    Path("resumes_text/updated_resume_dataset_dedup.jsonl"),
    Path("resumes_pdf/awesome-cv/resume.pdf"),
    Path("resumes_pdf/awesome-cv/cv.pdf"),
    Path("resumes_pdf/deedy-resume/deedy_resume-openfont.pdf"),
    Path("resumes_pdf/rendercv/John_Doe_ClassicTheme_CV.pdf"),
    Path("resumes_pdf/open-resume/openresume-resume.pdf"),
    Path("resumes_pdf/open-resume/laverne-resume.pdf"),
    Path("resumes_pdf/altacv/sample.pdf"),
    Path("resumes_pdf/altacv/mmayer.pdf"),
    Path("resume_matcher_samples/resumes_pdf"),
)
ATTRIBUTION = {
    "hn_whoishiring_2026.jsonl": "Hacker News 'Who is hiring?' postings, January-May 2026, via "
    "gantryops/hn-jobs-data (MIT); posting text remains its posters'. Only derived counts are kept here.",
    "skillspan_postings.jsonl": "SkillSpan (Zhang, Jensen, Sonniks & Plank, NAACL 2022), MIT license.",
    "updated_resume_dataset_dedup.jsonl": "Kaggle 'Resume Dataset' (gauravduttakiit), 166 unique text "
    "resumes; only derived counts are kept here.",
    "resumes_pdf": "Resume template examples: Awesome-CV (LPPL 1.3c), Deedy-Resume (Apache-2.0), "
    "RenderCV (MIT), OpenResume (AGPL-3.0), AltaCV (LPPL 1.3); Resume-Matcher samples (Apache-2.0).",
}
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm", ".text"}


@dataclass(frozen=True)
class Document:
    """One corpus document: where it came from and its text."""

    source: str
    id: str
    text: str


def folder_files(path: Path) -> list[Path]:
    """The documents under a folder (any depth), in name order."""
    return [
        f for f in sorted(path.rglob("*")) if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
    ]


def read_folder_files(root: Path, files: Iterable[Path]) -> Iterator[Document]:
    """Yield the documents of a folder's files, skipping those that cannot be read."""
    for f in files:
        try:
            yield Document(root.name, str(f.relative_to(root)), extract(f.read_bytes(), f.name))
        except MatcherError:
            continue


def read_jsonl(
    path: Path, start: int = 0, end: int | None = None, line: int = 1
) -> Iterator[Document]:
    """Yield the documents of a JSONL file, or of the lines between two byte offsets of it.

    ``line`` is the number of the line at ``start`` (a row without ``id`` is known by it).
    """
    with path.open("rb") as fh:
        fh.seek(start)
        at = start
        for n, raw in enumerate(fh, line):
            if end is not None and at >= end:
                break
            at += len(raw)
            text = raw.decode("utf-8")
            if text.strip():
                row = json.loads(text)
                yield Document(path.name, str(row.get("id", n)), row["text"])


def read_file(path: Path) -> Document:
    """The one document of a file."""
    return Document(path.parent.name, path.name, extract(path.read_bytes(), path.name))


def iter_documents(path: Path) -> Iterator[Document]:
    """Yield the documents of a JSONL file (one object with ``text`` per line) or a folder."""
    if path.is_dir():
        yield from read_folder_files(path, folder_files(path))
    elif path.suffix == ".jsonl":
        yield from read_jsonl(path)
    else:
        yield read_file(path)


def count_postings(
    vocabulary: Vocabulary, finder: SkillFinder, documents: Iterable[Document]
) -> tuple[int, dict[str, int]]:
    """How many postings there are and in how many of them each skill appears.

    Counts of several parts of a corpus add up to the counts of the whole.
    """
    return fit_document_frequency(
        vocabulary, ([f.name for f in finder.find(d.text)] for d in documents)
    )


def idf_figures(counts: Sequence[tuple[Path, int, Mapping[str, int]]]) -> dict[str, object]:
    """The figures ``idf.json`` holds, from each posting source's documents and skill counts."""
    df: dict[str, int] = {}
    for _, _, part in counts:
        for name, n in part.items():
            df[name] = df.get(name, 0) + n
    return {
        "about": "Document frequency of each vocabulary skill across real job postings; the idf used "
        "for TF-IDF weights is ln((1 + n_documents) / (1 + df)) + 1. Rebuild: matcher corpus build.",
        "sources": [
            {"file": path.name, "documents": n, "attribution": ATTRIBUTION.get(path.name, "")}
            for path, n, _ in counts
        ],
        "n_documents": sum(n for _, n, _ in counts),
        "document_frequency": dict(sorted(df.items())),
    }


def build_idf(
    vocabulary: Vocabulary, finder: SkillFinder, postings: Sequence[Path]
) -> dict[str, object]:
    """Count in how many postings each skill appears; return the figures ``idf.json`` holds."""
    return idf_figures(
        [(path, *count_postings(vocabulary, finder, iter_documents(path))) for path in postings]
    )


def _source_label(path: Path) -> str:
    return path.name if path.suffix == ".jsonl" else str(Path(path.parent.name) / path.name)


@dataclass
class MarketTally:
    """Per skill, the documents of a corpus part that ask for it (as a requirement or as a plus)
    or mention it, and how many documents the part holds. Tallies of parts add up."""

    documents: int = 0
    required: dict[str, int] = field(default_factory=dict)
    nice: dict[str, int] = field(default_factory=dict)
    mentioned: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: MarketTally) -> MarketTally:
        def plus(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
            out = dict(a)
            for name, n in b.items():
                out[name] = out.get(name, 0) + n
            return out

        return MarketTally(
            self.documents + other.documents,
            plus(self.required, other.required),
            plus(self.nice, other.nice),
            plus(self.mentioned, other.mentioned),
        )


def tally_postings(
    vocabulary: Vocabulary,
    finder: SkillFinder,
    vectorizer: SkillVectorizer,
    documents: Iterable[Document],
) -> MarketTally:
    """Count, per skill, the postings that ask for it (boilerplate and skills named only about
    the company, its culture or its product, the analysis's context, do not count)."""
    tally = MarketTally()
    for doc in documents:
        analysis = analyze_posting(doc.text, finder.find(doc.text), vectorizer, vocabulary)
        for name, section in analysis.sections_of.items():
            if section is Section.NICE_TO_HAVE:
                tally.nice[name] = tally.nice.get(name, 0) + 1
            elif section not in (Section.BOILERPLATE, Section.CONTEXT):
                tally.required[name] = tally.required.get(name, 0) + 1
        tally.documents += 1
    return tally


def tally_resumes(finder: SkillFinder, documents: Iterable[Document]) -> MarketTally:
    """Count, per skill, the resumes that mention it."""
    tally = MarketTally()
    for doc in documents:
        for name in {f.name for f in finder.find(doc.text)}:
            tally.mentioned[name] = tally.mentioned.get(name, 0) + 1
        tally.documents += 1
    return tally


def market_figures(
    vocabulary: Vocabulary,
    postings: Sequence[tuple[Path, MarketTally]],
    resumes: Sequence[tuple[Path, MarketTally]],
) -> dict[str, object]:
    """The figures ``market.json`` holds, from each posting and resume source's tally."""
    sources: list[dict[str, object]] = []
    total = {"postings": MarketTally(), "resumes": MarketTally()}
    for kind, tallies in (("postings", postings), ("resumes", resumes)):
        for path, tally in tallies:
            total[kind] += tally
            sources.append(
                {"file": _source_label(path), "kind": kind, "documents": tally.documents}
            )
    for source in sources:
        key = "resumes_pdf" if "/" in str(source["file"]) else str(source["file"])
        source["attribution"] = ATTRIBUTION.get(key, "")
    n_postings, n_resumes = total["postings"].documents, total["resumes"].documents
    required, nice = total["postings"].required, total["postings"].nice
    mentioned = total["resumes"].mentioned

    def share(n: int, total: int) -> float:
        return round(n / total, 5) if total else 0.0

    skills = {}
    for skill in vocabulary.skills:
        r, n, m = required.get(skill.name, 0), nice.get(skill.name, 0), mentioned.get(skill.name, 0)
        skills[skill.name] = {
            "category": skill.category,
            "kind": skill.kind,
            "postings": r + n,
            "posting_share": share(r + n, n_postings),
            "required_share": share(r, n_postings),
            "nice_share": share(n, n_postings),
            "resumes": m,
            "resume_share": share(m, n_resumes),
        }
    return {
        "about": "For each vocabulary skill: the postings that ask for it (as a requirement or "
        "as a plus; boilerplate and the company's description of itself do not count) and the "
        "resumes that mention it. "
        "Rebuild: matcher corpus build.",
        "sources": sources,
        "n_postings": n_postings,
        "n_resumes": n_resumes,
        "skills": skills,
    }


def build_market(
    vocabulary: Vocabulary,
    finder: SkillFinder,
    vectorizer: SkillVectorizer,
    postings: Sequence[Path],
    resumes: Sequence[Path],
) -> dict[str, object]:
    """Count, for every skill, the postings asking for it (as a requirement or a plus) and the
    resumes mentioning it; return the figures ``market.json`` holds."""
    return market_figures(
        vocabulary,
        [
            (path, tally_postings(vocabulary, finder, vectorizer, iter_documents(path)))
            for path in postings
        ],
        [(path, tally_resumes(finder, iter_documents(path))) for path in resumes],
    )


def write_json(path: Path, data: object) -> None:
    """Write figures deterministically (sorted keys, fixed indentation, trailing newline)."""
    path.write_text(
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def default_posting_paths(data_dir: Path = DEFAULT_DATA) -> list[Path]:
    """The public posting corpora the shipped figures are built from."""
    return [data_dir / p for p in DEFAULT_POSTINGS]


def default_resume_paths(data_dir: Path = DEFAULT_DATA) -> list[Path]:
    """The public resumes the shipped market figures are built from."""
    return [data_dir / p for p in DEFAULT_RESUMES]


__all__ = [
    "IDF_PATH",
    "build_idf",
    "build_market",
    "default_posting_paths",
    "iter_documents",
    "write_json",
]
