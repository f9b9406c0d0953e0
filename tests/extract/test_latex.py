"""latex_text and extract on LaTeX resume sources: the printed text, never the set-up or comments."""

from __future__ import annotations

import pytest

from matcher.errors import DocumentError, UnsupportedTypeError
from matcher.extract import detect_type, extract
from matcher.extract.latex import latex_text
from tests import fixtures_gen as gen


@pytest.fixture(scope="module")
def jakes() -> str:
    return extract(gen.make_jakes_resume_tex(), "resume.tex")


def test_a_jakes_resume_keeps_the_text_of_its_shorthand_macros(jakes: str) -> None:
    lines = jakes.splitlines()
    for line in (
        "Jake Ryan",
        "Education",
        "Southwestern University",
        "Bachelor of Arts in Computer Science, Minor in Business",
        "Undergraduate Research Assistant",
        "- Developed a REST API using FastAPI and PostgreSQL to store data from learning "
        "management systems",
        "Gitlytics | Python, Flask, React, PostgreSQL, Docker",
        "- Used Celery and Redis for asynchronous tasks",
        "Technical Skills",
        "Languages: Java, Python, C/C++, SQL (Postgres), JavaScript, HTML/CSS",
    ):
        assert line in lines


def test_a_jakes_resume_drops_its_preamble_layout_and_commented_lines(jakes: str) -> None:
    for leaked in (
        "Apache Beam",
        "Cassandra",
        "Kubernetes",
        "Terraform",
        "vcenter",
        "Source Sans",
        "leftmargin",
        "#1",
        "0.97",
        "=1",
        "glyphtounicode",
        "mailto",
    ):
        assert leaked not in jakes


def test_a_jakes_resume_shows_its_skills_but_no_vmware() -> None:
    from matcher.engine import get_engine

    names = {
        f.skill.name for f in get_engine().skills(extract(gen.make_jakes_resume_tex(), "r.tex"))
    }
    assert {"FastAPI", "PostgreSQL", "Flask", "React", "Celery", "Redis", "Docker"} <= names
    assert not names & {"VMware", "Apache Beam", "Cassandra", "Kubernetes", "Terraform"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            r"\cventry{DevOps Engineer}{Dunamu Inc.}{Seoul}{2023}{\begin{cvitems}\item {Ran Istio}"
            r"\end{cvitems}}",
            "DevOps Engineer\nDunamu Inc.\nSeoul\n2023\n- Ran Istio",
            id="awesome-cv-entry",
        ),
        pytest.param(
            r"\cvskill{DevOps}{AWS, Docker}", "DevOps: AWS, Docker", id="awesome-cv-skill"
        ),
        pytest.param(r"\name{Byungjin}{Park}", "Byungjin Park", id="name-on-one-line"),
        pytest.param(
            r"\section{Skills}\location{Over 5000 lines:} Java \textbullet{} Shell",
            "Skills\nOver 5000 lines:\nJava\n- Shell",
            id="deedy",
        ),
        pytest.param(r"\cvitem{Languages}{Go, Rust}", "Languages: Go, Rust", id="moderncv-item"),
        pytest.param(
            "Python % and Apache Beam\n% \\resumeItem{Cassandra}\nKafka",
            "Python Kafka",
            id="comments",
        ),
        pytest.param(
            r"\fontspec[Path=fonts/]{Lato}\hspace{2em}$\vcenter{\hbox{\tiny$\bullet$}}$ Go",
            "Go",
            id="layout-dropped",
        ),
        pytest.param(r"\href{https://kafka.apache.org}{Kafka}", "Kafka", id="link-text-only"),
        pytest.param(r"\input{resume/experience.tex}Go", "Go", id="input-not-followed"),
        pytest.param(
            r"\def\sep{\hfill}\newcommand{\x}[1]{\begin{itemize}#1}Rust", "Rust", id="defs"
        ),
        pytest.param(r"100\% uptime \& SRE", "100% uptime & SRE", id="escapes"),
        pytest.param(
            r"Rails \textbullet{} \LaTeX\ and \TeX", "Rails\n- LaTeX and TeX", id="tex-names"
        ),
    ],
)
def test_latex_text_prints_what_the_source_prints(source: str, expected: str) -> None:
    text = extract(source.encode(), "cv.tex")
    if "\n" in expected:  # each field on its own line (blank lines between entries allowed)
        assert [line for line in text.splitlines() if line] == expected.splitlines()
    else:
        assert " ".join(text.split()) == expected


def test_deeply_nested_groups_are_a_document_error() -> None:
    with pytest.raises(DocumentError, match="nests"):
        latex_text("{" * 5000 + "Go" + "}" * 5000)


def test_a_tex_file_is_detected_by_its_macros_even_without_a_name() -> None:
    assert detect_type(gen.make_jakes_resume_tex(), None) == "latex"
    assert detect_type(b"\\cvsection{Skills}\n\\cvskill{A}{B}\n", None) == "latex"
    assert detect_type(b"Plain words only", "cv.tex") == "latex"


def test_a_binary_file_named_tex_is_refused_as_binary() -> None:
    with pytest.raises(UnsupportedTypeError, match="binary"):
        extract(gen.make_binary_blob(), "resume.tex")


def test_a_pdf_named_tex_is_refused_naming_both_types() -> None:
    with pytest.raises(UnsupportedTypeError, match=r"named as a LaTeX source .* PDF"):
        extract(gen.make_pdf("Python"), "resume.tex")
