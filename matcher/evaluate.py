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
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType

from matcher.corpus import REPO_DIR

EVAL_DIR = REPO_DIR.parent / "shared" / "eval"


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    """Print official figures, then per-category precision/recall/F1 with the errors."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", default=str(EVAL_DIR / "dev_gold.jsonl"))
    ap.add_argument("--errors", type=int, default=15, help="errors listed per category (0: none)")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
