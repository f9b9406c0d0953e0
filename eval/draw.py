"""Draw the skill check sets and the check pairs from ``../shared/data``.

    python eval/draw.py skills OUT.jsonl   # set 5: 41 documents for skill finding (ids)
    python eval/draw.py pairs OUT.jsonl    # 18 posting-resume pairs for the gap report
    python eval/draw.py skills6 OUT.jsonl  # set 6: 45 documents, other sources than set 5
    python eval/draw.py pairs2 OUT.jsonl   # 16 more posting-resume pairs

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


def used_ids(*, with_check_sets: bool = True) -> set[str]:
    """Every document id of the development gold, the development pairs and our check sets.

    The first draws (set 5 and the first check pairs) excluded only the development sets and
    the gold files; ``with_check_sets=False`` reproduces them."""
    used: set[str] = set()
    golds = [SHARED_EVAL / "dev_gold.jsonl", *sorted(EVAL.glob("internal_gold*.jsonl"))]
    for path in golds:
        used |= {row["id"] for row in _rows(path)}
    pair_sets = [SHARED_EVAL / "pairs" / "dev_pairs.jsonl"]
    if with_check_sets:
        pair_sets += sorted(EVAL.glob("check_pairs*.jsonl"))
    for path in pair_sets:
        for row in _rows(path):
            used |= {row[k] for k in ("posting_id", "resume_id") if k in row}
    for path in EVAL.glob("check_docs_*.jsonl") if with_check_sets else ():
        used |= {row["id"] for row in _rows(path)}
    return used


def _later_skill_sets() -> set[str]:
    """The skill sets drawn after set 5 and the first pairs (their draws did not exclude them)."""
    return _ids_of("internal_gold_6.jsonl")


def _ids_of(name: str) -> set[str]:
    """The documents of one of our check sets (a set's own gold must not exclude it)."""
    rows = _rows(EVAL / name)
    return {row[k] for row in rows for k in ("id", "posting_id", "resume_id") if k in row}


def draw_skills(rng: random.Random) -> list[dict]:
    """41 documents: 14 HN postings (May 2026 first), 8 SkillSpan test postings, 4 DOCX job
    descriptions, 15 resumes (12 text, 3 PDF)."""
    used = used_ids(with_check_sets=False) - _ids_of("check_docs_5.jsonl") - _later_skill_sets()
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


def _draw_pairs(rng: random.Random, used: set[str], count: int, prefix: str) -> list[dict]:
    """``count`` pairs: an HN posting of an engineering role and an IT resume of a fitting
    category, none of the ``used`` documents."""
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
    pairs, taken = [], set()
    for i, post in enumerate(rng.sample(hn, count), 1):
        cats = ROLE_RESUMES.get(post["silver_role"])
        pool = [r for r in resumes if r["id"] not in taken and (not cats or r["category"] in cats)]
        resume = rng.choice(pool)
        taken.add(resume["id"])
        pairs.append(
            {
                "pair": f"{prefix}-{i:02d}",
                "posting_id": post["id"],
                "resume_id": resume["id"],
                "posting_role": post["silver_role"],
                "resume_category": resume["category"],
            }
        )
    return pairs


def draw_pairs(rng: random.Random) -> list[dict]:
    """18 pairs: an HN posting of an engineering role and an IT resume of a fitting category."""
    used = used_ids(with_check_sets=False) - _ids_of("internal_gold_5.jsonl") - _later_skill_sets()
    pairs = _draw_pairs(rng, used, 18, "check-pair")
    # Two pairs take a PDF resume instead, read by our extractor, as users upload them.
    pairs[-2]["resume_id"] = (
        f"{FILE_PREFIX}resume_matcher_samples/resumes_pdf/bruce_wayne_fullstack.pdf"
    )
    pairs[-2]["resume_category"] = "pdf"
    pairs[-1]["resume_id"] = f"{FILE_PREFIX}resume_matcher_samples/resumes_pdf/john_doe.pdf"
    pairs[-1]["resume_category"] = "pdf"
    return pairs


def draw_skills_6(rng: random.Random) -> list[dict]:
    """45 documents from sources set 5 left out where the data allows: 14 HN postings of
    January-April 2026, 6 SkillSpan test postings, the 4 PDF and 3 more DOCX job descriptions,
    12 IT text resumes, 5 PDF
    resumes of other templates and the JSON Resume sample."""
    used = used_ids() - _ids_of("check_docs_6.jsonl") - _ids_of("check_pairs_2.jsonl")
    hn = [
        r
        for r in _rows(JSONL[0])
        if r["id"] not in used and 300 <= len(r["text"]) <= 5000 and "May 2026" not in r["thread"]
    ]
    picked = rng.sample(hn, 14)
    ss = [r for r in _rows(JSONL[1]) if r["split"] == "test" and r["id"] not in used]
    picked += rng.sample(ss, 6)
    docs = [{"id": r["id"], "kind": "posting"} for r in picked]
    files = [
        *(
            f"resume_matcher_samples/job_descriptions_pdf/job_desc_{n}.pdf"
            for n in (
                "front_end_engineer",
                "full_stack_engineer",
                "java_developer",
                "product_manager",
            )
        ),
        *(
            f"resume_matcher_samples/job_descriptions_docx/{n}.docx"
            for n in ("Director of Engineering", "HTML Developer", "Lead Technical Program Manager")
        ),
    ]
    docs += [{"id": f"{FILE_PREFIX}{f}", "kind": "posting"} for f in files]
    resumes = [
        r
        for r in _rows(JSONL[2])
        if r["is_it_category"] and r["id"] not in used and len(r["text"]) <= 7000
    ]
    docs += [{"id": r["id"], "kind": "resume"} for r in rng.sample(resumes, 12)]
    pdfs = [
        "resumes_pdf/altacv/mmayer.pdf",
        "resumes_pdf/open-resume/laverne-resume.pdf",
        "resumes_pdf/rendercv/John_Doe_ClassicTheme_CV.pdf",
        "resume_matcher_samples/resumes_pdf/barry_allen_fe.pdf",
        "resume_matcher_samples/resumes_pdf/harvey_dent_mle.pdf",
        "jsonresume_samples/sample.resume.json",
    ]
    docs += [{"id": f"{FILE_PREFIX}{p}", "kind": "resume"} for p in pdfs]
    return docs


def draw_pairs_2(rng: random.Random) -> list[dict]:
    """16 more pairs drawn as the first 18 were, all resumes from the text-resume set, none
    of them a document of set 6."""
    used = used_ids() - _ids_of("check_pairs_2.jsonl")
    used |= {d["id"] for d in draw_skills_6(random.Random(DRAWS["skills6"][1]))}
    return _draw_pairs(rng, used, 16, "check2-pair")


DRAWS = {
    "skills": (draw_skills, 20261207),
    "pairs": (draw_pairs, 20261207),
    "skills6": (draw_skills_6, 20261208),
    "pairs2": (draw_pairs_2, 20261208),
}


def with_texts(pairs: list[dict]) -> list[dict]:
    """The pairs with ``posting_text`` and ``resume_text``, as ``gap_score.py`` reads them."""
    texts = texts_by_id([p[k] for p in pairs for k in ("posting_id", "resume_id")])
    return [
        {**p, "posting_text": texts[p["posting_id"]], "resume_text": texts[p["resume_id"]]}
        for p in pairs
    ]


def main(argv: list[str]) -> int:
    what, out = argv[1], Path(argv[2])
    draw, seed = DRAWS[what]
    rows = draw(random.Random(seed))
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print(f"{len(rows)} rows -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
