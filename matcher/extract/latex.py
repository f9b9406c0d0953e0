"""LaTeX resume sources (Awesome-CV, Deedy, Jake's resume, moderncv) to plain lines, with pylatexenc.

pylatexenc parses the source; the table below tells it which macros of the common resume classes
take arguments and what each argument is: text on a line of its own (``\\cventry{title}{org}...``,
``\\resumeItem{...}``), or layout and set-up to drop (``\\geometry``, ``\\fontspec``, ``\\vcenter``).
Comments are dropped with everything else that is not printed, so a commented-out line ("% Apache
Beam") never reaches the text. Macros the table does not know are dropped and their braced
arguments kept as text, which is what a resume's own shorthand macros usually hold. An uploaded
file stands alone: ``\\input`` and ``\\include`` are not followed.

Macro definitions (``\\newcommand``, ``\\def``...) are cut out before pylatexenc reads the
source: their bodies are never printed as written, and a body that opens an environment it does
not close (Jake's ``\\resumeSubHeadingListStart`` holds ``\\begin{itemize}``) would otherwise swallow
the rest of the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from pylatexenc import latex2text, latexwalker, macrospec
from pylatexenc.latex2text import EnvironmentTextSpec, LatexNodes2Text, MacroTextSpec

from matcher.errors import DocumentError

_Repl = str | Callable[..., str]


def _lines(node: Any, l2tobj: LatexNodes2Text) -> str:
    """Each argument of a macro on a line of its own."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    texts = (l2tobj.nodelist_to_text([a]).strip() for a in args if a is not None)
    return "\n" + "\n".join(t for t in texts if t) + "\n"


def _words(node: Any, l2tobj: LatexNodes2Text) -> str:
    """The arguments of a macro as words of one line (``\\name{Jane}{Doe}``)."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    return " ".join(t for a in args if a is not None if (t := l2tobj.nodelist_to_text([a]).strip()))


def _name_then_lines(node: Any, l2tobj: LatexNodes2Text) -> str:
    """Deedy's ``\\namesection{first}{last}{contacts}``: the name on one line, then the rest."""
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    name = " ".join(l2tobj.nodelist_to_text([a]).strip() for a in args[:2])
    rest = "\n".join(l2tobj.nodelist_to_text([a]).strip() for a in args[2:])
    return f"\n{name}\n{rest}\n"


def _heading(node: Any, l2tobj: LatexNodes2Text) -> str:
    """A section title on a line of its own, as written (the stock renderer upper-cases it)."""
    return "\n\n" + l2tobj.nodelist_to_text([node.nodeargd.argnlist[-1]]).strip() + "\n"


def _link_text(node: Any, l2tobj: LatexNodes2Text) -> str:
    """``\\href{url}{text}``: the text the reader sees."""
    return l2tobj.nodelist_to_text([node.nodeargd.argnlist[-1]])


