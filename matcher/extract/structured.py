"""Resumes kept as data: JSON Resume (resume.json, and its job schema) and RenderCV YAML.

Each is read into the lines a rendered page shows, in reading order: the section headings, then
each entry's fields in the order the author wrote them. Contact details, links, dates and
settings (RenderCV's ``design``, ``locale``) are not text to match and are left out. Both formats
are plain data, so the parsers are bounded: YAML aliases (which expand like a decompression bomb:
"billion laughs") are counted as they are read, and the walk over the data stops after a fixed
number of values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

import yaml

from matcher.errors import DocumentError, UnsupportedTypeError

# A RenderCV file uses no aliases at all; a front matter block a few. Billion laughs needs dozens.
MAX_YAML_ALIASES: Final = 64
# Values visited while reading a document; real resumes hold a few hundred.
MAX_VALUES: Final = 50_000


class MalformedYamlError(DocumentError):
    """Text that is not valid YAML."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader (plain data only) that refuses more than MAX_YAML_ALIASES aliases."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise DocumentError(
                    f"it repeats more than {MAX_YAML_ALIASES} YAML aliases, the way a "
                    "decompression bomb does"
                )
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """Parse YAML as plain data (``yaml.safe_load``), refusing alias bombs and deep nesting.

    Raises
    ------
    MalformedYamlError
        Text that is not valid YAML.
    DocumentError
        Too many aliases or nesting too deep to follow. Each message says which and is meant to
        follow "the file is not readable:".
    """
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "it is not valid YAML"
        raise MalformedYamlError(f"it is not valid YAML: {problem}{where}") from None
    except RecursionError:
        raise DocumentError("it nests its values too deeply") from None
    finally:
        loader.dispose()


def _unreadable(name: str, exc: DocumentError) -> DocumentError:
    return DocumentError(f"{name} is not readable: {exc}.")


# -- walking the data -------------------------------------------------------------------------


