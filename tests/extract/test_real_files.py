"""extract on real resumes and job descriptions from ../shared/data, made by many tools."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from matcher.extract import extract
from tests.rendercv import page_text

pytestmark = pytest.mark.shared_data

# (path under ../shared/data, words that file holds); chosen by reading each file.
REAL_FILES = [
    ("resumes_pdf/awesome-cv/resume.pdf", ["Experience", "Kubernetes"]),
    ("resumes_pdf/awesome-cv/cv.pdf", ["Education", "Experience"]),
    ("resumes_pdf/deedy-resume/deedy_resume-openfont.pdf", ["Cornell", "Phabricator", "Python"]),
    ("resumes_pdf/deedy-resume/deedy_resume-macfonts.pdf", ["Cornell", "Phabricator", "Python"]),
    ("resumes_pdf/open-resume/openresume-resume.pdf", ["Software", "Engineer"]),
    ("resumes_pdf/open-resume/laverne-resume.pdf", ["on-campus position serving"]),
    ("resumes_pdf/altacv/sample.pdf", ["EXPERIENCE", "PROJECTS", "Embedded Systems"]),
    ("resumes_pdf/altacv/mmayer.pdf", ["Yahoo", "Google Maps", "Stanford University"]),
    ("resumes_pdf/rendercv/John_Doe_ClassicTheme_CV.pdf", ["Princeton University", "CUDA"]),
    ("resume_matcher_samples/resumes_pdf/john_doe.pdf", ["Java", "Angular"]),
    ("resume_matcher_samples/resumes_pdf/bruce_wayne_fullstack.pdf", ["React", "Node"]),
    ("resume_matcher_samples/resumes_pdf/barry_allen_fe.pdf", ["JavaScript"]),
    ("resume_matcher_samples/resumes_pdf/harvey_dent_mle.pdf", ["Python"]),
    ("resume_matcher_samples/resumes_pdf/alfred_pennyworth_pm.pdf", ["Product"]),
    ("resume_matcher_samples/job_descriptions_pdf/job_desc_java_developer.pdf", ["Java"]),
    ("resume_matcher_samples/job_descriptions_pdf/job_desc_full_stack_engineer.pdf", ["Full"]),
    ("resume_matcher_samples/job_descriptions_docx/Backend Developer.docx", ["Django", "Python"]),
    ("resume_matcher_samples/job_descriptions_docx/Web_dev_job.docx", ["PHP", "MySQL"]),
    ("resume_matcher_samples/job_descriptions_docx/Senior Product Manager.docx", ["Chrome OS"]),
    ("resume_matcher_samples/job_descriptions_docx/Primary English Teacher.docx", ["English"]),
]


@pytest.mark.parametrize(("relative", "words"), REAL_FILES, ids=[p for p, _ in REAL_FILES])
def test_a_real_document_yields_substantial_text_with_its_known_words(
    shared_data: Path, relative: str, words: list[str]
) -> None:
    path = shared_data / relative
    text = extract(path.read_bytes(), path.name)
    assert len(text) > 300
    flat = " ".join(text.split())
    for word in words:
        assert word in flat


def test_every_real_pdf_and_docx_extracts(shared_data: Path) -> None:
    paths = sorted(shared_data.glob("resumes_pdf/*/*.pdf"))
    paths += sorted(shared_data.glob("resume_matcher_samples/*/*.pdf"))
    paths += sorted(shared_data.glob("resume_matcher_samples/*/*.docx"))
    assert len(paths) >= 40
    for path in paths:
        assert len(extract(path.read_bytes(), path.name)) > 200, path.name


def _index_of(text: str, phrase: str) -> int:
    index = " ".join(text.split()).find(phrase)
    assert index >= 0, phrase
    return index


@pytest.mark.parametrize(
    ("relative", "left", "right"),
    [
        # Deedy: the left column (education, links, coursework, skills) comes before the right
        # column (experience); read row by row they would interleave.
        (
            "resumes_pdf/deedy-resume/deedy_resume-openfont.pdf",
            ["CORNELL UNIVERSITY", "Advanced Machine Learning", "Over 5000 lines"],
            ["FACEBOOK", "Phabricator is used daily"],
        ),
        # AltaCV: the main column (experience) then the side column (philosophy, strengths).
        (
            "resumes_pdf/altacv/mmayer.pdf",
            ["Vice President of Location", "Vice President of Search Products"],
            ["LIFE PHILOSOPHY", "STRENGTHS"],
        ),
    ],
    ids=["deedy", "altacv-mmayer"],
)
def test_a_two_column_resume_is_read_column_by_column(
    shared_data: Path, relative: str, left: list[str], right: list[str]
) -> None:
    text = extract((shared_data / relative).read_bytes(), "cv.pdf")
    assert max(_index_of(text, p) for p in left) < min(_index_of(text, p) for p in right)


def test_a_one_column_resume_keeps_each_date_beside_its_entry(shared_data: Path) -> None:
    path = shared_data / "resumes_pdf/rendercv/John_Doe_ClassicTheme_CV.pdf"
    text = " ".join(extract(path.read_bytes(), path.name).split())
    assert _index_of(text, "Princeton University") < _index_of(text, "Nexus AI")


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#]*")


def _source_words(yaml_path: Path) -> set[str]:
    # Bare URLs are shown shortened or as icons, so they are not expected on the page.
    text = re.sub(r"https?://\S+", "", page_text(yaml_path))
    return {w.lower() for w in _WORD.findall(text)}


RENDERCV_THEMES = [
    "Classic",
    "Ember",
    "Engineeringclassic",
    "Engineeringresumes",
    "Harvard",
    "Ink",
    "Moderncv",
    "Opal",
    "Sb2nov",
]


@pytest.mark.parametrize("theme", RENDERCV_THEMES)
def test_a_rendercv_pdf_holds_nearly_every_word_of_its_yaml_source(
    shared_data: Path, theme: str
) -> None:
    folder = shared_data / "resumes_pdf" / "rendercv"
    source = _source_words(folder / f"John_Doe_{theme}Theme_CV.yaml")
    pdf = folder / f"John_Doe_{theme}Theme_CV.pdf"
    found = {w.lower() for w in _WORD.findall(extract(pdf.read_bytes(), pdf.name))}
    recall = len(source & found) / len(source)
    # Measured 0.994 to 1.000 over the nine themes (334 distinct words); "LinkedIn" is an icon.
    assert recall >= 0.97, sorted(source - found)


# -- LaTeX sources ------------------------------------------------------------------------------

AWESOME_CV = "resumes_pdf/awesome-cv/src"


def _lowered_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def test_the_awesome_cv_resume_tex_alone_gives_its_header_and_no_set_up_or_comments(
    shared_data: Path,
) -> None:
    path = shared_data / AWESOME_CV / "resume.tex"
    text = extract(path.read_bytes(), path.name)
    lines = text.splitlines()
    assert lines[0] == "Byungjin Park"
    assert "Mapo-gu, Seoul, Republic of Korea" in lines
    # Set-up, commented-out lines (\gitlab, \whatsapp...) and the \input files' names.
    for leaked in ("HTML", "awesome-red", "1.4cm", "gitlab", "whatsapp", "resume/", "Résumé"):
        assert leaked not in text


@pytest.mark.parametrize(
    ("relative", "words"),
    [
        ("resume/summary.tex", ["Seasoned SRE/DevOps leader", "Claude Code-powered"]),
        ("resume/experience.tex", ["DevOps Engineer\nDunamu Inc.", "- Designed Terraform modules"]),
        ("resume/education.tex", ["POSTECH(Pohang University of Science and Technology)"]),
        ("resume/honors.tex", ["DEFCON 28th CTF Hacking Competition World Final"]),
        ("resume/certificates.tex", ["Certified Kubernetes Application Developer (CKAD)"]),
        ("cv/skills.tex", ["DevOps: AWS, Docker, Kubernetes, Rancher", "Back-end: Koa, Express"]),
    ],
)
def test_each_awesome_cv_section_file_gives_its_text(
    shared_data: Path, relative: str, words: list[str]
) -> None:
    path = shared_data / AWESOME_CV / relative
    text = extract(path.read_bytes(), path.name)
    for word in words:
        assert word in text
    for comment in ("Job title", "Organization", "Location", "Date(s)", "SECTION TITLE"):
        assert comment not in text  # the comments beside each field


def test_every_awesome_cv_section_file_extracts(shared_data: Path) -> None:
    paths = sorted((shared_data / AWESOME_CV).glob("*/*.tex"))
    assert len(paths) >= 14
    for path in paths:
        assert len(extract(path.read_bytes(), path.name)) > 200, path.name


def test_the_deedy_source_gives_the_words_of_its_pdf_and_the_same_skills(shared_data: Path) -> None:
    from matcher.engine import get_engine

    folder = shared_data / "resumes_pdf/deedy-resume"
    tex = extract((folder / "src/deedy_resume-openfont.tex").read_bytes(), "deedy.tex")
    pdf = extract((folder / "deedy_resume-openfont.pdf").read_bytes(), "deedy.pdf")
    # Measured: every word of the source's text is on the page; the page has more (its
    # publications come from a .bib file).
    assert _lowered_words(tex) <= _lowered_words(pdf)
    assert "CORNELL" not in tex and "Cornell University" in tex  # as written, not as styled
    engine = get_engine()
    assert {f.skill.name for f in engine.skills(tex)} == {f.skill.name for f in engine.skills(pdf)}


# -- JSON Resume and RenderCV YAML -------------------------------------------------------------


def test_the_json_resume_sample_reads_in_order(shared_data: Path) -> None:
    path = shared_data / "jsonresume_samples/sample.resume.json"
    text = extract(path.read_bytes(), path.name)
    lines = [line for line in text.splitlines() if line]
    assert lines[:3] == ["Richard Hendriks", "Programmer", "San Francisco, California"]
    order = [lines.index(h) for h in ("Work Experience", "Education", "Skills", "Interests")]
    assert order == sorted(order)
    assert "Web Development: HTML, CSS, Javascript" in lines
    assert "- Successfully won Techcrunch Disrupt" in lines
    for leaked in ("richard.hendriks@mail.com", "neutralthoughts", "2013-12-01", "lastModified"):
        assert leaked not in text


def test_the_json_job_sample_reads_as_a_posting_with_its_sections(shared_data: Path) -> None:
    path = shared_data / "jsonresume_samples/sample.job.json"
    lines = extract(path.read_bytes(), path.name).splitlines()
    assert lines[:2] == ["Web Developer", "Microsoft"]
    assert "- Strong understanding of JavaScript, HTML, and CSS" in lines
    assert "- Database Management: SQL, NoSQL, MongoDB" in lines
    assert lines.index("Responsibilities") < lines.index("Qualifications") < lines.index("Skills")


@pytest.mark.parametrize("theme", RENDERCV_THEMES)
def test_a_rendercv_yaml_source_gives_the_words_of_its_cv(shared_data: Path, theme: str) -> None:
    path = shared_data / "resumes_pdf/rendercv" / f"John_Doe_{theme}Theme_CV.yaml"
    text = extract(path.read_bytes(), path.name)
    source = _source_words(path)
    found = _lowered_words(text)
    # Measured 0.988 on each theme: the e-mail, the LinkedIn user name and "present" (a date)
    # are left out on purpose.
    assert len(source & found) / len(source) >= 0.97, sorted(source - found)
    assert "**" not in text and "](" not in text
    for leaked in ("theme", "rgb(", "Source Sans", "john.doe@email.com", "rendercv_settings"):
        assert leaked not in text
