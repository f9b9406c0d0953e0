"""Repair of extracted or pasted text: mojibake, ligatures, odd spaces, bullets, hyphenation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import UTF8_DETECTOR_RE

# Only the encoding repair: quotes, widths and normal forms are left as the author wrote them, and
# HTML entities are the HTML adapter's job.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
)

# A quick pre-filter so that text without any Latin-1/CP1252 look-alike pays nothing for ftfy.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00c3\u00e2\u00c5\u00ce\u00cf\u00d0\u00d1\u00e0-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_SPACES = [0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000, 0x09, 0x0B]
_DELETE = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, *range(0x00, 0x09), 0x0E, 0x0F]
_DELETE += [*range(0x10, 0x20), 0x7F, *range(0x80, 0xA0)]
_BULLETS = "•▪●◦■□▫◾◽►▸▹‣⁃∙➢➤❖\u2043"
# Word writes its list bullets in the Symbol and Wingdings fonts, whose glyphs sit in the Private
# Use Area; these few are bullets, the rest of the area is icon fonts (Font Awesome and the like)
# whose glyphs carry no words.
_PUA_BULLETS = [0xF0B7, 0xF0A7, 0xF0D8, 0xF076, 0xF0FC, 0xF0A8]

_TABLE: dict[int, str | None] = {c: None for c in range(0xE000, 0xF900)}
_TABLE.update({ord(k): v for k, v in _LIGATURES.items()})
_TABLE.update(dict.fromkeys(_SPACES, " "))
_TABLE.update(dict.fromkeys(_DELETE, None))
_TABLE.update(dict.fromkeys(map(ord, _BULLETS), "•"))
_TABLE.update(dict.fromkeys(_PUA_BULLETS, "•"))
_TABLE.update({ord("\r"): "\n", ord("\f"): "\n\n", 0x2028: "\n", 0x2029: "\n\n"})


def _character_class(code_points: Iterable[int]) -> str:
    """A regex character class matching exactly these code points, written as ranges."""
    ranges: list[list[int]] = []
    for c in sorted(code_points):
        if ranges and c == ranges[-1][1] + 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    parts = (
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return "[" + "".join(parts) + "]"


# str.translate looks up every character of a non-ASCII text in the table; a regex finds the
# few characters the table changes much faster, and the same replacements are made.
_TRANSLATED_RE = re.compile(_character_class(_TABLE))
_REPLACEMENTS = {chr(c): v or "" for c, v in _TABLE.items()}


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``."""
    return _TRANSLATED_RE.sub(lambda m: _REPLACEMENTS[m.group()], text)


# pdfminer writes glyphs without a Unicode mapping as "(cid:123)".
_CID_RE = re.compile(r"\(cid:\d+\)")
_HSPACE_RE = re.compile(r" {2,}")
_TRAILING_RE = re.compile(r" +\n")
_LEADING_RE = re.compile(r"\n +")
_EMPTY_ITEM_RE = re.compile(r"^- *$\n?", re.MULTILINE)
_BLANKS_RE = re.compile(r"\n{3,}")
_HYPHEN_BREAK_RE = re.compile(r"\b([^\W\d_]*[a-z])-\n([a-z]+)\b")
_HYPHEN_BREAK_HINT = re.compile(r"[a-z]-\n[a-z]")

