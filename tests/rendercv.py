"""The text a rendercv YAML source puts on the page: ground truth for the rendercv PDFs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

_MARKDOWN = re.compile(r"\*\*|\*|\[([^\]]*)\]\([^)]*\)")


def yaml_strings(node: object) -> Iterator[str]:
    """Every string in a parsed YAML tree, depth first."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from yaml_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from yaml_strings(value)


def page_text(yaml_path: Path) -> str:
    """The CV's strings, one per line, with the Markdown marks rendercv renders removed.

    Social networks are left out: the page shows them as icons and links, not as words.
    """
    cv = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))["cv"]
    cv = {k: v for k, v in cv.items() if k != "social_networks"}
    return _MARKDOWN.sub(lambda m: m.group(1) or "", "\n".join(yaml_strings(cv)))
