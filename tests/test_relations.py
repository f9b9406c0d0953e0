"""Every ``implies`` relation of the shipped vocabulary gives partial credit, one way only.

The golden cases (tests/vocab/cases) show each implying skill found in real text; here each
relation is checked in the report itself: a resume naming Django meets a posting's Python
with partial credit "implied by Django", and a resume naming Python does not meet Django.
"""

from __future__ import annotations

import pytest

from matcher.assess import PARTIAL_CREDIT, ResumeAnalysis
from matcher.engine import get_engine
from matcher.finder import FoundSkill, Mention
from matcher.posting import analyze_posting
from matcher.vocab import default_vocabulary

RELATIONS = sorted(
    {
        (s.name, default_vocabulary().get(t).name)
        for s in default_vocabulary().skills
        for t in s.implies
    }
)


def _found(name: str) -> FoundSkill:
    skill = get_engine().vocabulary.get(name)
    return FoundSkill(skill, (Mention(0, len(name), name),))


def _report(resume_skill: str, posting_skill: str) -> dict:
    engine = get_engine()
    posting = analyze_posting(
        posting_skill, [_found(posting_skill)], engine.vectorizer, engine.vocabulary
    )
    resume = ResumeAnalysis(resume_skill, (_found(resume_skill),))
    return engine.report(posting, resume).to_dict()


def test_the_vocabulary_has_relations() -> None:
    assert len(RELATIONS) >= 100


@pytest.mark.parametrize(("source", "target"), RELATIONS, ids=[f"{s}=>{t}" for s, t in RELATIONS])
def test_a_relation_gives_partial_credit_forward_and_none_backward(
    source: str, target: str
) -> None:
    forward = _report(source, target)
    (row,) = forward["partial"]
    assert (row["name"], row["implied_by"], row["credit"]) == (target, source, PARTIAL_CREDIT)
    assert forward["score"] == pytest.approx(100 * PARTIAL_CREDIT)
    backward = _report(target, source)
    if (target, source) not in RELATIONS:
        # No credit through the relation backward (a sibling of one kind may still be related).
        assert backward["matched"] == []
        assert all(r["implied_by"] is None for r in backward["partial"])


def test_the_skills_implying_a_requirement_are_those_whose_implications_reach_it() -> None:
    from matcher.report import _implied

    vocabulary = default_vocabulary()
    implied_by = vocabulary.implied_by
    for skill in vocabulary.skills:
        reached = set(_implied([skill.name], vocabulary))
        assert reached == {m for m, sources in implied_by.items() if skill.name in sources}, (
            skill.name
        )
    assert sum(map(len, implied_by.values())) >= 600


PARTLY = sorted(
    (target, by) for target, shown_by in default_vocabulary().partly.items() for by in shown_by
)


def test_partial_evidence_is_data_for_the_practices_recruiters_infer() -> None:
    partly = default_vocabulary().partly
    assert {"Software engineering", "Debugging", "Test automation"} <= set(partly)
    assert "Python" in partly["Software engineering"]  # every skill of the language category


@pytest.mark.parametrize(
    ("by", "target"),
    [
        ("Java", "Software engineering"),
        ("Troubleshooting", "Debugging"),
        ("Database administration", "Database design"),
        ("Unit testing", "Test automation"),
        ("Distributed systems", "Large-scale systems"),
        ("React", "Full-stack development"),  # an instance of a kind named as evidence
    ],
)
def test_partial_evidence_partly_meets_a_requirement_one_way(by: str, target: str) -> None:
    forward = _report(by, target)
    (row,) = forward["partial"]
    assert (row["name"], row["related"], row["credit"]) == (target, by, PARTIAL_CREDIT)
    assert forward["missing"] == []
    backward = _report(target, by)
    assert backward["matched"] == [] and backward["partial"] == []


def test_every_partial_evidence_names_skills_of_the_vocabulary() -> None:
    vocabulary = default_vocabulary()
    assert len(PARTLY) >= 500
    for target, by in PARTLY:
        assert vocabulary.get(target) is not None and vocabulary.get(by) is not None
        assert target != by
