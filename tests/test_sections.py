"""Posting sections and knockout lines."""

from __future__ import annotations

import pytest

from matcher.sections import Section, find_knockouts, section_at, split_sections

POSTING = """Acme | Backend Engineer | Remote

We build payment APIs in Python.

Requirements:
- Kafka and PostgreSQL in production

Nice to have
- Rust

Benefits
- Health insurance and a Kubernetes-themed mug
"""


def section_of(text: str, word: str) -> Section:
    return section_at(split_sections(text), text.index(word))


@pytest.mark.parametrize(
    ("word", "section"),
    [
        ("Python", Section.OTHER),
        ("Kafka", Section.REQUIREMENTS),
        ("Rust", Section.NICE_TO_HAVE),
        ("Kubernetes", Section.BOILERPLATE),
    ],
)
def test_headings_set_the_section_of_the_lines_after_them(word: str, section: Section) -> None:
    assert section_of(POSTING, word) is section


def test_an_inline_heading_applies_to_its_own_line() -> None:
    text = "Must have: Java\nNice to have: Scala, Akka\nAbout the role: we use Go"
    assert section_of(text, "Java") is Section.REQUIREMENTS
    assert section_of(text, "Scala") is Section.NICE_TO_HAVE


def test_a_sentence_saying_a_skill_is_a_plus_is_nice_to_have_anywhere() -> None:
    text = "Requirements:\nYou know Python well. Experience with Terraform is a plus."
    assert section_of(text, "Python") is Section.REQUIREMENTS
    assert section_of(text, "Terraform") is Section.NICE_TO_HAVE


def test_equal_opportunity_text_is_boilerplate_wherever_it_stands() -> None:
    text = "We use Java. We are an equal opportunity employer and use Java for HR too."
    assert section_of(text, "equal") is Section.BOILERPLATE
    assert section_of(text, "We use") is Section.OTHER


def test_spans_cover_an_empty_text_with_nothing() -> None:
    assert split_sections("") == []
    assert section_at([], 0) is Section.OTHER


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("You must be authorized to work in the United States.", "work_authorization"),
        ("We are unable to sponsor visas at this time.", "work_authorization"),
        ("An active TS/SCI clearance is required.", "clearance"),
        ("BS in Computer Science or equivalent experience.", "degree"),
        ("5+ years of experience building backend services.", "experience"),
        ("3-5 years experience with Python.", "experience"),
    ],
)
def test_knockout_lines_are_found_by_kind(line: str, kind: str) -> None:
    assert [k.kind for k in find_knockouts(line)] == [kind]


@pytest.mark.parametrize(
    "line",
    ["We believe in you and your growth.", "Be part of a team in Berlin.", "We use Python and Go."],
)
def test_ordinary_lines_are_not_knockouts(line: str) -> None:
    assert find_knockouts(line) == []
