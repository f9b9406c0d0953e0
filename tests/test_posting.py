"""Reading a posting as a recruiter does: kinds of things, roles, company context, titles, weights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher import roles
from matcher.engine import get_engine
from matcher.roles import find_roles, pick_role, resume_titles, title_disciplines
from matcher.sections import Section, split_sections
from matcher.vocab import default_vocabulary

MULTI_ROLE = """Acme | Senior Backend Engineer, Product Designer | Remote (EU)

Acme builds invoicing software used by 3,000 accountants.

Senior Backend Engineer: you have 5+ years of Go and PostgreSQL, and you know Kafka.

Product Designer: you are fluent in design systems and prototyping.
"""


def rows(report: dict) -> dict[str, dict]:
    return {r["name"]: r for key in ("matched", "partial", "missing") for r in report[key]}


@pytest.mark.parametrize(
    ("concept", "instance"),
    [
        ("Version control", "Git"),
        ("Relational databases", "PostgreSQL"),
        ("Cloud computing", "AWS"),
        ("Message queues", "Kafka"),
        ("Container orchestration", "Kubernetes"),
        ("CI/CD", "Jenkins"),
        ("Object-oriented programming", "Java"),
    ],
)
def test_a_requirement_for_a_kind_of_thing_is_met_in_full_by_an_instance(
    concept: str, instance: str
) -> None:
    report = get_engine().match(f"Skills: {instance}", f"Requirements: {concept}.").to_dict()
    row = rows(report)[concept]
    assert (row["status"], row["met_by"], row["credit"]) == ("matched", instance, 1.0)
    assert report["score"] == 100.0


def test_the_issue_example_reads_version_control_and_a_relational_database_as_met() -> None:
    report = (
        get_engine()
        .match(
            "Python, Flask, Git, PostgreSQL",
            "Requirements: version control; a relational database such as PostgreSQL or MySQL",
        )
        .to_dict()
    )
    assert report["missing"] == []
    found = rows(report)
    assert found["Version control"]["met_by"] == "Git"
    assert {k: v for k, v in report["groups"][0].items() if k != "text"} == {
        "members": ["Relational databases", "PostgreSQL", "MySQL"]
    } | {"met_by": "PostgreSQL"}


def test_an_instance_asked_for_is_only_partly_shown_by_its_kind() -> None:
    report = get_engine().match("Version control", "Requirements: Git").to_dict()
    assert report["matched"] == []
    assert [(r["name"], r["related"]) for r in report["partial"]] == [("Git", "Version control")]


def test_every_instance_of_every_kind_meets_it() -> None:
    vocabulary = default_vocabulary()
    assert len(vocabulary.kinds) >= 50
    for concept, instances in vocabulary.instances_of.items():
        assert concept not in instances
        assert instances, concept


def test_a_posting_with_several_roles_is_split_into_them() -> None:
    roles = find_roles(MULTI_ROLE)
    assert [r.title for r in roles] == ["Senior Backend Engineer", "Product Designer"]
    assert [r.engineering for r in roles] == [True, False]


def test_each_role_reports_its_own_requirements_only() -> None:
    engine = get_engine()
    backend = engine.match("Go, PostgreSQL", MULTI_ROLE, role="Backend Engineer").to_dict()
    assert {"Go", "PostgreSQL", "Kafka"} <= set(rows(backend))
    assert "Design systems" not in rows(backend)
    design = engine.match("Go, PostgreSQL", MULTI_ROLE, role=1).to_dict()
    assert "Design systems" in rows(design) and "Kafka" not in rows(design)
    assert [r["title"] for r in design["roles"]] == ["Senior Backend Engineer", "Product Designer"]
    assert design["role"] == 1


def test_a_stack_written_after_the_last_role_belongs_to_every_role() -> None:
    posting = (
        "HelloData | Principal Product Engineer, Principal ML Engineer | Remote\n\n"
        "*Principal Product Engineer* — owns features end to end. Expert Vue and GCP.\n\n"
        "*Principal ML Engineer* — owns the ML lifecycle. Expert PyTorch.\n\n"
        "Stack: TypeScript, PostgreSQL, BigQuery.\n\n"
        "Interested? Apply at https://example.com\n"
    )
    roles = find_roles(posting)
    assert [r.title for r in roles] == ["Principal Product Engineer", "Principal ML Engineer"]
    assert posting[roles[1].start : roles[1].end].rstrip().endswith("Expert PyTorch.")
    product = rows(get_engine().match("Vue", posting, role=0).to_dict())
    assert {"BigQuery", "TypeScript", "PostgreSQL", "Vue.js"} <= set(product)
    assert "PyTorch" not in product


@pytest.mark.parametrize(
    ("posting", "title", "discipline"),
    [
        (
            "Company: Watchtower Health\nLocation: Remote US\nRole: Founding Full Stack Engineer\n"
            "Tech: React, Node\n",
            "Founding Full Stack Engineer",
            "Full-stack development",
        ),
        (
            "Full-Stack Engineer in Co-Founding for an AI-driven pairing engine.\n\nWe use Python.\n",
            "Full-Stack Engineer",
            "Full-stack development",
        ),
    ],
)
def test_a_single_roles_title_is_read_from_a_label_or_an_opening_line(
    posting: str, title: str, discipline: str
) -> None:
    from matcher.roles import single_title

    role = single_title(posting)
    assert role is not None and role.title == title
    assert posting.startswith(title, role.title_start)
    found = rows(get_engine().match("Python", posting).to_dict())
    assert found[discipline]["level"] == "required"


def test_numbered_roles_in_brackets_are_split() -> None:
    posting = (
        "Coder | https://coder.com/ | Multiple roles | Remote\n\n"
        "[1] Senior Software Engineer, Core Platform (back-end Go) - US/Canada\n\n"
        "[2] Product Designer - US East Coast\n"
    )
    assert [r.title for r in find_roles(posting)] == [
        "Senior Software Engineer, Core Platform",
        "Product Designer",
    ]


def test_without_a_role_the_engineering_role_that_fits_best_is_reported() -> None:
    report = get_engine().match("Go, PostgreSQL, Kafka", MULTI_ROLE).to_dict()
    assert report["role"] == 0


@pytest.mark.parametrize("resume", ["Vue, GCP, TypeScript", "PyTorch, BigQuery", "Cooking"])
def test_the_default_role_is_the_one_whose_full_report_fits_best(resume: str) -> None:
    posting = (
        "HelloData | Principal Product Engineer, Principal ML Engineer | Remote\n\n"
        "*Principal Product Engineer* — Expert Vue, TypeScript and GCP.\n\n"
        "*Principal ML Engineer* — Expert PyTorch and BigQuery.\n"
    )
    engine = get_engine()
    each = [engine.match(resume, posting, role=i) for i in range(2)]
    best = max(each, key=lambda r: (r.score, r.similarity, -(r.role or 0)))
    chosen = engine.match(resume, posting)
    assert chosen.role == best.role
    assert chosen.to_dict() | {"role_asked": None} == best.to_dict() | {"role_asked": None}


def test_a_role_that_does_not_exist_is_a_clear_error() -> None:
    roles = find_roles(MULTI_ROLE)
    with pytest.raises(ValueError, match="no role matches 'Accountant'"):
        pick_role(roles, "Accountant")
    with pytest.raises(ValueError, match="role 7 does not exist"):
        pick_role(roles, 7)


def test_what_the_company_says_about_itself_is_context_not_a_requirement() -> None:
    posting = (
        "Acme | Backend Engineer | Remote\n\n"
        "We build a Postgres extension trusted by teams at large banks.\n\n"
        "Requirements:\n- Python and Kafka\n"
    )
    report = get_engine().match("Python", posting).to_dict()
    assert "PostgreSQL" not in rows(report)
    assert "PostgreSQL" in report["context"]


def test_a_stack_the_company_builds_with_is_still_asked() -> None:
    posting = "Acme | Backend Engineer\n\nWe build payment APIs in Python.\n"
    report = get_engine().match("Python", posting).to_dict()
    assert rows(report)["Python"]["status"] == "matched"


@pytest.mark.parametrize(
    ("title", "skill"),
    [
        ("QA Engineer", "Quality assurance"),
        ("Senior Full Stack Engineer", "Full-stack development"),
        ("ML Engineer", "Machine learning"),
        ("Staff Site Reliability Engineer", "Site reliability engineering"),
        ("Backend Developer", "Backend development"),
    ],
)
def test_a_titles_discipline_is_read(title: str, skill: str) -> None:
    assert skill in title_disciplines(title, default_vocabulary())


def test_the_discipline_of_the_roles_title_is_a_required_ask_met_by_a_resume_title() -> None:
    posting = "Link11 | QA Engineer | Remote (EU)\n\nYou will test our product.\n"
    resume = "Jane Doe\nSenior QA Engineer, Initech, 2019-2024\nSelenium, Python\n"
    report = get_engine().match(resume, posting).to_dict()
    row = rows(report)["Quality assurance"]
    assert (row["status"], row["level"], row["section"]) == ("matched", "required", "title")
    assert "Quality assurance" in resume_titles(resume, default_vocabulary())


def test_a_sentence_in_a_resume_is_not_a_job_title() -> None:
    resume = "I worked with a QA engineer on release testing every week for two years."
    assert resume_titles(resume, default_vocabulary()) == {}


@pytest.mark.parametrize(
    "line",
    [
        "Hands on experience in SAP Market Place for creating User / OSS Ids/Developer Keys.",
        "Engineers across teams rely on the platform",
    ],
)
def test_a_line_where_the_role_noun_leads_on_is_not_a_job_title(line: str) -> None:
    assert resume_titles(line, default_vocabulary()) == {}


@pytest.mark.parametrize(
    ("line", "skill"),
    [
        ("Blockchain Developer - Corpcloud Global Services", "Software engineering"),
        ("Software Engineer II, Initech, 2019-2023", "Software engineering"),
        ("Senior DevOps Engineer at Acme", "DevOps"),
    ],
)
def test_a_line_that_ends_in_its_role_noun_is_a_job_title(line: str, skill: str) -> None:
    assert skill in resume_titles(line, default_vocabulary())


@pytest.mark.parametrize(
    "sentence",
    [
        "Our client is revolutionizing legal technology with tools that enhance accessibility.",
        "We're a small scientific software company that develops applications in domains including image processing.",
        "We emphasize high quality code and lightweight processes.",
    ],
)
def test_more_ways_a_company_speaks_of_itself_are_context(sentence: str) -> None:
    posting = (
        f"Acme | Backend Engineer | Remote\n\n{sentence}\n\nRequirements:\n- Python and Kafka\n"
    )
    report = get_engine().match("Python", posting).to_dict()
    asked = set(rows(report))
    assert {"Accessibility", "Image processing", "Code quality"}.isdisjoint(asked)
    assert {"Python", "Kafka"} <= asked


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Benefits we offer:", Section.BOILERPLATE),
        ("What we offer", Section.BOILERPLATE),
        ("Why join?", Section.BOILERPLATE),
        ("You Should Have:", Section.REQUIREMENTS),
    ],
)
def test_headings_in_the_wordings_real_postings_use_are_found(
    heading: str, section: Section
) -> None:
    text = f"Intro line.\n{heading}\n- Kotlin and Kafka\n"
    spans = split_sections(text)
    at = text.index("Kotlin")
    assert next(s.section for s in spans if s.start <= at < s.end) is section


def test_an_apply_link_does_not_turn_the_rest_of_the_posting_into_boilerplate() -> None:
    text = "Acme | SRE\nApply here: https://acme.example/jobs\n\nYou know Kubernetes well.\n"
    spans = split_sections(text)
    at = text.index("Kubernetes")
    assert next(s.section for s in spans if s.start <= at < s.end) is Section.REQUIREMENTS


def test_a_required_ask_outweighs_a_nice_to_have_even_when_rarer() -> None:
    posting = "Requirements:\n- Python\n\nNice to have:\n- Amazon ECS\n"
    report = get_engine().match("", posting).to_dict()
    found = rows(report)
    assert found["Python"]["level"] == "required" and found["Amazon ECS"]["level"] == "preferred"
    assert found["Python"]["weight"] > found["Amazon ECS"]["weight"]


def test_a_resume_covering_a_postings_core_scores_high_on_it() -> None:
    posting = (
        "Acme | Senior Backend Engineer (Python) | Remote\n\n"
        "Requirements:\n- Strong Python and FastAPI\n- PostgreSQL and Redis\n"
        "- Docker and Kubernetes on AWS\n\nNice to have:\n- asyncio, Amazon ECS\n"
    )
    resume = "Backend Engineer. Python, FastAPI, Postgres, Redis, Docker, Kubernetes, AWS."
    report = get_engine().match(resume, posting).to_dict()
    assert report["score"] >= 80


def test_a_substitute_of_the_same_kind_earns_partial_credit_and_says_which() -> None:
    report = get_engine().match("Deployed on Azure.", "Requirements: AWS").to_dict()
    (row,) = report["partial"]
    assert (row["name"], row["related"], row["credit"]) == ("AWS", "Azure", 0.5)
    assert row["implied_by"] is None


def test_languages_are_no_substitutes_for_each_other() -> None:
    report = get_engine().match("Java", "Requirements: Python").to_dict()
    assert [r["name"] for r in report["missing"]] == ["Python"]


def test_a_list_of_examples_after_a_concept_is_one_requirement_of_that_concept() -> None:
    posting = "Requirements: monitoring, alerting and dashboarding (Datadog, Grafana, Prometheus)."
    report = get_engine().match("Prometheus", posting).to_dict()
    group = next(g for g in report["groups"] if g["members"][0] == "Monitoring")
    # The skills listed with the concept before its examples are the same requirement.
    expected = {"Monitoring", "Alerting", "Dashboard development", "Datadog", "Grafana"}
    assert set(group["members"]) == expected | {"Prometheus"}
    assert group["met_by"] == "Prometheus"
    assert "Dashboard development" not in {r["name"] for r in report["missing"]}


def test_skills_after_the_examples_are_asked_on_their_own() -> None:
    posting = "Requirements: monitoring (Datadog, Grafana), then logging and Kafka."
    report = get_engine().match("Grafana", posting).to_dict()
    assert {"Logging", "Kafka"} <= {r["name"] for r in report["missing"]}


def test_a_list_that_ends_or_similar_is_one_requirement() -> None:
    posting = "You: fluent in Python, C#, Java, or similar."
    report = get_engine().match("C#", posting).to_dict()
    assert report["score"] == 100.0


@pytest.mark.parametrize(
    ("header", "sentence"),
    [
        (
            "Cogram (YC W22, https://cogram.com) | Multiple Roles | Remote",
            "Cogram builds AI agents for architects.",
        ),
        (
            "Zed Industries | Remote | https://zed.dev/",
            "Zed is an editor where conversations about code stay tied to version control.",
        ),
        (
            "Foxglove | Backend Engineer | Remote",
            "Foxglove is the leading observability platform for robotics.",
        ),
    ],
)
def test_a_sentence_about_the_company_by_its_name_is_context(header: str, sentence: str) -> None:
    posting = f"{header}\n\n{sentence}\n\nRequirements:\n- Python and Kafka\n"
    report = get_engine().match("Python", posting).to_dict()
    asked = set(rows(report))
    assert {"AI agents", "Version control", "Observability"}.isdisjoint(asked)
    assert {"Python", "Kafka"} <= asked


def test_the_company_naming_its_own_stack_is_still_asked() -> None:
    posting = "Staffer.ai | Backend Engineer | Remote\n\nStaffer.ai builds an ATS in Clojure + PostgreSQL.\n"
    assert {"Clojure", "PostgreSQL"} <= set(rows(get_engine().match("Python", posting).to_dict()))


@pytest.mark.parametrize(
    "posting",
    [
        "Requirements: Python. All exciting applications and no CRUD.",
        "Requirements: Python, not Java.",
        "Requirements: Python. No Scrum, minimal meetings.",
    ],
)
def test_a_skill_the_posting_rules_out_is_not_asked(posting: str) -> None:
    asked = set(rows(get_engine().match("Python", posting).to_dict()))
    assert asked == {"Python"}


def test_not_only_x_but_y_asks_both() -> None:
    posting = "Requirements: not only Python but also Go."
    assert {"Python", "Go"} <= set(rows(get_engine().match("Python", posting).to_dict()))


def test_a_paragraph_in_the_companys_voice_stays_context_to_its_end() -> None:
    posting = (
        "Zed Industries | Rust Engineer | Remote\n\n"
        "We've raised $42M for a new way to collaborate on software. The first step was an"
        " editor to serve as the user interface.\n\n"
        "Requirements: Rust and Python.\n"
    )
    asked = set(rows(get_engine().match("Rust", posting).to_dict()))
    assert "UI design" not in asked
    assert {"Rust", "Python"} <= asked


def test_a_stack_listed_after_the_companys_story_is_still_asked() -> None:
    posting = (
        "Acme | Backend Engineer\n\nWe build payroll software for clinics. Python, Django, Kafka.\n"
    )
    assert {"Python", "Django", "Kafka"} <= set(
        rows(get_engine().match("Python", posting).to_dict())
    )


def test_a_java_web_resume_meets_backend_development_by_its_frameworks() -> None:
    posting = (
        "Acme | Senior Software Engineer\n\nRequirements: backend development in any language.\n"
    )
    resume = "Java Web Developer. Core Java, JSP, Servlet, Spring, Hibernate, Struts"
    found = rows(get_engine().match(resume, posting).to_dict())
    assert found["Backend development"]["status"] == "matched"


@pytest.mark.parametrize(
    "line",
    [
        "- 5G NB-IoT experience is an advantage",
        "- Knowledge of Kafka would be an asset",
        "- Experience with Linux is a strong advantage",
        "- Familiarity with Rust will be advantageous",
        "- You should be comfortable with about half of these areas: Rust, Kafka, and Redis.",
    ],
)
def test_a_requirement_said_to_be_an_advantage_is_preferred(line: str) -> None:
    posting = (
        f"Acme | Lead Software Engineer\n\nAbout you:\n- Programming in C and Python\n{line}\n"
    )
    found = rows(get_engine().match("Python", posting).to_dict())
    assert found["Python"]["level"] == "required"
    others = [r for name, r in found.items() if name not in {"Python", "C", "Software engineering"}]
    assert others and all(r["level"] == "preferred" for r in others)


def test_a_sentence_about_the_companys_own_things_is_context() -> None:
    posting = (
        "Coder | https://coder.com/ | Senior Software Engineer | Remote\n\n"
        "Coder's isolated, policy-driven environments cut cloud costs with Kubernetes.\n"
        "We empower teams to build software with AI coding agents.\n\n"
        "Requirements: Go and PostgreSQL.\n"
    )
    report = get_engine().match("Go", posting).to_dict()
    assert {"Go", "PostgreSQL"} <= set(rows(report))
    assert "Kubernetes" not in rows(report) and "Kubernetes" in report["context"]


def test_every_role_noun_holds_a_stem_of_the_line_scan() -> None:
    body = roles._ROLE_NOUN.pattern.removeprefix(r"\b(?:").removesuffix(r")\b")
    nouns = [n.removesuffix("s?") for n in body.split("|")]
    assert len(nouns) == 19
    assert all(any(stem in noun for stem in roles._ROLE_NOUN_STEMS) for noun in nouns)


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe\nSENIOR QA ENGINEER, Initech\r\nHead Of Data\u2028Data Scientist\n",
        # "ı" is an "i" to the case-blind role nouns: such a text is read line by line.
        "Yılmaz\nSenior QA Engineer, Initech\nSelenium",
        "one line\x0bData Analyst, Acme\x1cProduct Manager\r\nSre\n\n  Sdet  \n",
    ],
)
def test_the_line_scan_keeps_every_line_that_names_a_role(text: str) -> None:
    lines = text.splitlines(keepends=True)
    named = [i for i, line in enumerate(lines) if roles._ROLE_NOUN.search(line.strip())]
    assert named
    assert set(named) <= set(roles._role_noun_lines(text, lines))


def test_the_line_scan_keeps_every_line_that_names_a_role_in_real_texts(
    shared_data: Path,
) -> None:
    texts = [
        json.loads(line)["text"]
        for name in (
            "job_postings/hn_whoishiring_2026.jsonl",
            "resumes_text/updated_resume_dataset_dedup.jsonl",
        )
        for line in (shared_data / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    kept = missed = 0
    for text in texts:
        lines = text.splitlines(keepends=True)
        scanned = set(roles._role_noun_lines(text, lines))
        for i, line in enumerate(lines):
            if roles._ROLE_NOUN.search(line.strip()):
                kept += 1
                missed += i not in scanned
    assert kept > 1000
    assert missed == 0


@pytest.mark.parametrize(
    "title",
    [
        "Senior \u017foftware Engineer",
        "Senior Software \u212angineer",
        "Senior Softwar\u0131 Engineer",
    ],
)
def test_a_title_with_a_letter_case_blind_patterns_take_for_ascii_is_read(title: str) -> None:
    # The long s, the Kelvin sign and the dotless i match s, k and i when case is ignored: such
    # a title is read, never a crash.
    report = get_engine().match(
        f"Jane Doe\n{title}, Acme\nPython", "Acme | Backend Engineer\n\nPython"
    )
    assert report.score > 0
    if "\u017f" in title:
        assert title_disciplines(title, default_vocabulary()) == ["Software engineering"]