class _Budget:
    """Counts the values a walk visits and stops it past MAX_VALUES."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.left = MAX_VALUES

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise DocumentError(
                f"{self.name} holds more than {MAX_VALUES:,} values, more than a resume or a "
                "posting does."
            )


def _text(value: Any, budget: _Budget) -> str:
    """A scalar as text: strings and numbers; anything else is not text."""
    budget.spend()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _items(value: Any, budget: _Budget) -> list[str]:
    """A list of texts (a scalar counts as a list of one)."""
    if isinstance(value, list):
        return [t for v in value if (t := _text(v, budget))]
    return [t] if (t := _text(value, budget)) else []


def _strings(node: Any, budget: _Budget) -> Iterator[str]:
    """Every text in a tree of lists and mappings, in order."""
    budget.spend()
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value, budget)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, budget)
    elif text := _text(node, budget):
        yield text


def _joined(parts: Iterable[str], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


# -- JSON Resume ------------------------------------------------------------------------------

# Section key -> (heading, fields in reading order). A field is printed as a line; a field in
# _LISTS as one "- " item per element; "keywords" and "courses" as one comma-separated line.
_RESUME_SECTIONS: Final = (
    ("work", "Work Experience", ("position", "name", "location", "description", "summary")),
    ("volunteer", "Volunteer", ("position", "organization", "summary")),
    ("education", "Education", ("studyType", "area", "institution", "score", "courses")),
    ("projects", "Projects", ("name", "entity", "type", "description", "roles", "keywords")),
    ("awards", "Awards", ("title", "awarder", "summary")),
    ("certificates", "Certificates", ("name", "issuer")),
    ("publications", "Publications", ("name", "publisher", "summary")),
    ("skills", "Skills", ()),
    ("languages", "Languages", ()),
    ("interests", "Interests", ()),
    ("references", "References", ("reference",)),
)
_LISTS: Final = ("highlights",)
_RESUME_KEYS: Final = frozenset(["basics"] + [key for key, _, _ in _RESUME_SECTIONS])
_JOB_KEYS: Final = frozenset(["description", "responsibilities", "qualifications", "skills"])


def _named_keywords(entry: dict[str, Any], budget: _Budget) -> str:
    """ "Web Development: HTML, CSS" from {"name": ..., "keywords": [...]}."""
    name = _text(entry.get("name"), budget)
    keywords = _joined(_items(entry.get("keywords"), budget))
    return f"{name}: {keywords}" if name and keywords else name or keywords


def _entry_lines(section: str, fields: tuple[str, ...], entry: Any, budget: _Budget) -> list[str]:
    if not isinstance(entry, dict):
        return _items(entry, budget)
    if section in ("skills", "interests"):
        return [line] if (line := _named_keywords(entry, budget)) else []
    if section == "languages":
        language, fluency = (
            _text(entry.get("language"), budget),
            _text(entry.get("fluency"), budget),
        )
        return [f"{language} ({fluency})" if language and fluency else language or fluency]
    lines = []
    for field in fields:
        value = entry.get(field)
        if isinstance(value, list):
            lines.append(_joined(_items(value, budget)))
        else:
            lines.append(_text(value, budget))
    for field in _LISTS:
        lines += [f"- {item}" for item in _items(entry.get(field), budget)]
    return [line for line in lines if line]


def _resume_lines(doc: dict[str, Any], budget: _Budget) -> Iterator[str]:
    basics = doc.get("basics")
    if isinstance(basics, dict):
        for field in ("name", "label"):
            if text := _text(basics.get(field), budget):
                yield text
        location = basics.get("location")
        if isinstance(location, dict):
            place = _joined(_text(location.get(k), budget) for k in ("city", "region"))
            if place:
                yield place
        if summary := _text(basics.get("summary"), budget):
            yield ""
            yield summary
    for key, heading, fields in _RESUME_SECTIONS:
        entries = doc.get(key)
        if not isinstance(entries, list) or not entries:
            continue
        yield ""
        yield heading
        for entry in entries:
            yield from _entry_lines(key, fields, entry, budget)


def _job_lines(doc: dict[str, Any], budget: _Budget) -> Iterator[str]:
    for field in ("title", "company"):
        if text := _text(doc.get(field), budget):
            yield text
    location = doc.get("location")
    if isinstance(location, dict):
        location = _joined(_text(location.get(k), budget) for k in ("city", "region"))
    where = _joined([_text(location, budget), _text(doc.get("remote"), budget)])
    if where:
        yield where
    for field, label in (("type", "Type"), ("experience", "Experience")):
        if text := _text(doc.get(field), budget):
            yield f"{label}: {text}"
    if text := _text(doc.get("description"), budget):
        yield ""
        yield text
    for field, heading in (
        ("responsibilities", "Responsibilities"),
        ("qualifications", "Qualifications"),
    ):
        items = _items(doc.get(field), budget)
        if items:
            yield ""
            yield heading
            yield from (f"- {item}" for item in items)
    skills = doc.get("skills")
    if isinstance(skills, list) and skills:
        yield ""
        yield "Skills"
        for entry in skills:
            if isinstance(entry, dict):
                yield f"- {_named_keywords(entry, budget)}"
            elif text := _text(entry, budget):
                yield f"- {text}"


def json_resume_text(text: str, name: str) -> str:
    """Return the text of a JSON Resume (``resume.json``) or of a posting in its job schema.

    Parameters
    ----------
    text:
        The file's decoded text.
    name:
        The file's name, for messages.

    Returns
    -------
    str
        Headings and the fields of each entry, one per line, in reading order.

    Raises
    ------
    DocumentError
        The file is not valid JSON, or it nests too deeply or holds too many values.
    UnsupportedTypeError
        Valid JSON that is neither a JSON Resume nor a job in its schema.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"{name} is not readable: it is not valid JSON ({exc.msg}, line {exc.lineno}, "
            f"column {exc.colno})."
        ) from None
    except RecursionError:
        raise DocumentError(f"{name} is not readable: it nests its values too deeply.") from None
    budget = _Budget(name)
    if isinstance(doc, dict) and doc.keys() & _RESUME_KEYS - {"skills"}:
        return "\n".join(_resume_lines(doc, budget))
    if isinstance(doc, dict) and "title" in doc and doc.keys() & _JOB_KEYS:
        return "\n".join(_job_lines(doc, budget))
    raise UnsupportedTypeError(
        f"{name} holds JSON, but not a JSON Resume (with 'basics', 'work', 'education'...) "
        "nor a job posting in its schema (with 'title' and 'description'), which are the JSON "
        "documents we read."
    )


