"""The ``matcher`` command line: skills, match, rank, market, corpus build and vocab check."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from matcher.errors import MatcherError
from matcher.extract import extract
from matcher.finder import FoundSkill, SkillFinder, default_finder
from matcher.vocab import load_vocabulary

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm", ".text"}


def read_document(path: str) -> str:
    """Return the extracted text of a file, or of standard input for ``-``."""
    if path == "-":
        return extract(sys.stdin.buffer.read(), "<stdin>")
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise MatcherError(f"{path}: cannot read the file ({exc.strerror})") from exc
    return extract(data, p.name)


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Expand directories into the documents they hold, in name order."""
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            out.extend(
                str(f) for f in sorted(p.iterdir()) if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
            )
        else:
            out.append(path)
    return out


def _finder(args: argparse.Namespace) -> SkillFinder:
    if args.vocab:
        return SkillFinder(load_vocabulary(user_files=[Path(v) for v in args.vocab]))
    return default_finder()


def _print_table(rows: list[Sequence[object]], headers: Sequence[str]) -> None:
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for j, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if j == 0:
            print("  ".join("-" * w for w in widths))


def cmd_skills(args: argparse.Namespace) -> int:
    finder = _finder(args)
    files = expand_paths(args.files)
    status = 0
    for path in files:
        try:
            found = finder.find(read_document(path))
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
    _print_table(
        [(s["name"], s["category"], s["kind"], s["count"]) for s in skills],
        ("skill", "category", "kind", "count"),
    )


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
