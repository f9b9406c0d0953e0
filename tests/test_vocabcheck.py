"""``matcher vocab check``: the warnings a reviewer of the vocabulary needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.vocab import load_vocabulary
from matcher.vocabcheck import check_vocabulary, common_word_aliases, near_collisions, unseen_skills


@pytest.fixture()
def vocab(tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text(
        'category = "devops"\n'
        '[[skill]]\nname = "CI/CD"\n'
        '[[skill]]\nname = "CICD pipelines"\naliases = ["CI-CD"]\n'
        '[[skill]]\nname = "Chef"\n'
        '[[skill]]\nname = "Spring"\ncategory = "framework"\nambiguous = ["Spring"]\n'
        '[[skill]]\nname = "Kubernetes"\n',
        encoding="utf-8",
    )
    return load_vocabulary([path], blocker_files=())


def test_forms_equal_but_for_punctuation_are_reported(vocab) -> None:
    (finding,) = near_collisions(vocab)
    assert finding.skill == "CICD pipelines"
    assert "'CI/CD'" in finding.message


def test_a_common_english_alias_without_context_rule_is_reported(vocab) -> None:
    pytest.importorskip("wordfreq")
    flagged = {f.skill for f in common_word_aliases(vocab)}
    assert "Chef" in flagged
    assert "Spring" not in flagged  # it has a context rule
    assert "Kubernetes" not in flagged


def test_skills_no_corpus_document_names_are_reported(vocab) -> None:
    market = {
        "skills": {
            "Kubernetes": {"postings": 3, "resumes": 0},
            "Chef": {"postings": 0, "resumes": 0},
        }
    }
    unseen = {f.skill: f.message for f in unseen_skills(vocab, market)}
    assert "Kubernetes" not in unseen
    assert "no posting and no resume" in unseen["Chef"]
    assert "rebuild" in unseen["CI/CD"]


def test_a_generated_skill_no_document_names_is_not_reported_unseen(tmp_path: Path) -> None:
    curated = tmp_path / "s.toml"
    curated.write_text('category = "devops"\n[[skill]]\nname = "Chef"\n', encoding="utf-8")
    generated = tmp_path / "g.toml"
    generated.write_text(
        '[[skill]]\nname = "Kueue"\ncategory = "devops"\nprovenance = "cncf:Kueue"\n',
        encoding="utf-8",
    )
    vocab = load_vocabulary([curated], generated_files=[generated])
    unseen = {
        f.skill for f in unseen_skills(vocab, {"skills": {"Chef": {"postings": 0, "resumes": 0}}})
    }
    assert unseen == {"Chef"}


def test_findings_are_sorted_by_check_and_skill(vocab) -> None:
    findings = check_vocabulary(vocab, {"skills": {}})
    assert findings == sorted(findings, key=lambda f: (f.check, f.skill.lower()))


def test_every_skill_named_as_a_kind_of_thing_has_instances() -> None:
    from matcher.vocab import default_vocabulary
    from matcher.vocabcheck import concepts_without_instances

    assert concepts_without_instances(default_vocabulary()) == []


def test_a_kind_of_thing_without_instances_is_reported(tmp_path) -> None:
    from matcher.vocab import load_vocabulary
    from matcher.vocabcheck import concepts_without_instances

    path = tmp_path / "s.toml"
    path.write_text('[[skill]]\nname = "Graph databases"\ncategory = "database"\n')
    (finding,) = concepts_without_instances(load_vocabulary([path], blocker_files=()))
    assert (finding.check, finding.skill) == ("kind", "Graph databases")