# Second halves that make a real compound after a hyphen ("event-driven", "cross-functional" has
# its own prefix below); a word split by a line break is joined unless one of these lists says
# the hyphen was meant.
_COMPOUND_TAILS = frozenset(
    [
        "based",
        "driven",
        "oriented",
        "facing",
        "level",
        "end",
        "ends",
        "side",
        "scale",
        "source",
        "time",
        "times",
        "term",
        "like",
        "free",
        "first",
        "aware",
        "native",
        "specific",
        "related",
        "centric",
        "ready",
        "friendly",
        "focused",
        "intensive",
        "critical",
        "managed",
        "hosted",
        "made",
        "minded",
        "tier",
        "stack",
        "known",
        "specified",
        "defined",
        "grade",
        "class",
        "house",
        "up",
        "down",
        "out",
        "in",
        "on",
        "off",
        "to",
        "of",
        "by",
        "over",
        "the",
        "and",
        "or",
    ]
)
_COMPOUND_HEADS = frozenset(
    [
        "self",
        "cross",
        "well",
        "full",
        "high",
        "low",
        "non",
        "long",
        "short",
        "real",
        "cloud",
        "hands",
        "state",
        "world",
    ]
)


# Mojibake runs this short are remembered once repaired: a text repeats the same few ("â€¢"
# for every bullet, "â€™" for every apostrophe), and so do texts from one source.
_RUN_CACHE_CHARS = 12


@lru_cache(maxsize=2048)
def _repair_short_run(run: str) -> str:
    return ftfy.fix_encoding(run) if is_bad(run) else run


def _decode_inconsistent_utf8(text: str) -> str:
    """ftfy.fixes.decode_inconsistent_utf8, repairing each distinct short run once.

    The same arithmetic: a run of UTF-8 read as another encoding, shorter than the whole
    text, is repaired by ftfy.fix_encoding when ftfy's badness check flags it.
    """

    def repair(run: str) -> str:
        if len(run) >= len(text):
            return run
        if len(run) <= _RUN_CACHE_CHARS:
            return _repair_short_run(run)
        return ftfy.fix_encoding(run) if is_bad(run) else run

    pieces: list[str] = []
    done = 0  # text before this offset is in pieces
    for run in _utf8_runs(text):
        pieces += (text[done : run.start()], repair(run.group()))
        done = run.end()
    pieces.append(text[done:])
    return "".join(pieces)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _utf8_runs(text: str) -> Iterator[re.Match[str]]:
    """``UTF8_DETECTOR_RE.finditer(text)``, trying the detector only where a run can start.

    Every run starts with a non-ASCII letter, and most text is ASCII: the detector (slow, it
    checks a look-behind at every offset) is matched at each non-ASCII character in turn, and
    over the rest of the text at once when they are many.
    """
    match = UTF8_DETECTOR_RE.match
    budget = 64 + len(text) // 32  # single tries before scanning the rest is cheaper
    pos = 0
    while (candidate := _NON_ASCII.search(text, pos)) is not None:
        if budget == 0:
            yield from UTF8_DETECTOR_RE.finditer(text, candidate.start())
            return
        budget -= 1
        run = match(text, candidate.start())
        if run is None:
            pos = candidate.start() + 1
        else:
            yield run
            pos = run.end()


def _fix_mojibake(text: str) -> str:
    if not _MOJIBAKE_HINT.search(text):
        return text
    # The common case, UTF-8 read as CP1252 ("â€¢", "Ã©"), is repaired run by run in one regex
    # pass; ftfy's full (and slower) repair is kept for lines that still look wrong after it.
    text = _decode_inconsistent_utf8(text)
    # Only lines that still show the hint are repaired below: without one, nothing is left.
    if not _MOJIBAKE_HINT.search(text) or not is_bad(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line) and is_bad(line):
            lines[i] = ftfy.fix_text(line, _FTFY_CONFIG)
    return "\n".join(lines)


# A joined word this common is a word (Zipf 2 is about once per 10 million words): "kubernetes"
# 2.25, "microservices" 2.26 and "database" 4.31 pass; "oncall" 1.4, "multitenant" 1.0 and
# "incidentresponse" 0 do not.
_JOINED_ZIPF = 2.0


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    """How common an English word is (wordfreq's Zipf scale, 0 for a word it has never seen)."""
    # Imported here: the word list costs about 0.3 s to load, and most texts never ask.
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def load_word_list() -> None:
    """Load the word list the hyphenation repair consults, so that no document waits for it."""
    _zipf("word")


