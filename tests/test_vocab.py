"""The vocabulary loader: valid data loads, and every kind of bad entry is named in the error."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.errors import VocabularyError
from matcher.vocab import CATEGORIES, default_vocabulary, load_vocabulary


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def load(tmp_path: Path, body: str, **kwargs) -> object:
    return load_vocabulary([write(tmp_path, "skills.toml", body)], blocker_files=(), **kwargs)


def test_a_valid_file_loads_with_categories_and_kinds(tmp_path: Path) -> None:
    vocab = load(
        tmp_path,
        'category = "database"\n[[skill]]\nname = "PostgreSQL"\naliases = ["Postgres"]\n'
        '[[skill]]\nname = "Teamwork"\ncategory = "soft"\n',
    )
    assert vocab.get("postgresql").aliases == ("Postgres",)
    assert vocab.get("Teamwork").kind == "soft"
    assert vocab.get("PostgreSQL").kind == "hard"


def test_an_alias_claimed_by_two_skills_is_rejected_naming_both(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match=r"'go' is claimed by two skills.*'Go'.*'Golang'"):
        load(
            tmp_path,
            'category = "language"\n[[skill]]\nname = "Go"\n[[skill]]\nname = "Golang"\naliases = ["go"]\n',
        )


def test_an_unknown_category_is_rejected_with_the_choices(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match=r"skill 'Kafka'.*unknown category 'queue'"):
        load(tmp_path, '[[skill]]\nname = "Kafka"\ncategory = "queue"\n')


def test_an_empty_name_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="empty or missing name"):
        load(tmp_path, 'category = "language"\n[[skill]]\nname = "  "\n')


def test_implies_must_name_an_existing_skill(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="implies unknown skill 'Pyhton'"):
        load(tmp_path, 'category = "framework"\n[[skill]]\nname = "Django"\nimplies = ["Pyhton"]\n')


def test_a_bad_deny_regex_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="bad regular expression"):
        load(
            tmp_path,
            'category = "language"\n[[skill]]\nname = "R"\nambiguous = ["R"]\ndeny_after = ["(&"]\n',
        )


def test_an_unknown_key_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="unknown key"):
        load(tmp_path, 'category = "language"\n[[skill]]\nname = "Rust"\nalias = ["rs"]\n')


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match=r"skills.toml: not valid TOML"):
        load(tmp_path, "[[skill]\nname=")


def test_a_user_file_adds_skills_and_extends_existing_ones(tmp_path: Path) -> None:
    base = write(tmp_path, "base.toml", 'category = "database"\n[[skill]]\nname = "PostgreSQL"\n')
    user = write(
        tmp_path,
        "mine.toml",
        '[[skill]]\nname = "PostgreSQL"\naliases = ["PG"]\n'
        '[[skill]]\nname = "Tigerbeetle"\ncategory = "database"\n',
    )
    vocab = load_vocabulary([base], user_files=[user], blocker_files=())
    assert vocab.get("PostgreSQL").aliases == ("PG",)
    assert vocab.get("Tigerbeetle") is not None


def test_a_skill_defined_twice_in_the_base_vocabulary_is_rejected(tmp_path: Path) -> None:
    a = write(tmp_path, "a.toml", 'category = "database"\n[[skill]]\nname = "Redis"\n')
    b = write(tmp_path, "b.toml", 'category = "database"\n[[skill]]\nname = "redis"\n')
    with pytest.raises(VocabularyError, match="defined twice"):
        load_vocabulary([a, b], blocker_files=())


def test_the_shipped_vocabulary_loads_and_uses_every_category() -> None:
    vocab = default_vocabulary()
    assert len(vocab) >= 400
    assert {s.category for s in vocab.skills} == set(CATEGORIES)


SKILLS = (
    '[[skill]]\nname = "Software engineering"\ncategory = "practice"\n'
    '[[skill]]\nname = "Go"\ncategory = "language"\n'
)


@pytest.mark.parametrize(
    ("partly", "error"),
    [
        ('skill = "Cooking"\nby = ["Go"]', r"partly 1: skill 'Cooking' is not a skill"),
        ('skill = "Go"\nby = ["Rust"]', r"partly 1 \(Go\): 'Rust' is not a skill"),
        ('skill = "Go"\nby = ["go"]', r"'Go' cannot show part of itself"),
        ('skill = "Go"\ncategories = ["poetry"]', r"no skill has category 'poetry'"),
    ],
)
def test_a_bad_partial_evidence_entry_is_named(tmp_path: Path, partly: str, error: str) -> None:
    kinds = write(tmp_path, "kinds.toml", f"[[partly]]\n{partly}\n")
    with pytest.raises(VocabularyError, match=error):
        load(tmp_path, SKILLS, kind_files=[kinds])


def test_partial_evidence_by_category_takes_every_skill_of_it(tmp_path: Path) -> None:
    kinds = write(
        tmp_path,
        "kinds.toml",
        '[[partly]]\nskill = "Software engineering"\ncategories = ["language"]\n',
    )
    vocab = load(tmp_path, SKILLS, kind_files=[kinds])
    assert vocab.partly == {"Software engineering": ("Go",)}
    assert vocab.related["Software engineering"] == {"Go"}
