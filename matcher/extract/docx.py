"""DOCX text through python-docx: paragraphs and tables in document order, headers first."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Final

from matcher.errors import DocumentError, MatcherError, ParseLimitError

# A resume's document.xml is tens of kilobytes; these bounds leave room for large ones while
# refusing a zip bomb before a byte of it is inflated.
MAX_ENTRY_BYTES: Final = 64 * 1024 * 1024
MAX_TOTAL_BYTES: Final = 200 * 1024 * 1024
MAX_RATIO: Final = 200
MAX_ENTRIES: Final = 2000
# Small entries compress well without being hostile (an XML file of repeated tags).
_RATIO_FLOOR: Final = 1024 * 1024


def check_zip_limits(data: bytes, name: str = "the document") -> None:
    """Refuse a zip whose declared sizes or compression ratios point to a decompression bomb.

    Raises
    ------
    ParseLimitError
        An entry, or all of them together, would inflate beyond the limits.
    DocumentError
        The zip's directory cannot be read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError(f"{name} is a corrupt Word document ({exc}).") from exc
    if len(infos) > MAX_ENTRIES:
        raise ParseLimitError(
            f"{name} was stopped: it holds {len(infos)} parts, too many to parse."
        )
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        ratio = size / max(info.compress_size, 1)
        if size > MAX_ENTRY_BYTES or (size > _RATIO_FLOOR and ratio > MAX_RATIO):
            raise ParseLimitError(
                f"{name} was stopped: its part {info.filename} would inflate to {size:,} bytes "
                f"({ratio:,.0f}x), it needed too much memory to parse (a decompression bomb?)."
            )
    if total > MAX_TOTAL_BYTES:
        raise ParseLimitError(
            f"{name} was stopped: it would inflate to {total:,} bytes, too much memory to parse."
        )


def _paragraphs(container: object) -> Iterator[str]:
    # Imported here so that loading the engine does not pay for lxml and python-docx.
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _table(block)


def _table(table: object) -> Iterator[str]:
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell appears once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = "\n".join(t for t in _paragraphs(cell) if t.strip())
            if text:
                cells.append(text)
        if cells:
            yield " | ".join(cells)


def docx_text(data: bytes, name: str = "the document") -> str:
    """Return the text of a DOCX: header, body paragraphs and table rows in document order.

    Raises
    ------
    ParseLimitError
        The zip would inflate beyond the limits (checked before parsing).
    DocumentError
        The document is encrypted or corrupt.
    """
    check_zip_limits(data, name)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        seen_headers: set[int] = set()
        for section in document.sections:
            header = section.header
            if header.is_linked_to_previous or id(header._element) in seen_headers:
                continue
            seen_headers.add(id(header._element))
            lines.extend(_paragraphs(header))
        lines.extend(_paragraphs(document))
        return "\n".join(lines)
    except MatcherError:
        raise
    except MemoryError:
        raise
    # python-docx and lxml raise KeyError, ValueError, XMLSyntaxError and more on broken parts;
    # this adapter is where they become one clear error.
    except Exception as exc:
        raise DocumentError(
            f"{name} is a corrupt Word document ({exc.__class__.__name__})."
        ) from exc
