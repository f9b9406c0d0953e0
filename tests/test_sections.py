"""Posting sections and knockout lines."""

from __future__ import annotations

import re

import pytest

from matcher import sections
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


FINDERS = [
    *((f"heading-{section}", finder) for section, finder in sections._HEADING_FINDERS),
    ("nice", sections._NICE_FINDER),
    ("boilerplate", sections._BOILERPLATE_FINDER),
    *((f"knockout-{kind}", finder) for kind, finder in sections._KNOCKOUT_FINDERS),
]
MIXED_CASE = [
    "REQUIREMENTS:",
    "Nice To Have: Kafka",
    "We Offer Health Insurance and 401(K).",
    "Must Be Authorized To Work in the US; no VISA sponsorship.",
    "Active TS/SCI Clearance required",
    "B.S. in Computer Science or equivalent",
    "b.s. in computer science or equivalent",
    "BS degree in Engineering",
    "MS in Physics",
    "5+ Years Of Professional Experience with Go",
    "Must Be Located In Berlin",
    "Ideally you know Rust; it is a Plus.",
    "Systems and teams, nothing screened here",
]


@pytest.mark.parametrize(("name", "finder"), FINDERS, ids=[n for n, _ in FINDERS])
def test_searching_lowered_ascii_text_agrees_with_the_case_insensitive_pattern(
    name: str, finder: sections._Finder
) -> None:
    for text in MIXED_CASE:
        lowered = text.lower()
        assert finder.search(text, lowered) == bool(finder.pattern.search(text)), text
        ours, theirs = finder.match(text, lowered), finder.pattern.match(text)
        assert (ours and ours.span()) == (theirs and theirs.span()), text


def test_a_pattern_that_reads_capitals_is_only_a_sieve_in_lowered_text() -> None:
    degree = dict(sections._KNOCKOUT_FINDERS)["degree"]
    assert not degree.exact
    # "BS" is a degree only in capitals: the lowered text matches, the original decides.
    assert not degree.search("bs in marketing", "bs in marketing")
    assert degree.search("BS in Marketing", "bs in marketing")


def test_a_class_escape_in_capitals_cannot_be_lowered() -> None:
    with pytest.raises(ValueError, match="class escape"):
        sections._lowered(re.compile(r"\bfoo\S+", re.IGNORECASE))


def test_reading_only_the_mentions_sentences_gives_them_the_same_sections() -> None:

    text = (
        "Acme | Backend Engineer | Remote\n"
        "We build a Postgres extension trusted by banks. You know Kafka well.\n"
        "Our stack is Python and Redis.\nNice to have:\n- Rust, ideally.\n"
        "Benefits we offer:\n- A Kubernetes-themed mug.\n"
    )
    offsets = sorted(text.index(w) for w in ("Postgres", "Kafka", "Python", "Rust", "Kubernetes"))
    whole, partial = split_sections(text), split_sections(text, offsets)
    assert [section_at(whole, o) for o in offsets] == [section_at(partial, o) for o in offsets]
    assert len({section_at(partial, o) for o in offsets}) >= 4
