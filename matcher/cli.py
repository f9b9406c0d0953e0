"""The ``matcher`` command line: skills, match, rank, market, corpus build, vocab check and
import, model build."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matcher import cluster, corpus
from matcher.contextmodel import MODEL_PATH
from matcher.documents import expand_paths, read_document
from matcher.engine import Engine, RankedResume, get_engine
from matcher.errors import MatcherError
from matcher.finder import FoundSkill
from matcher.market import MARKET_PATH, load_figures, market_rows
from matcher.scoring import SkillVectorizer, load_idf
from matcher.vocab import CATEGORIES, GENERATED_DIR
from matcher.vocabcheck import COMMON_WORD_ZIPF, check_vocabulary

# How a skill no vocabulary holds, found from the words around it, is marked in tables.
FROM_CONTEXT = "found from context"


def _engine(args: argparse.Namespace) -> Engine:
    if args.vocab:
        return Engine.with_user_files(Path(v) for v in args.vocab)
    return get_engine()


def _print_table(rows: list[Sequence[object]], headers: Sequence[str]) -> None:
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for j, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if j == 0:
            print("  ".join("-" * w for w in widths))


def cmd_skills(args: argparse.Namespace) -> int:
    engine = _engine(args)
    files = expand_paths(args.files)
    status = 0
    for path in files:
        try:
            found = engine.skills(read_document(path), context=True)
        except MatcherError as exc:
            print(f"matcher: {path}: {exc}", file=sys.stderr)
            status = 1
            continue
        _emit_skills(path, found, args.json, several=len(files) > 1)
    return status


def _emit_skills(path: str, found: list[FoundSkill], as_json: bool, several: bool) -> None:
    skills = [f.to_dict() for f in found]
    if as_json:
        print(json.dumps({"file": path, "skills": skills} if several else {"skills": skills}))
        return
    if several:
        print(f"== {path}")
    rows = [(s["name"], s["category"], s["kind"], s["count"]) for s in skills]
    if any(s["from_context"] for s in skills):
        marks = [FROM_CONTEXT if s["from_context"] else "" for s in skills]
        _print_table(
            [(*row, mark) for row, mark in zip(rows, marks, strict=True)],
            ("skill", "category", "kind", "count", "how"),
        )
        return
    _print_table(rows, ("skill", "category", "kind", "count"))


def _print_report(report: dict) -> None:
    if report.get("roles"):
        titles = [r["title"] for r in report["roles"]]
        print(
            f"role {report['role']}: {titles[report['role']]} (the posting lists: "
            + "; ".join(f"{i} {t}" for i, t in enumerate(titles))
            + "; pick one with --role)"
        )
    print(f"score {report['score']:.1f} / 100   similarity {report['similarity']:.3f}")
    rows = [
        (
            r["status"],
            r["name"] + (f" ({FROM_CONTEXT})" if r.get("from_context") else ""),
            r["importance"],
            f"{r['share']:.0%}",
            r["posting_count"],
            r["resume_count"],
            f"implied by {r['implied_by']}"
            if r["implied_by"]
            else f"met by {r['met_by']}"
            if r.get("met_by")
            else "; ".join(r["reasons"]),
        )
        for key in ("missing", "partial", "matched")
        for r in report[key]
    ]
    print()
    _print_table(rows, ("status", "skill", "importance", "share", "posting", "resume", "why"))
    if report["knockouts"]:
        print("\nknockout lines:")
        for k in report["knockouts"]:
            print(f"  [{k['kind']}] {k['text']}")
    if report["extra"]:
        print("\nalso on the resume: " + ", ".join(e["name"] for e in report["extra"]))


def cmd_match(args: argparse.Namespace) -> int:
    engine = _engine(args)
    report = engine.match(
        read_document(args.resume), read_document(args.posting), role=args.role
    ).to_dict()
    if args.json:
        print(json.dumps(report))
    else:
        _print_report(report)
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    if args.scheduler:
        return _rank_on_cluster(args)
    engine = _engine(args)
    posting = read_document(args.posting)
    resumes, status = [], 0
    for path in expand_paths(args.resumes):
        try:
            resumes.append((path, read_document(path)))
        except MatcherError as exc:
            print(f"matcher: {path}: {exc}", file=sys.stderr)
            status = 1
    _print_ranking(args, engine.rank(posting, resumes))
    return status


def _rank_on_cluster(args: argparse.Namespace) -> int:
    """``matcher rank --scheduler``: the same ranking, messages and status, the work on Dask."""
    vocab = ()
    if args.vocab:
        _engine(args)  # the user's files are checked here, with the messages of a local run
        vocab = cluster.vocab_files(Path(v) for v in args.vocab)
    posting = read_document(args.posting)
    paths = expand_paths(args.resumes)
    unreadable = []

    def tell(path: str, message: str) -> None:
        print(f"matcher: {path}: {message}", file=sys.stderr)
        unreadable.append(path)

    with cluster.connect(args.scheduler) as client:
        ranked = cluster.rank(client, posting, paths, vocab, tell)
    _print_ranking(args, ranked)
    return 1 if unreadable else 0


def _print_ranking(args: argparse.Namespace, ranking: list[RankedResume]) -> None:
    ranked = [r.to_dict(i) for i, r in enumerate(ranking, 1)]
    if args.json:
        print(json.dumps({"posting": args.posting, "ranked": ranked}))
    else:
        _print_table(
            [
                (
                    r["rank"],
                    f"{r['score']:.1f}",
                    f"{r['similarity']:.3f}",
                    r["label"],
                    ", ".join(r["top_gaps"]),
                )
                for r in ranked
            ],
            ("rank", "score", "similarity", "resume", "top gaps"),
        )


def _existing(paths: list[Path], what: str, flag: str) -> list[Path]:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise MatcherError(
            f"{what} not found: {', '.join(missing)} (pass --data DIR or {flag} PATH)"
        )
    return paths


def cmd_corpus_build(args: argparse.Namespace) -> int:
    engine = _engine(args)
    data = Path(args.data)
    postings = _existing(
        [Path(p) for p in args.postings] if args.postings else corpus.default_posting_paths(data),
        "postings",
        "--postings",
    )
    resumes = _existing(
        [Path(p) for p in args.resumes] if args.resumes else corpus.default_resume_paths(data),
        "resumes",
        "--resumes",
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.scheduler:
        vocab = cluster.vocab_files(Path(v) for v in args.vocab or ())
        with cluster.connect(args.scheduler) as client:
            figures = cluster.build_idf(client, vocab, postings)
            _write_idf(out, figures)
            market = cluster.build_market(client, engine, vocab, figures, postings, resumes)
    else:
        figures = corpus.build_idf(engine.vocabulary, engine.finder, postings)
        _write_idf(out, figures)
        # The market figures weigh sections with the idf just built, so a rebuild is
        # self-consistent.
        vectorizer = SkillVectorizer(engine.vocabulary, load_idf(out / "idf.json"))
        market = corpus.build_market(
            engine.vocabulary, engine.finder, vectorizer, postings, resumes
        )
    corpus.write_json(out / "market.json", market)
    print(
        f"wrote {out / 'market.json'}: {market['n_postings']} postings, {market['n_resumes']} resumes",
        file=sys.stderr,
    )
    return 0


def _write_idf(out: Path, figures: dict[str, Any]) -> None:
    corpus.write_json(out / "idf.json", figures)
    print(
        f"wrote {out / 'idf.json'}: {figures['n_documents']} postings, "
        f"{len(figures['document_frequency'])} skills seen",
        file=sys.stderr,
    )


def cmd_market(args: argparse.Namespace) -> int:
    path = Path(args.figures)
    figures = load_figures(path)
    if figures is None:
        raise MatcherError(f"{path}: no market figures; build them with `matcher corpus build`")
    rows = market_rows(figures, args.category)
    if args.json:
        print(
            json.dumps(
                {
                    "n_postings": figures["n_postings"],
                    "n_resumes": figures["n_resumes"],
                    "sources": figures["sources"],
                    "skills": [r.to_dict() for r in rows],
                }
            )
        )
        return 0
    print(f"{figures['n_postings']} postings, {figures['n_resumes']} resumes")
    _print_table(
        [
            (r.name, r.category, f"{r.posting_share:.1%}", f"{r.resume_share:.1%}", r.advice)
            for r in rows[: args.limit]
        ],
        ("skill", "category", "postings", "resumes", "advice"),
    )
    return 0


def cmd_vocab_check(args: argparse.Namespace) -> int:
    engine = _engine(args)  # loading validates: a hard error stops here with its message
    path = Path(args.figures)
    market = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    findings = check_vocabulary(engine.vocabulary, market, args.zipf)
    if args.json:
        print(json.dumps([f.__dict__ for f in findings]))
    else:
        _print_table(
            [(f.check, f.skill, f.message) for f in findings], ("check", "skill", "finding")
        )
        counts = Counter(f.check for f in findings)
        summary = ", ".join(f"{n} {c}" for c, n in sorted(counts.items())) or "no findings"
        print(
            f"\n{len(engine.vocabulary)} skills, {len(engine.vocabulary.blockers)} blockers: {summary}"
        )
    return 1 if args.strict and findings else 0


def cmd_vocab_import(args: argparse.Namespace) -> int:
    from matcher import vocabimport

    data = Path(args.data)
    if not (data / "taxonomies").is_dir():
        raise MatcherError(f"{data}: no taxonomies/ folder here; pass --data with the shared data")
    layer = vocabimport.build_layer(data)
    for path in vocabimport.write_layer(layer, Path(args.out)):
        print(f"wrote {path}")
    counts = layer.counts()
    print(
        f"{len(layer.skills())} new skills ("
        + ", ".join(f"{n} {s}" for s, n in counts.items())
        + "; a skill named by several sources counts for each), "
        + ", ".join(
            f"{n} aliases of existing skills in {f}" for f, n in layer.alias_counts().items()
        )
    )
    return 0


def cmd_model_build(args: argparse.Namespace) -> int:
    from matcher import contextmodel
    from matcher.finder import default_finder

    data = Path(args.data)
    if not (data / "skillspan").is_dir():
        raise MatcherError(f"{data}: no skillspan/ folder here; pass --data with the shared data")
    eval_dir = Path(args.eval) if args.eval else None
    finder = default_finder()
    model = contextmodel.train(data, eval_dir, finder)
    out = Path(args.out)
    out.write_text(model.to_json(), encoding="utf-8")
    print(f"wrote {out}: {len(model.weights)} features, {model.meta['training_words']} words")
    if args.figures:
        print("\nstrict span figures on SkillSpan's test split (P / R / F1):")
        rows = [
            (f.layer, f.source, f.gold, f"{f.precision:.3f}", f"{f.recall:.3f}", f"{f.f1:.3f}")
            for f in contextmodel.figures(model, data, eval_dir, finder)
        ]
        _print_table(rows, ("layer", "source", "gold spans", "P", "R", "F1"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matcher", description="Match resumes against backend job postings by their skills."
    )
    parser.add_argument(
        "--vocab", action="append", metavar="FILE", help="an extra skills file (TOML); may repeat"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("skills", help="list the skills found in documents")
    p.add_argument("files", nargs="+", metavar="FILE", help="a document, a folder, or - for stdin")
    p.add_argument("--json", action="store_true", help="print JSON (one object per line per file)")
    p.set_defaults(func=cmd_skills)

    p = sub.add_parser("match", help="the gap report of one resume against one posting")
    p.add_argument("resume", metavar="RESUME")
    p.add_argument("posting", metavar="POSTING")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--role",
        metavar="TITLE|INDEX",
        help="for a posting that lists several roles, the role to report on "
        "(default: the engineering role that best fits the resume)",
    )
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("rank", help="rank resumes against one posting, best first")
    p.add_argument("posting", metavar="POSTING")
    p.add_argument("resumes", nargs="+", metavar="RESUME_OR_DIR")
    p.add_argument("--json", action="store_true", help="print the ranking as JSON")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the work on the Dask cluster of this scheduler (tcp://HOST:PORT); its "
        "workers read the files (those they do not find are read here and sent)",
    )
    p.set_defaults(func=cmd_rank)

    p = sub.add_parser("corpus", help="build the figures under vocab/ from real documents")
    csub = p.add_subparsers(dest="corpus_command", required=True)
    b = csub.add_parser("build", help="write idf.json and market.json from postings and resumes")
    b.add_argument("--data", default=str(corpus.DEFAULT_DATA), help="folder of the public data set")
    b.add_argument(
        "--postings", nargs="*", metavar="PATH", help="JSONL files or folders of postings"
    )
    b.add_argument(
        "--resumes", nargs="*", metavar="PATH", help="JSONL files, folders or files of resumes"
    )
    b.add_argument(
        "--out", default=str(corpus.REPO_DIR / "vocab"), help="where to write the figures"
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the work on the Dask cluster of this scheduler (tcp://HOST:PORT); "
        "its workers read the files, at the same paths",
    )
    b.set_defaults(func=cmd_corpus_build)

    p = sub.add_parser("market", help="demand in postings against mentions in resumes, per skill")
    p.add_argument("--category", choices=CATEGORIES, help="only skills of this category")
    p.add_argument("--figures", default=str(MARKET_PATH), help="market.json to read")
    p.add_argument("--limit", type=int, default=50, help="rows in the table (JSON has all)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_market)

    p = sub.add_parser("vocab", help="work with the skills vocabulary")
    vsub = p.add_subparsers(dest="vocab_command", required=True)
    c = vsub.add_parser("check", help="lint the vocabulary (and any --vocab files)")
    c.add_argument(
        "--figures", default=str(MARKET_PATH), help="market.json for the unseen-skill check"
    )
    c.add_argument("--zipf", type=float, default=COMMON_WORD_ZIPF, help="common-word threshold")
    c.add_argument("--strict", action="store_true", help="exit 1 when there is any finding")
    c.add_argument("--json", action="store_true", help="print JSON")
    c.set_defaults(func=cmd_vocab_check)
    i = vsub.add_parser(
        "import", help="rebuild the generated layer (vocab/generated/) from public taxonomies"
    )
    i.add_argument(
        "--data",
        default=str(corpus.DEFAULT_DATA),
        help="folder of the shared data (taxonomies/, onet_29_2/, ...)",
    )
    i.add_argument(
        "--out", default=str(GENERATED_DIR), help="where to write the generated skills files"
    )
    i.set_defaults(func=cmd_vocab_import)

    p = sub.add_parser("model", help="the context model that finds skills no vocabulary holds")
    msub = p.add_subparsers(dest="model_command", required=True)
    m = msub.add_parser(
        "build", help="train it on SkillSpan's train split and the check sets, print its figures"
    )
    m.add_argument("--data", default=str(corpus.DEFAULT_DATA), help="folder of the shared data")
    m.add_argument(
        "--eval",
        default=str(corpus.REPO_DIR / "eval"),
        help="folder of the trainable check sets (internal_gold*.jsonl); '' for none",
    )
    m.add_argument("--out", default=str(MODEL_PATH), help="where to write the model")
    m.add_argument(
        "--no-figures",
        dest="figures",
        action="store_false",
        help="skip the figures on SkillSpan's test split",
    )
    m.set_defaults(func=cmd_model_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except MatcherError as exc:
        print(f"matcher: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
