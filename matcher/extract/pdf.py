"""PDF text through pdfminer.six's layout analysis, with two-column pages read column by column."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTContainer, LTItem, LTPage, LTText, LTTextBox
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from matcher.errors import DocumentError, MatcherError

log = logging.getLogger(__name__)

# pdfminer's defaults, measured on the resumes in ../shared/data/resumes_pdf: boxes_flow=0.5 keeps
# Deedy's columns apart; the column pass below handles pages (AltaCV) where it does not.
LAPARAMS: Final = LAParams(line_margin=0.5, char_margin=2.0, word_margin=0.1, boxes_flow=0.5)

# A page is read as two columns when a vertical line in its middle half crosses at most this share
# of its text and each side holds at least _MIN_SIDE of it. One-column resumes with right-aligned
# dates fail the first test (their body text spans the middle) or the second (dates are short).
_MAX_CROSSING: Final = 0.2
_MIN_SIDE: Final = 0.2
_STEPS: Final = 60


@dataclass(frozen=True, slots=True)
class _Block:
    x0: float
    x1: float
    top: float
    text: str


def _text_of(item: LTItem) -> str:
    if isinstance(item, LTText):
        return item.get_text()
    if isinstance(item, LTContainer):
        return "".join(_text_of(child) for child in item)
    return ""


def _blocks(page: LTPage) -> list[_Block]:
    blocks: list[_Block] = []
    for item in page:
        text = _text_of(item)
        if not text.strip():
            continue
        if not isinstance(item, LTTextBox | LTChar):
            text = text + "\n"
        blocks.append(_Block(item.x0, item.x1, item.y1, text))
    return blocks


def _weight(block: _Block) -> int:
    return len(block.text.strip())


def _gutter(blocks: list[_Block], width: float) -> float | None:
    """The x of the gap between two columns, or None for a one-column page."""
    total = sum(_weight(b) for b in blocks)
    if total == 0 or width <= 0:
        return None
    best: tuple[float, float, float] | None = None  # (crossing, -balance, x)
    for step in range(_STEPS + 1):
        x = width * (0.25 + 0.5 * step / _STEPS)
        crossing = left = right = 0
        for b in blocks:
            w = _weight(b)
            if b.x1 <= x:
                left += w
            elif b.x0 >= x:
                right += w
            else:
                crossing += w
        if min(left, right) < _MIN_SIDE * total:
            continue
        key = (crossing, -min(left, right), x)
        if best is None or key < best:
            best = key
    if best is None or best[0] > _MAX_CROSSING * total:
        return None
    return best[2]


def _column_order(blocks: list[_Block], width: float) -> list[_Block]:
    gutter = _gutter(blocks, width)
    if gutter is None:
        return blocks
    spanning = sorted((b.top for b in blocks if b.x0 < gutter < b.x1), reverse=True)

    def key(b: _Block) -> tuple[int, int, float]:
        above = sum(1 for top in spanning if top > b.top)
        if b.x0 < gutter < b.x1:
            # A full-width block (a heading over both columns) opens a new band.
            return (above + 1, 0, -b.top)
        return (above, 1 if b.x1 <= gutter else 2, -b.top)

    return sorted(blocks, key=key)


def _pages(data: bytes) -> Iterator[LTPage]:
    return extract_pages(io.BytesIO(data), laparams=LAPARAMS)


def _join(pages: Iterable[LTPage]) -> str:
    parts: list[str] = []
    for page in pages:
        parts.extend(b.text for b in _column_order(_blocks(page), page.width))
        parts.append("\f")
    # pdfminer ends lines with "\n"; a "\r" comes from a glyph map, e.g. Word for Mac writes each
    # space as "\t\r\u00a0", and each hyphen as "-", a soft hyphen and U+2010.
    return "".join(parts).replace("\r", " ").replace("-\u00ad\u2010", "-")


def pdf_text(data: bytes, name: str = "the PDF") -> str:
    """Return the raw text of a PDF, page by page, two-column pages column by column.

    Raises
    ------
    DocumentError
        The PDF is encrypted with a password, or pdfminer cannot parse it.
    """
    try:
        return _join(_pages(data))
    except MatcherError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError(
            f"{name} is encrypted/password-protected: remove the password and upload it again."
        ) from exc
    except RecursionError as exc:
        raise DocumentError(f"{name} is corrupt: its objects refer to themselves.") from exc
    except MemoryError:
        raise
    # pdfminer raises plain KeyError, TypeError, AssertionError, ValueError, PSException and more on
    # malformed files by design; this adapter is where they become one clear error.
    # The user sees the app's words; pdfminer's exception class only helps whoever reads the log.
    except Exception as exc:
        log.info("pdfminer could not parse %s: %s: %s", name, type(exc).__name__, exc)
        raise DocumentError(
            f"{name} is corrupt or not a PDF we can read: it may be truncated or damaged; "
            "export or save it as PDF again and upload the new file."
        ) from exc
