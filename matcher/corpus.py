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


def _source_label(path: Path) -> str:
    return path.name if path.suffix == ".jsonl" else str(Path(path.parent.name) / path.name)


def build_market(
    vocabulary: Vocabulary,
    finder: SkillFinder,
    vectorizer: SkillVectorizer,
    postings: Sequence[Path],
    resumes: Sequence[Path],
) -> dict[str, object]:
    """Count, for every skill, the postings asking for it (as a requirement or a plus) and the
    resumes mentioning it; return the figures ``market.json`` holds."""
    required: dict[str, int] = {}
    nice: dict[str, int] = {}
    n_postings = 0
    sources: list[dict[str, object]] = []
    for path in postings:
        count = 0
        for doc in iter_documents(path):
            analysis = analyze_posting(doc.text, finder.find(doc.text), vectorizer, vocabulary)
            for name, section in analysis.sections_of.items():
                if section is Section.NICE_TO_HAVE:
                    nice[name] = nice.get(name, 0) + 1
                elif section is not Section.BOILERPLATE:
                    required[name] = required.get(name, 0) + 1
            count += 1
        n_postings += count
        sources.append({"file": _source_label(path), "kind": "postings", "documents": count})
    mentioned: dict[str, int] = {}
    n_resumes = 0
    for path in resumes:
        count = 0
        for doc in iter_documents(path):
            for name in {f.name for f in finder.find(doc.text)}:
                mentioned[name] = mentioned.get(name, 0) + 1
            count += 1
        n_resumes += count
        sources.append({"file": _source_label(path), "kind": "resumes", "documents": count})
    for source in sources:
        key = "resumes_pdf" if "/" in str(source["file"]) else str(source["file"])
        source["attribution"] = ATTRIBUTION.get(key, "")

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
        "as a plus; boilerplate does not count) and the resumes that mention it. "
        "Rebuild: matcher corpus build.",
        "sources": sources,
        "n_postings": n_postings,
        "n_resumes": n_resumes,
        "skills": skills,
    }


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
