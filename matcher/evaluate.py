"""``make eval``: score the skill finder on the development gold, per kind and per category.

Runs ``../shared/eval/score.py`` (the official figures, as its last lines) and then breaks the
same matching down by category, listing misses and false hits, so every vocabulary change is
judged by numbers. The scorer's own matching rules are used (imported from its file).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import roc_auc_score

from matcher.corpus import DEFAULT_DATA, REPO_DIR
from matcher.engine import get_engine
from matcher.extract import extract
from matcher.finder import Mention
from matcher.posting import SoftAsks
from matcher.sections import SECTION_WEIGHTS, span_at, split_sections
from matcher.softskills import default_soft_reading

EVAL_DIR = REPO_DIR.parent / "shared" / "eval"
# The Resume-Matcher samples pair each job description with the resume of the same role.
OWN_ROLE = {
    "job_desc_front_end_engineer.pdf": "barry_allen_fe.pdf",
    "job_desc_full_stack_engineer.pdf": "bruce_wayne_fullstack.pdf",
    "job_desc_java_developer.pdf": "john_doe.pdf",
    "job_desc_product_manager.pdf": "alfred_pennyworth_pm.pdf",
}
BACKEND_ROLE = "Backend Engineer"


def baseline_scores(posting: str, resumes: list[str]) -> list[float]:
    """A plain full-text TF-IDF cosine, fitted on the posting and the resumes (the "ATS" way)."""
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [posting, *resumes]
    )
    return (matrix[1:] @ matrix[0].T).toarray().ravel().tolist()


def engine_scores(posting: str, resumes: list[str]) -> list[float]:
    """Our ranking key per resume as one number (higher is better), in input order.

    The score, then profile closeness, then similarity, as the ranking orders them; resumes
    equal on all three stay tied (the ranking's last tie-break, the label, is arbitrary).
    """
    ranked = get_engine().rank(posting, [(str(i), t) for i, t in enumerate(resumes)])
    key = {r.label: r.score + r.profile_similarity / 1e3 + r.similarity / 1e6 for r in ranked}
    return [key[str(i)] for i in range(len(resumes))]


def own_role_ranking(data: Path = DEFAULT_DATA) -> list[dict[str, object]]:
    """For each sample job description, the top resume by our score and by the baseline."""
    root = data / "resume_matcher_samples"
    resumes = sorted((root / "resumes_pdf").glob("*.pdf"))
    texts = [extract(p.read_bytes(), p.name) for p in resumes]
    out = []
    for jd, own in OWN_ROLE.items():
        path = root / "job_descriptions_pdf" / jd
        posting = extract(path.read_bytes(), path.name)
        ours, base = engine_scores(posting, texts), baseline_scores(posting, texts)
        out.append(
            {
                "posting": jd,
                "own_role": own,
                "ours_top": resumes[int(np.argmax(ours))].name,
                "baseline_top": resumes[int(np.argmax(base))].name,
            }
        )
    return out


def it_resume_auc(data: Path = DEFAULT_DATA, limit: int = 40) -> dict[str, float]:
    """Mean ROC AUC of IT-category resumes above non-IT ones against backend HN postings."""
    resumes = [
        json.loads(line)
        for line in (data / "resumes_text" / "updated_resume_dataset_dedup.jsonl").open()
    ]
    texts = [r["text"] for r in resumes]
    labels = [int(r["is_it_category"]) for r in resumes]
    postings = [
        json.loads(line)["text"]
        for line in (data / "job_postings" / "hn_whoishiring_2026.jsonl").open()
        if json.loads(line)["silver_role"] == BACKEND_ROLE
    ][:limit]
    ours = [roc_auc_score(labels, engine_scores(p, texts)) for p in postings]
    base = [roc_auc_score(labels, baseline_scores(p, texts)) for p in postings]
    return {
        "postings": len(postings),
        "ours": float(np.mean(ours)),
        "baseline": float(np.mean(base)),
    }


def print_ranking_checks(data: Path = DEFAULT_DATA) -> None:
    """Print both ranking checks, ours beside the baseline."""
    rows = own_role_ranking(data)
    print("\nown-role resume ranked first (Resume-Matcher samples):")
    for r in rows:
        print(
            f"  {r['posting']:<36} own {r['own_role']:<26} ours {r['ours_top']:<26} baseline {r['baseline_top']}"
        )
    ours = sum(r["ours_top"] == r["own_role"] for r in rows)
    base = sum(r["baseline_top"] == r["own_role"] for r in rows)
    print(f"  top-1 correct: ours {ours}/{len(rows)}, baseline {base}/{len(rows)}")
    auc = it_resume_auc(data)
    print(
        f"IT above non-IT resumes, mean ROC AUC over {auc['postings']} backend postings: "
        f"ours {auc['ours']:.3f}, baseline {auc['baseline']:.3f}"
    )


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_draw() -> ModuleType:
    """``eval/draw.py``, which rebuilds the check sets' texts from ``../shared/data``."""
    spec = importlib.util.spec_from_file_location("draw", REPO_DIR / "eval" / "draw.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_check_set(scorer: ModuleType, path: Path) -> str:
    """Hard and soft precision, recall and F1 of the finder on one of our check sets.

    The scorer's own matching (``match_doc``), with texts rebuilt by ``eval/draw.py`` so that
    documents read from files (``file:`` ids) are scored too.
    """
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = _load_draw().texts_by_id([g["id"] for g in gold])
    engine = get_engine()
    totals = {"hard": [0, 0, 0], "soft": [0, 0, 0]}
    for g in gold:
        found = [f.to_dict() for f in engine.skills(texts[g["id"]], context=True)]
        for kind, tally in totals.items():
            result = scorer.match_doc(
                [s for s in g["skills"] if s.get("kind", "hard") == kind],
                [f for f in found if f["kind"] == kind],
            )
            for i, part in enumerate(result):
                tally[i] += len(part)
    lines = [f"{len(gold)} documents"]
    for kind, (tp, fp, fn) in totals.items():
        p, r, f = scorer.prf(tp, fp, fn)
        lines.append(
            f"  {kind}: precision {p:.3f} recall {r:.3f} F1 {f:.3f} (tp {tp} fp {fp} fn {fn})"
        )
    return "\n".join(lines)


CHECK_PAIRS = (
    ("check pairs", "check_pairs.jsonl", "check_pairs_gold.jsonl"),
    ("second check pairs", "check_pairs_2.jsonl", "check_pairs_2_gold.jsonl"),
)


def print_gap_figures() -> None:
    """The gap report against requirement-level gold: the development pairs and our check pairs."""
    gap_py = EVAL_DIR / "gap_score.py"
    matcher_bin = Path(sys.executable).with_name("matcher")
    with tempfile.TemporaryDirectory() as tmp:
        sets: list[tuple[str, list[str]]] = [("development pairs (../shared/eval/pairs)", [])]
        for label, ids_name, gold_name in CHECK_PAIRS:
            ids = REPO_DIR / "eval" / ids_name
            pairs = [json.loads(line) for line in ids.read_text(encoding="utf-8").splitlines()]
            texts = Path(tmp) / f"{ids.stem}_texts.jsonl"
            texts.write_text(
                "".join(json.dumps(p) + "\n" for p in _load_draw().with_texts(pairs)),
                encoding="utf-8",
            )
            gold = REPO_DIR / "eval" / gold_name
            sets.append(
                (f"{label} (eval/{gold_name})", ["--pairs", str(texts), "--gold", str(gold)])
            )
        for label, extra in sets:
            for soft in ([], ["--soft"]):
                run = subprocess.run(
                    [sys.executable, str(gap_py), "--matcher", str(matcher_bin), *extra, *soft],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                kinds = "hard and soft" if soft else "hard"
                print(f"\ngap report, {label}, {kinds} skills:")
                print((run.stdout or run.stderr).strip())


SOFT_ASKS = REPO_DIR / "eval" / "soft_asks.jsonl"


def soft_asks_figures(path: Path = SOFT_ASKS, data: Path = DEFAULT_DATA) -> dict[str, dict]:
    """How well postings' soft-skill mentions are read as asked or not, against hand labels.

    Two readings: every mention in an asking section (requirements, body, nice to have, title),
    as skills of every kind are read, and the soft reading (:class:`matcher.posting.SoftAsks`).
    Returns per reading the counts (tp, fp, fn, tn; "positive" is asked) and P, R, F1, accuracy.
    """
    engine = get_engine()
    texts = {
        json.loads(line)["id"]: json.loads(line)["text"]
        for line in (data / "job_postings" / "hn_whoishiring_2026.jsonl").open(encoding="utf-8")
    }
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    decisions: dict[str, list[bool]] = {"asking section": [], "soft reading": []}
    for row in rows:
        text = texts[row["id"]]
        mention = Mention(row["start"], row["end"], row["text"])
        if text[mention.start : mention.end] != mention.text:
            raise ValueError(f"{row['id']}: no {mention.text!r} at {mention.start}")
        found = engine.skills(text)
        span = span_at(split_sections(text), mention.start)
        asking = span is not None and SECTION_WEIGHTS[span.section] > 0
        soft = SoftAsks(text, found, None, default_soft_reading())
        meant = bool(soft.meant(row["skill"], (mention,)))
        decisions["asking section"].append(asking)
        decisions["soft reading"].append(
            asking and meant and soft.asked(row["skill"], mention, span)
        )
    out = {}
    for reading, said in decisions.items():
        pairs = [(s, row["asked"]) for s, row in zip(said, rows, strict=True)]
        tp, fp = pairs.count((True, True)), pairs.count((True, False))
        fn, tn = pairs.count((False, True)), pairs.count((False, False))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[reading] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "accuracy": (tp + tn) / len(pairs) if pairs else 0.0,
        }
    return out


def print_soft_asks() -> None:
    """Print how postings' soft-skill mentions are read, beside reading every asking section."""
    figures = soft_asks_figures()
    print(f"\nsoft skills asked in postings ({SOFT_ASKS.relative_to(REPO_DIR)}):")
    for reading, f in figures.items():
        print(
            f"  {reading:<15} precision {f['precision']:.3f} recall {f['recall']:.3f} "
            f"F1 {f['f1']:.3f} accuracy {f['accuracy']:.3f} "
            f"(tp {f['tp']} fp {f['fp']} fn {f['fn']} tn {f['tn']})"
        )


SOFT_SHOWN = REPO_DIR / "eval" / "soft_shown.jsonl"


def print_soft_shown(path: Path = SOFT_SHOWN, data: Path = DEFAULT_DATA) -> None:
    """Print how many hand-labelled resume demonstrations the rules still make, and how many of
    those show the skill (the labels judge matches of an earlier version of the rules)."""
    texts = {
        json.loads(line)["id"]: json.loads(line)["text"]
        for line in (data / "resumes_text" / "updated_resume_dataset_dedup.jsonl").open(
            encoding="utf-8"
        )
    }
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    reading = default_soft_reading()
    made = [
        r
        for r in rows
        if any(
            (m.start, m.end) == (r["start"], r["end"])
            for m in reading.demonstrations(texts[r["id"]], [r["skill"]]).get(r["skill"], ())
        )
    ]
    right = sum(r["shown"] for r in made)
    print(f"\nsoft skills shown in resumes ({path.relative_to(REPO_DIR)}):")
    print(
        f"  {len(made)} of {len(rows)} labelled demonstrations still made, "
        f"precision {right / len(made) if made else 0.0:.3f} ({right} show the skill)"
    )


def main(argv: list[str] | None = None) -> int:
    """Print official figures, then per-category precision/recall/F1 with the errors."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", default=str(EVAL_DIR / "dev_gold.jsonl"))
    ap.add_argument("--errors", type=int, default=15, help="errors listed per category (0: none)")
    ap.add_argument(
        "--no-ranking", dest="ranking", action="store_false", help="skip the ranking checks"
    )
    args = ap.parse_args(argv)
    score_py = EVAL_DIR / "score.py"
    if not score_py.exists():
        print(
            f"no scorer at {score_py}: the evaluation needs ../shared beside the repository",
            file=sys.stderr,
        )
        return 2
    matcher_cmd = f"{sys.executable} -m matcher.cli skills"
    official = subprocess.run(
        [sys.executable, str(score_py), "--gold", args.gold, "--matcher", matcher_cmd],
        capture_output=True,
        text=True,
        check=False,
    )
    if official.returncode != 0:
        print(official.stdout + official.stderr, file=sys.stderr)
        return official.returncode

    scorer = _load_scorer(score_py)
    with open(args.gold, encoding="utf-8") as fh:
        gold_rows = [json.loads(line) for line in fh if line.strip()]
    texts = scorer.texts_by_id()
    found = scorer.run_matcher(matcher_cmd, [(g["id"], texts[g["id"]]) for g in gold_rows])
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: dict[str, Counter[str]] = defaultdict(Counter)
    false_hits: dict[str, Counter[str]] = defaultdict(Counter)
    for g in gold_rows:
        tp, fp, fn = scorer.match_doc(g["skills"], found[g["id"]])
        for gs, _ in tp:
            counts[gs["category"]][0] += 1
        for f in fp:
            counts[f.get("category", "?")][1] += 1
            false_hits[f.get("category", "?")][
                f"{f['name']} {[m['text'] for m in f['mentions']][:2]}"
            ] += 1
        for gs in fn:
            counts[gs["category"]][2] += 1
            misses[gs["category"]][f"{gs['name']} {gs.get('surface', [])[:2]}"] += 1

    print(f"{'category':<10} {'prec':>6} {'recall':>6} {'F1':>6}   tp   fp   fn")
    for cat in sorted(counts, key=lambda c: -(counts[c][1] + counts[c][2])):
        tp, fp, fn = counts[cat]
        p, r, f = scorer.prf(tp, fp, fn)
        print(f"{cat:<10} {p:6.3f} {r:6.3f} {f:6.3f} {tp:4d} {fp:4d} {fn:4d}")
    if args.errors:
        for cat in sorted(set(misses) | set(false_hits)):
            print(f"\n## {cat}")
            for label, errs in (("miss", misses[cat]), ("false", false_hits[cat])):
                for item, n in errs.most_common(args.errors):
                    print(f"  {label:5} {n}x {item}")
    print("\nofficial (../shared/eval/score.py):")
    print(official.stdout.strip())
    for extra in sorted((REPO_DIR / "eval").glob("internal_gold*.jsonl")):
        print(f"\ncheck set eval/{extra.name}:")
        print(score_check_set(scorer, extra))
    print_gap_figures()
    print_soft_asks()
    print_soft_shown()
    if args.ranking:
        print_ranking_checks()
    return 0


if __name__ == "__main__":
    sys.exit(main())