def _hyphen_meant(head: str, tail: str) -> bool:
    """Whether "head-" at a line end and "tail" on the next line are a hyphenated compound.

    The break split a word when the joined word is a common word ("implemen-tation",
    "data-base", "Kuber-netes") or when a half is no word on its own ("Kusto-mize"); two words
    whose join is rare or no word ("incident-response", "on-call") keep their hyphen.
    """
    if _zipf(head + tail) >= _JOINED_ZIPF:
        return False
    return bool(_zipf(head) and _zipf(tail))


def _dehyphenate(text: str) -> str:
    # Every join needs a lower-case letter on both sides of the break; most texts have none.
    if "-\n" not in text or not _HYPHEN_BREAK_HINT.search(text):
        return text

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if (
            tail.lower() in _COMPOUND_TAILS
            or head.lower() in _COMPOUND_HEADS
            or f"{head}-{tail}" in text
            or _hyphen_meant(head.lower(), tail.lower())
        ):
            return f"{head}-{tail}"
        return head + tail

    return _HYPHEN_BREAK_RE.sub(join, text)


# Headings some resume templates space out letter by letter ("S K I L L S", "W O R K  E X P E R
# I E N C E"): at least four capitals, each alone between single spaces, words apart by two or
# more. Fewer letters, lower case or other characters between them ("A B testing", "C, C++")
# are left as written.
_SPACED_WORD = r"(?:[A-Z] ){3,}[A-Z]"
_LETTER_SPACED_RE = re.compile(rf"(?<!\S){_SPACED_WORD}(?: {{2,}}(?:[A-Z] )+[A-Z])*(?![^\s:.,;|])")
_LETTER_SPACED_HINT = re.compile(r"[A-Z] [A-Z] [A-Z] [A-Z]")


def _join_letter_spacing(text: str) -> str:
    if not _LETTER_SPACED_HINT.search(text):
        return text
    return _LETTER_SPACED_RE.sub(
        lambda m: " ".join(word.replace(" ", "") for word in re.split(" {2,}", m.group())), text
    )


def clean_text(text: str) -> str:
    """Repair the text of a document or a paste so that words read as the author wrote them.

    Parameters
    ----------
    text:
        Text extracted from a document or pasted by a user.

    Returns
    -------
    str
        The same words with mojibake repaired ("â€¢" becomes "•"), ligatures expanded, soft
        hyphens, zero-width and control characters and icon-font glyphs removed, odd spaces made
        plain, bullets turned into "- " items, words split by a hyphen at a line end joined, line
        ends normalised, runs of spaces and of blank lines collapsed and lines stripped. Words
        split by a line-end hyphen are joined only where the joined word is a word, and headings
        spaced out letter by letter ("S K I L L S") are written as words.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n")
    # Soft hyphens are removed by the table; one at a line end also marks a split word.
    text = text.replace("\u00ad\n", "")
    text = _fix_mojibake(text)
    text = _translate(text)
    if "(cid:" in text:
        text = _CID_RE.sub("", text)
    text = _join_letter_spacing(text)
    # Each pass below runs only when the text holds what it would change.
    if "  " in text:
        text = _HSPACE_RE.sub(" ", text)
    if "\n " in text:
        text = _LEADING_RE.sub("\n", text)
    if "•" in text:
        # A bullet either opens a line or separates items inside one ("Java • Shell"): both
        # become "- " items on lines of their own.
        text = text.replace("\n•", "•").replace("•", "\n- ").replace("-  ", "- ")
    if " \n" in text:
        text = _TRAILING_RE.sub("\n", text)
    text = _dehyphenate(text)
    if text.startswith("-") or "\n-" in text:
        text = _EMPTY_ITEM_RE.sub("", text)
    if "\n\n\n" in text:
        text = _BLANKS_RE.sub("\n\n", text)
    return text.strip()