# -- RenderCV ---------------------------------------------------------------------------------

# The Markdown RenderCV renders in its fields: bold, italic, code and links.
_MARKDOWN_RE: Final = re.compile(
    r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`|\[([^\]]*)\]\([^)]*\)"
)
# Header fields that are contact details, shown as icons and links: not text to match.
_RENDERCV_HEADER: Final = ("name", "headline", "location")
# Entry fields that are not text on the page, or not words (dates, links, identifiers).
_RENDERCV_SKIPPED: Final = frozenset(["date", "start_date", "end_date", "url", "doi", "photo"])


def _plain(markdown: str) -> str:
    return _MARKDOWN_RE.sub(lambda m: m.group(1) or "", markdown)


def _section_title(key: str) -> str:
    # RenderCV writes a snake_case key as words with capitals ("selected_honors").
    return key.replace("_", " ").title() if key.islower() or "_" in key else key


def _rendercv_entry(entry: Any, budget: _Budget) -> Iterator[str]:
    if not isinstance(entry, dict):
        yield from _strings(entry, budget)
        return
    if "label" in entry and "details" in entry:
        label, details = _text(entry["label"], budget), _text(entry["details"], budget)
        yield f"{label}: {details}" if label and details else label or details
    for key, value in entry.items():
        if key in _RENDERCV_SKIPPED or key in ("label", "details"):
            continue
        if key == "highlights" and isinstance(value, list):
            yield from (f"- {text}" for text in _items(value, budget))
        elif key == "authors" and isinstance(value, list):
            yield _joined(_items(value, budget))
        else:
            yield from _strings(value, budget)


def _rendercv_lines(cv: dict[str, Any], budget: _Budget) -> Iterator[str]:
    for field in _RENDERCV_HEADER:
        if text := _text(cv.get(field), budget):
            yield text
    sections = cv.get("sections")
    if not isinstance(sections, dict):
        return
    for title, entries in sections.items():
        yield ""
        yield _section_title(str(title))
        for entry in entries if isinstance(entries, list) else [entries]:
            yield from _rendercv_entry(entry, budget)


def rendercv_text(text: str, name: str) -> str:
    """Return the text of a RenderCV CV (a YAML file whose ``cv`` holds ``sections``).

    Parameters
    ----------
    text:
        The file's decoded text.
    name:
        The file's name, for messages.

    Returns
    -------
    str
        The name, headline and location, then each section's title and its entries' fields in
        the order written, Markdown marks removed.

    Raises
    ------
    DocumentError
        Malformed YAML, a YAML alias bomb, or more values than a CV holds.
    UnsupportedTypeError
        Valid YAML that is not a RenderCV CV.
    """
    try:
        doc = load_yaml(text)
    except DocumentError as exc:
        raise _unreadable(name, exc) from None
    cv = doc.get("cv") if isinstance(doc, dict) else None
    if not isinstance(cv, dict):
        raise UnsupportedTypeError(
            f"{name} holds YAML, but not a RenderCV CV (a 'cv' with 'name' and 'sections'), "
            "which is the YAML we read."
        )
    return _plain("\n".join(_rendercv_lines(cv, _Budget(name))))


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown file's YAML front matter (``---`` lines around it, at the top) from its body.

    Returns the front matter as a mapping and the body after it; a text whose first ``---``
    block is not a YAML mapping has no front matter and is returned whole.

    Raises
    ------
    DocumentError
        A front matter block that is a YAML alias bomb or nests too deeply.
    """
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        return {}, text
    block = match.group(1) or ""
    try:
        data = load_yaml(block)
    except MalformedYamlError:
        # Site generators accept blocks that strict YAML does not ("url: {{ site.url }}"); one
        # that opens with a key is front matter all the same, and is dropped.
        return ({}, text[match.end() :]) if _KEY_LINE_RE.match(block) else ({}, text)
    except DocumentError as exc:
        raise DocumentError(f"The front matter is not readable: {exc}.") from None
    if data is None:  # an empty block
        return {}, text[match.end() :]
    if not isinstance(data, dict):
        return {}, text
    return data, text[match.end() :]


_KEY_LINE_RE: Final = re.compile(r"\s*[\w-]+:(?:\s|$)")
_FRONT_MATTER_RE: Final = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(?:(.*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