# Macros whose arguments are the resume's text: name -> (argument spec, how they are printed).
_TEXT_MACROS: Final[dict[str, tuple[str, _Repl]]] = {
    # Awesome-CV
    "cventry": ("{{{{{", _lines),
    "cvsubentry": ("{{{", _lines),
    "cvhonor": ("{{{{", _lines),
    "cvskill": ("{{", "\n%(1)s: %(2)s\n"),
    "cvsection": ("{", _heading),
    "cvsubsection": ("{", _heading),
    "name": ("{{", _words),
    "position": ("{", _lines),
    "address": ("{", _lines),
    "quote": ("{", _lines),
    # Deedy
    "namesection": ("{{{", _name_then_lines),
    "runsubsection": ("{", _lines),
    "descript": ("{", _lines),
    "location": ("{", _lines),
    # Jake's resume (and the sb2nov resume it comes from)
    "resumeSubheading": ("{{{{", _lines),
    "resumeSubSubheading": ("{{", _lines),
    "resumeProjectHeading": ("{{", _lines),
    "resumeItem": ("{", "\n- %(1)s\n"),
    "resumeSubItem": ("{", "\n- %(1)s\n"),
    # moderncv
    "cvitem": ("[{{", "\n%(2)s: %(3)s\n"),
    "cvitemwithcomment": ("[{{{", _lines),
    "cvlistitem": ("[{", "\n- %(2)s\n"),
    "firstname": ("{", "%(1)s "),
    "familyname": ("{", "%(1)s\n"),
    "title": ("{", _lines),
    # LaTeX
    "LaTeX": (
        "",
        "LaTeX",
    ),  # the names themselves, listed as skills ("Rails \\textbullet{} \\LaTeX")
    "LaTeXe": ("", "LaTeX2e"),
    "TeX": ("", "TeX"),
    "XeLaTeX": ("", "XeLaTeX"),
    "section": ("*[{", _heading),
    "subsection": ("*[{", _heading),
    "subsubsection": ("*[{", _heading),
    "href": ("[{{", _link_text),
    "item": ("[", lambda n, l2tobj: "\n- "),
}

# Macros that set up the page, fonts, colours and links, with their arguments: never text.
_DROPPED_MACROS: Final[dict[str, str]] = {
    "documentclass": "[{",
    "usepackage": "[{",
    "geometry": "{",
    "newgeometry": "{",
    "colorlet": "[{[{",
    "definecolor": "[{{{",
    "color": "[{",
    "setbool": "{{",
    "newcommand": "*{[[{",
    "renewcommand": "*{[[{",
    "providecommand": "*{[[{",
    "newenvironment": "*{[[{{",
    "renewenvironment": "*{[[{{",
    "setlength": "{{",
    "addtolength": "{{",
    "titleformat": "*{[{{{{[",
    "titlespacing": "*{{{{",
    "fontspec": "[{[",
    "setmainfont": "[{[",
    "setsansfont": "[{[",
    "setmonofont": "[{[",
    "newfontfamily": "{[{[",
    "hypersetup": "{",
    "urlstyle": "{",
    "pagestyle": "{",
    "thispagestyle": "{",
    "fancyhf": "[{",
    "fancyhead": "[{",
    "fancyfoot": "[{",
    "vcenter": "{",
    "hspace": "*{",
    "vspace": "*{",
    "vskip": "",
    "hskip": "",
    "raisebox": "{[[",
    "includegraphics": "[{",
    "photo": "[{",
    "makecvheader": "[",
    "makecvfooter": "{{{",
    "moderncvstyle": "[{",
    "moderncvcolor": "{",
    "input": "{",
    "include": "{",
    "bibliographystyle": "{",
    "bibliography": "{",
    "addbibresource": "[{",
    "nocite": "{",
    "today": "",
    "thepage": "",
    "lastupdated": "",
    "sectionsep": "",
    "setcounter": "{{",
    "pdfgentounicode": "",
}

# Environments whose options are layout: only their body is text.
_ENVIRONMENTS: Final[dict[str, str]] = {
    "minipage": "[[[{",
    "multicols": "{",
    "itemize": "[",
    "enumerate": "[",
    "description": "[",
    "tabular": "[{",
    "tabular*": "{[{",
    "tabularx": "{[{",
}


def _contexts() -> tuple[macrospec.LatexContextDb, macrospec.LatexContextDb]:
    parse_db = latexwalker.get_default_latex_context_db()
    parse_db.add_context_category(
        "resume",
        prepend=True,
        macros=[macrospec.MacroSpec(n, a) for n, (a, _) in _TEXT_MACROS.items()]
        + [macrospec.MacroSpec(n, a) for n, a in _DROPPED_MACROS.items()],
        environments=[macrospec.EnvironmentSpec(n, a) for n, a in _ENVIRONMENTS.items()],
    )
    text_db = latex2text.get_default_latex_context_db()
    text_db.add_context_category(
        "resume",
        prepend=True,
        macros=[MacroTextSpec(n, simplify_repl=r) for n, (_, r) in _TEXT_MACROS.items()]
        + [MacroTextSpec(n, discard=True) for n in _DROPPED_MACROS],
        environments=[EnvironmentTextSpec(n, discard=False) for n in _ENVIRONMENTS],
    )
    return parse_db, text_db


