"""Documents named on the command line: files, folders of files, or ``-`` for standard input.

Shared by the command line and by the Dask workers that read a ranking's files
(:mod:`matcher.cluster`), so that both read a file the same way and report it the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from matcher.errors import MatcherError
from matcher.extract import extract

DOCUMENT_SUFFIXES = {
    ".pdf",
    ".docx",
    ".txt",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".text",
    ".tex",
    ".json",
    ".yaml",
    ".yml",
}


def read_document(path: str, cwd: str | None = None) -> str:
    """Return the extracted text of a file, or of standard input for ``-``.

    Parameters
    ----------
    path:
        The path as the user gave it; messages name it so.
    cwd:
        The folder a relative ``path`` is relative to, when it is not this process's own
        (a Dask worker reading the files of a client started elsewhere).

    Raises
    ------
    MatcherError
        The file cannot be read, or its content cannot be extracted.
    """
    if path == "-":
        return extract(sys.stdin.buffer.read(), "<stdin>")
    p = Path(path)
    try:
        data = (Path(cwd) / p if cwd else p).read_bytes()
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
                str(f)
                for f in sorted(p.iterdir())
                if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
            )
        else:
            out.append(path)
    return out
