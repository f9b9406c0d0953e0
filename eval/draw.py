"""Draw the fifth skill check set and the first set of check pairs from ``../shared/data``.

    python eval/draw.py skills OUT.jsonl   # 41 documents for skill finding (ids and texts)
    python eval/draw.py pairs OUT.jsonl    # 18 posting-resume pairs for the gap report

Only ids (and, for files, their path under ``../shared/data``) are committed under ``eval/``;
the texts are rebuilt from ``../shared/data`` by :func:`texts_by_id` whenever a set is scored.
Every draw excludes the development gold, the development pairs and the earlier check sets.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parent
DATA = EVAL.parent.parent / "shared" / "data"
SHARED_EVAL = EVAL.parent.parent / "shared" / "eval"
JSONL = (
    DATA / "job_postings" / "hn_whoishiring_2026.jsonl",
    DATA / "skillspan" / "skillspan_postings.jsonl",
    DATA / "resumes_text" / "updated_resume_dataset_dedup.jsonl",
)
FILE_PREFIX = "file:"  # an id naming a document file under ../shared/data

# Roles the pairs judge: engineering roles as the postings' silver labels name them.
PAIR_ROLES = {
    "Software Engineer",
    "Senior Software Engineer",
    "Full Stack Engineer",
    "Backend Engineer",
    "DevOps / SRE",
    "Staff Engineer",
    "ML Engineer",
    "AI Engineer",
    "Data Engineer",
    "Principal Engineer",
}
# Resume categories that a pair's posting role is drawn against, so that pairs are plausible.
ROLE_RESUMES = {
    "DevOps / SRE": {"DevOps Engineer", "Network Security Engineer", "Database"},
    "ML Engineer": {"Data Science", "Python Developer", "Hadoop"},
    "AI Engineer": {"Data Science", "Python Developer"},
    "Data Engineer": {"Hadoop", "ETL Developer", "Database", "Data Science"},
}


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def texts_by_id(ids: list[str]) -> dict[str, str]:
    """The text of each id: a row of the shared JSONL files, or a file read by our extractor."""
    out: dict[str, str] = {}
    for path in JSONL:
        for row in _rows(path):
            if row["id"] in ids:
                out[row["id"]] = row["text"]
    for doc_id in ids:
        if doc_id.startswith(FILE_PREFIX):
            from matcher.extract import extract

            path = DATA / doc_id.removeprefix(FILE_PREFIX)
            out[doc_id] = extract(path.read_bytes(), path.name)
    return out


def used_ids() -> set[str]:
    """Every document id of the development gold, the development pairs and our check sets."""
    used: set[str] = set()
    golds = [SHARED_EVAL / "dev_gold.jsonl", *sorted(EVAL.glob("internal_gold*.jsonl"))]
    for path in golds:
        used |= {row["id"] for row in _rows(path)}
    for row in _rows(SHARED_EVAL / "pairs" / "dev_pairs.jsonl"):
        used |= {row["posting_id"], row["resume_id"]}
    return used


def draw_skills(rng: random.Random) -> list[dict]:
    """41 documents: 14 HN postings (May 2026 first), 8 SkillSpan test postings, 4 DOCX job
    descriptions, 15 resumes (12 text, 3 PDF)."""
    used = used_ids()
    hn = [r for r in _rows(JSONL[0]) if r["id"] not in used and 300 <= len(r["text"]) <= 5000]
    may = [r for r in hn if "May 2026" in r["thread"]]
    other = [r for r in hn if "May 2026" not in r["thread"]]
    picked = rng.sample(may, 10) + rng.sample(other, 4)
    ss = [r for r in _rows(JSONL[1]) if r["split"] == "test" and r["id"] not in used]
    tech = [r for r in ss if r["source"] == "skillspan_tech"]
    house = [r for r in ss if r["source"] == "skillspan_house"]
    picked += rng.sample(tech, 6) + rng.sample(house, 2)
    docs = [{"id": r["id"], "kind": "posting"} for r in picked]
    docx = ["Backend Developer", "Senior Software Developer", "Web_dev_job", "Data Scientist"]
    docs += [
        {
            "id": f"{FILE_PREFIX}resume_matcher_samples/job_descriptions_docx/{n}.docx",
            "kind": "posting",
        }
        for n in docx
    ]
    resumes = [
        r
        for r in _rows(JSONL[2])
        if r["is_it_category"] and r["id"] not in used and len(r["text"]) <= 7000
    ]
    docs += [{"id": r["id"], "kind": "resume"} for r in rng.sample(resumes, 12)]
    pdfs = [
        "resumes_pdf/awesome-cv/resume.pdf",
        "resumes_pdf/deedy-resume/deedy_resume-openfont.pdf",
        "resumes_pdf/open-resume/openresume-resume.pdf",
    ]
    docs += [{"id": f"{FILE_PREFIX}{p}", "kind": "resume"} for p in pdfs]
    return docs


def draw_pairs(rng: random.Random) -> list[dict]:
    """18 pairs: an HN posting of an engineering role and an IT resume of a fitting category."""
    used = used_ids()
    hn = [
        r
        for r in _rows(JSONL[0])
        if r["id"] not in used and r["silver_role"] in PAIR_ROLES and 700 <= len(r["text"]) <= 2800
    ]
    resumes = [
        r
        for r in _rows(JSONL[2])
        if r["is_it_category"] and r["id"] not in used and len(r["text"]) <= 9000
    ]
    postings = rng.sample(hn, 18)
    pairs, taken = [], set()
    for i, post in enumerate(postings, 1):
        cats = ROLE_RESUMES.get(post["silver_role"])
        pool = [r for r in resumes if r["id"] not in taken and (not cats or r["category"] in cats)]
        resume = rng.choice(pool)
        taken.add(resume["id"])
        pairs.append(
            {
                "pair": f"check-pair-{i:02d}",
                "posting_id": post["id"],
                "resume_id": resume["id"],
                "posting_role": post["silver_role"],
                "resume_category": resume["category"],
            }
        )
    # Two pairs take a PDF resume instead, read by our extractor, as users upload them.
    pairs[-2]["resume_id"] = (
        f"{FILE_PREFIX}resume_matcher_samples/resumes_pdf/bruce_wayne_fullstack.pdf"
    )
    pairs[-2]["resume_category"] = "pdf"
    pairs[-1]["resume_id"] = f"{FILE_PREFIX}resume_matcher_samples/resumes_pdf/john_doe.pdf"
    pairs[-1]["resume_category"] = "pdf"
    return pairs


def with_texts(pairs: list[dict]) -> list[dict]:
    """The pairs with ``posting_text`` and ``resume_text``, as ``gap_score.py`` reads them."""
    texts = texts_by_id([p[k] for p in pairs for k in ("posting_id", "resume_id")])
    return [
        {**p, "posting_text": texts[p["posting_id"]], "resume_text": texts[p["resume_id"]]}
        for p in pairs
    ]


def main(argv: list[str]) -> int:
    what, out = argv[1], Path(argv[2])
    rng = random.Random(20261207)
    rows = draw_skills(rng) if what == "skills" else draw_pairs(rng)
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print(f"{len(rows)} rows -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