_PARSE_DB, _TEXT_DB = _contexts()


_DEFINITION_RE: Final = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand|DeclareRobustCommand|(?P<env>(?:re)?newenvironment)"
    r"|[gex]?def(?=\\))\*?"
)
# TeX assignments to registers and primitives ("\\pdfgentounicode=1", "\\parindent=0pt").
_ASSIGNMENT_RE: Final = re.compile(r"\\[A-Za-z@]+[ \t]*=[ \t]*-?[\d.]+(?:[a-z]{2}\b)?")
_OPTIONS_RE: Final = re.compile(r"\s*(?:\[[^\]\n]*\]\s*){0,2}")
_DEF_PARAMS_RE: Final = re.compile(r"[^{%]*")


def _group_end(source: str, start: int) -> int:
    """The index after the braced group opening at ``start``; -1 when it does not close."""
    depth = 0
    i = start
    n = len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "%":
            newline = source.find("\n", i)
            i = n if newline < 0 else newline + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _argument_end(source: str, start: int) -> int:
    """The index after a macro argument at ``start``: a braced group or one control word."""
    i = start
    while i < len(source) and source[i] in " \t\n":
        i += 1
    if i < len(source) and source[i] == "{":
        return _group_end(source, i)
    match = re.compile(r"\\(?:[A-Za-z@]+|.)").match(source, i)
    return match.end() if match else -1


def _in_comment(source: str, index: int) -> bool:
    line = source[source.rfind("\n", 0, index) + 1 : index]
    return re.search(r"(?<!\\)%", line) is not None


def _drop_definitions(source: str) -> str:
    """The source without its macro and environment definitions."""
    if (
        "\\newcommand" not in source
        and "def\\" not in source
        and "\\renew" not in source
        and (
            "\\provide" not in source and "\\Declare" not in source and "environment" not in source
        )
    ):
        return source
    pieces: list[str] = []
    pos = 0
    for match in _DEFINITION_RE.finditer(source):
        if match.start() < pos or _in_comment(source, match.start()):
            continue
        end = _argument_end(source, match.end())  # the name
        if end < 0:
            break
        if match.group().lstrip("\\").rstrip("*").endswith("def"):
            end = _DEF_PARAMS_RE.match(source, end).end()  # parameter text up to the body
        else:
            end = _OPTIONS_RE.match(source, end).end()  # [number of arguments][default]
        bodies = 2 if match.group("env") else 1
        for _ in range(bodies):
            end = _argument_end(source, end) if end >= 0 else -1
        if end < 0:
            break
        pieces.append(source[pos : match.start()])
        pos = end
    pieces.append(source[pos:])
    return "".join(pieces)


def latex_text(source: str) -> str:
    """Return the text a LaTeX resume source prints, one entry field or item per line.

    Parameters
    ----------
    source:
        The ``.tex`` file's text (one file: ``\\input`` is not followed).

    Returns
    -------
    str
        The text, comments, set-up and layout removed.

    Raises
    ------
    DocumentError
        Groups nested so deep that the parser cannot follow them.
    """
    source = _ASSIGNMENT_RE.sub("", _drop_definitions(source))
    walker = latexwalker.LatexWalker(source, latex_context=_PARSE_DB, tolerant_parsing=True)
    to_text = LatexNodes2Text(latex_context=_TEXT_DB, math_mode="text", keep_comments=False)
    try:
        nodes, _, _ = walker.get_latex_nodes()
        return to_text.nodelist_to_text(nodes)
    except RecursionError:
        raise DocumentError("The LaTeX source nests its groups too deeply to read.") from None
