"""HTML through BeautifulSoup and Markdown through markdown-it-py, both to plain lines.

Markdown kept in a static site (Jekyll and its kin) opens with a YAML front matter block and
holds Liquid tags (``{% include apply.html %}``, ``{{ page.title }}``): both are the site's
machinery, not the document's words, and are removed before the Markdown is read; a front
matter ``title`` stays as the first line.
"""

from __future__ import annotations

import re
from typing import Final

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdown_it import MarkdownIt

from matcher.extract.structured import front_matter

_DROP: Final = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
_BLOCKS: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "title",
    ]
)
_CELLS: Final = frozenset(("td", "th"))
_MD: Final = MarkdownIt("commonmark").enable("table")
_SPACES_RE: Final = re.compile(r"[ \t\r\n]+")
# Each block element opens and closes a line; the empty lines between them carry nothing.
_BREAKS_RE: Final = re.compile(r"[ \t]*\n[ \t\n]*")


def html_text(html: str) -> str:
    """Return the visible text of an HTML document, one line per block element."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    parts: list[str] = []
    _walk(soup, parts)
    return _BREAKS_RE.sub("\n", "".join(parts))


def _walk(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if isinstance(child, Comment):
                continue
            parts.append(_SPACES_RE.sub(" ", str(child)))
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name == "pre":
                parts.append("\n" + child.get_text() + "\n")
                continue
            block = name in _BLOCKS
            if block:
                parts.append("\n")
            if name == "li":
                parts.append("- ")
            _walk(child, parts)
            if name in _CELLS:
                parts.append(" | ")
            elif block:
                parts.append("\n")


# Liquid tags and output; each is short, and the bound keeps an unclosed "{%" from costing a
# scan to the end of the text.
# A tag alone on its line goes with its line, so that it leaves no blank line inside a list.
_LIQUID_RE: Final = re.compile(
    r"^[ \t]*\{%.{0,2000}?%\}[ \t]*(?:\n|\Z)|\{%.{0,2000}?%\}|\{\{.{0,2000}?\}\}", re.S | re.M
)
_LIQUID_COMMENT_RE: Final = re.compile(
    r"^[ \t]*\{%-?\s*(comment|raw)\s*-?%\}|\{%-?\s*(comment|raw)\s*-?%\}", re.M
)
_LIQUID_END_RE: Final = {
    "comment": re.compile(r"\{%-?\s*endcomment\s*-?%\}"),
    "raw": re.compile(r"\{%-?\s*endraw\s*-?%\}"),
}


def _strip_liquid(text: str) -> str:
    """Remove Liquid tags, output and comment blocks; the text of a raw block is kept."""
    if "{%" not in text and "{{" not in text:
        return text
    pieces: list[str] = []
    pos = 0
    while (opening := _LIQUID_COMMENT_RE.search(text, pos)) is not None:
        kind = opening.group(1) or opening.group(2)
        closing = _LIQUID_END_RE[kind].search(text, opening.end())
        if closing is None:
            break
        pieces.append(_LIQUID_RE.sub("", text[pos : opening.start()]))
        if kind == "raw":
            pieces.append(text[opening.end() : closing.start()])
        pos = closing.end()
        if opening.group(1) and text.startswith("\n", pos):  # a block of whole lines
            pos += 1
    pieces.append(_LIQUID_RE.sub("", text[pos:]))
    return "".join(pieces)


def markdown_text(markdown: str) -> str:
    """Return the text of a Markdown document: headings as lines, inline markup removed.

    A YAML front matter block and Liquid tags are removed first; the front matter's ``title``,
    if any, is the first line.
    """
    meta, body = front_matter(markdown)
    text = html_text(_MD.render(_strip_liquid(body)))
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return f"{title.strip()}\n{text}"
    return text
