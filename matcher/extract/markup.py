"""HTML through BeautifulSoup and Markdown through markdown-it-py, both to plain lines."""

from __future__ import annotations

import re
from typing import Final

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdown_it import MarkdownIt

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


def markdown_text(markdown: str) -> str:
    """Return the text of a Markdown document: headings as lines, inline markup removed."""
    return html_text(_MD.render(markdown))
