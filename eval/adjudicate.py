"""Adjudicate two independent annotations into gold, and say how far the annotators agree.

    python eval/adjudicate.py pairs A1.jsonl A2.jsonl OUT.jsonl    # requirement-level gold
    python eval/adjudicate.py skills A1.jsonl A2.jsonl OUT.jsonl   # skill-finding gold

The rule is the one of ``../shared/eval/pairs/GUIDELINE.md`` (section 4): an item both annotators
list (and, for requirements, judge the same) is gold; an item only one lists, or that they judge
differently, is kept marked ``optional`` and counts neither way. Two items are the same when a
key of one (name, surface forms, group members, normalised as the scorers normalise them) is a
key of the other. A requirement is "required" only when both say so.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def norm(s: str) -> str:
    """The scorers' normalisation: lower case, C++ and C# kept apart, separators dropped."""
    s = s.lower().strip().replace("c++", "c\u271a\u271a").replace("c#", "c\u266f")
    return re.sub(r"[\s._\-/]+", "", s)


def keys(item: dict, name_key: str) -> set[str]:
    out = {norm(item[name_key])}
    for key in ("surface", "group", "alt_names"):
        out |= {norm(x) for x in item.get(key) or [] if len(x) <= 60}
    return {k for k in out if k}


def pair_items(a: list[dict], b: list[dict], name_key: str) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of items by shared keys, exact names first."""
    ka = [keys(x, name_key) for x in a]
    kb = [keys(x, name_key) for x in b]
    matches, used_b = [], set()
    for exact in (True, False):
        for i, x in enumerate(a):
            if any(i == m[0] for m in matches):
                continue
            for j, y in enumerate(b):
                if j in used_b:
                    continue
                hit = norm(x[name_key]) == norm(y[name_key]) if exact else bool(ka[i] & kb[j])
                if hit:
                    matches.append((i, j))
                    used_b.add(j)
                    break
    return matches


def adjudicate_pairs(rows1: list[dict], rows2: list[dict]) -> tuple[list[dict], dict]:
    gold, listed, both_listed, same_verdict = [], [0, 0], 0, 0
    for r1, r2 in zip(rows1, rows2, strict=True):
        assert r1["pair"] == r2["pair"], (r1["pair"], r2["pair"])
        a, b = r1["requirements"], r2["requirements"]
        listed[0] += len(a)
        listed[1] += len(b)
        matches = pair_items(a, b, "skill")
        both_listed += len(matches)
        reqs = []
        for i, j in matches:
            x, y = a[i], b[j]
            agree = x["verdict"] == y["verdict"] and x.get("kind") == y.get("kind")
            same_verdict += agree
            req = {
                "skill": x["skill"],
                "surface": sorted(set(x.get("surface") or []) | set(y.get("surface") or [])),
                "group": sorted(set(x.get("group") or []) | set(y.get("group") or [])),
                "alt_names": [y["skill"]] if norm(y["skill"]) != norm(x["skill"]) else [],
                "level": "required" if x["level"] == y["level"] == "required" else "preferred",
                "kind": x.get("kind", "hard"),
                "verdict": x["verdict"],
                "resume_evidence": x.get("resume_evidence", ""),
            }
            if not agree:
                req["optional"] = True
                req["verdicts"] = [x["verdict"], y["verdict"]]
            reqs.append(req)
        only = [a[i] for i in range(len(a)) if i not in {m[0] for m in matches}]
        only += [b[j] for j in range(len(b)) if j not in {m[1] for m in matches}]
        reqs += [{**x, "optional": True} for x in only]
        knockouts = sorted(set(r1.get("knockouts") or []) | set(r2.get("knockouts") or []))
        gold.append({"pair": r1["pair"], "requirements": reqs, "knockouts": knockouts})
    p, r = both_listed / max(listed[0], 1), both_listed / max(listed[1], 1)
    stats = {
        "annotator_1": listed[0],
        "annotator_2": listed[1],
        "both": both_listed,
        "listing_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "verdict_agreement": round(same_verdict / max(both_listed, 1), 3),
    }
    return gold, stats


def adjudicate_skills(rows1: list[dict], rows2: list[dict]) -> tuple[list[dict], dict]:
    gold, counts = [], {"hard": [0, 0, 0], "soft": [0, 0, 0]}  # both, only 1, only 2
    for d1, d2 in zip(rows1, rows2, strict=True):
        assert d1["id"] == d2["id"], (d1["id"], d2["id"])
        a, b = d1["skills"], d2["skills"]
        matches = pair_items(a, b, "name")
        skills = []
        for i, j in matches:
            x, y = a[i], b[j]
            skill = {
                **x,
                "surface": sorted(set(x.get("surface") or []) | set(y.get("surface") or [])),
            }
            if x.get("optional") or y.get("optional") or x.get("kind") != y.get("kind"):
                skill["optional"] = True
            else:
                skill.pop("optional", None)
                counts[x.get("kind", "hard")][0] += 1
            skills.append(skill)
        for side, items, taken in (
            (1, a, {m[0] for m in matches}),
            (2, b, {m[1] for m in matches}),
        ):
            for k, x in enumerate(items):
                if k not in taken:
                    if not x.get("optional"):
                        counts[x.get("kind", "hard")][side] += 1
                    skills.append({**x, "optional": True})
        gold.append({"id": d1["id"], "kind": d1["kind"], "skills": skills})
    stats = {}
    for kind, (both, one, two) in counts.items():
        p, r = both / max(both + one, 1), both / max(both + two, 1)
        stats[f"{kind}_f1_between_annotators"] = round(2 * p * r / (p + r), 3) if p + r else 0.0
        stats[f"{kind}_gold"] = both
    return gold, stats


def _read(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def main(argv: list[str]) -> int:
    what, a1, a2, out = argv[1:5]
    run = adjudicate_pairs if what == "pairs" else adjudicate_skills
    gold, stats = run(_read(a1), _read(a2))
    Path(out).write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
