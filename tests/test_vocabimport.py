"""The generated layer of the vocabulary: how it loads under the curated files, and its rules."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from matcher.cli import main
from matcher.errors import VocabularyError
from matcher.vocab import GENERATED_DIR, default_vocabulary, load_vocabulary
from matcher.vocabimport import OPEN_FILE, SO_FILE, Rules, Usage, spelling_of
from tests.conftest import REPO_DIR

CURATED = """
category = "devops"

[[skill]]
name = "Jenkins"

[[skill]]
name = "Go"
aliases = ["Golang"]
ambiguous = ["Go"]
cues = ["language"]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(tmp_path: Path, generated: str):
    return load_vocabulary(
        [_write(tmp_path, "curated.toml", CURATED)],
        generated_files=[_write(tmp_path, "generated.toml", generated)],
    )


def test_a_generated_skill_loads_with_its_provenance(tmp_path: Path) -> None:
    vocab = _load(
        tmp_path,
        '[[skill]]\nname = "Mapbox"\ncategory = "library"\nprovenance = "simple-icons:mapbox"\n',
    )
    assert vocab.get("Mapbox").provenance == "simple-icons:mapbox"
    assert vocab.get("Jenkins").provenance == ""


def test_a_generated_entry_for_a_curated_skill_adds_only_its_free_aliases(tmp_path: Path) -> None:
    vocab = _load(
        tmp_path,
        '[[skill]]\nname = "Jenkins"\naliases = ["Hudson", "golang"]\nprovenance = "devicon:jenkins"\n',
    )
    jenkins = vocab.get("Jenkins")
    assert jenkins.aliases == ("Hudson",)
    assert jenkins.category == "devops"
    assert vocab.get("Go").aliases == ("Golang",)


def test_a_generated_form_that_a_curated_skill_holds_is_dropped_not_refused(
    tmp_path: Path,
) -> None:
    # "GO" folds to the curated ambiguous "Go": the curated rule wins, the new skill keeps the rest.
    vocab = _load(
        tmp_path,
        '[[skill]]\nname = "Go Tool"\naliases = ["GO", "gotool"]\ncategory = "devops"\n'
        'provenance = "x:1"\n',
    )
    assert vocab.get("Go Tool").aliases == ("gotool",)


def test_a_generated_skill_named_like_a_curated_form_is_dropped(tmp_path: Path) -> None:
    vocab = _load(
        tmp_path, '[[skill]]\nname = "Golang"\ncategory = "language"\nprovenance = "x:1"\n'
    )
    assert vocab.get("Golang") is None
    assert vocab.get("Go").aliases == ("Golang",)


def test_a_generated_entry_without_provenance_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="provenance"):
        _load(tmp_path, '[[skill]]\nname = "Mapbox"\ncategory = "library"\n')


def test_the_shipped_vocabulary_reads_the_generated_layer_after_the_curated_files() -> None:
    vocab = default_vocabulary()
    generated = [s for s in vocab.skills if s.provenance]
    assert generated, "vocab/generated/ adds no skill"
    assert all(s.source.startswith((OPEN_FILE, SO_FILE)) for s in generated)
    curated = load_vocabulary(sorted((REPO_DIR / "vocab" / "skills").glob("*.toml")))
    for skill in curated.skills:
        assert vocab.get(skill.name).category == skill.category


@pytest.mark.parametrize(
    "alias, name, expected",
    [
        ("postgres", "postgresql", True),
        ("spark-sql", "apache-spark-sql", True),
        ("js", "javascript", True),
        ("pgsql", "postgresql", True),
        ("k8s", "kubernetes", False),
        ("aurelia-router", "aurelia", False),
        ("API", "API Gateway", False),
        ("jvm", "java", False),
    ],
)
def test_an_alias_counts_as_a_spelling_only_when_it_spells_the_name(
    alias: str, name: str, expected: bool
) -> None:
    assert spelling_of(alias, name) is expected


def _usage(**writings: dict[str, int]) -> dict[str, Usage]:
    out = {}
    for form, inside in writings.items():
        out[form.replace("_", " ")] = Usage(documents=sum(inside.values()), inside=dict(inside))
    return out


def test_the_rules_keep_names_and_leave_out_words_short_forms_and_curated_ones() -> None:
    rules = Rules(
        claimed={"jenkins": "Jenkins"},
        loose={"jenkins": "Jenkins"},
        blocked=frozenset(),
        usage=_usage(
            slack={"Slack": 9, "slack": 3},
            workflow={"workflow": 20, "Workflow": 2},
            data_entry={"data entry": 5},
        ),
    )
    assert rules.shape("Mapbox") == "plain"  # no English word
    assert rules.shape("Slack") == "ambiguous"  # a word the documents write as a name
    assert rules.shape("slack") is None  # ... but only with its capital
    assert rules.shape("Workflow") is None  # written in lower case inside sentences
    assert rules.shape("Data entry") is None
    assert rules.shape("Make") is None  # too common a word for any rule
    assert rules.shape("JVM") == "ambiguous" and rules.shape("jvm") is None
    assert rules.shape("QA") is None  # two letters
    assert not rules.free("Jenkins") and not rules.free("jenkins") and rules.free("Hudson")


def test_every_generated_entry_has_provenance_and_its_file_its_license() -> None:
    for name, license_line in (
        (OPEN_FILE, "Used under the CC BY 4.0"),
        (SO_FILE, "Stack Overflow tag data, Stack Exchange, Inc., CC BY-SA 4.0"),
    ):
        text = (GENERATED_DIR / name).read_text(encoding="utf-8")
        assert license_line in text
        entries = tomllib.loads(text)["skill"]
        assert entries
        for entry in entries:
            assert entry.get("provenance"), f"{name}: {entry['name']} has no provenance"
    so = tomllib.loads((GENERATED_DIR / SO_FILE).read_text(encoding="utf-8"))["skill"]
    assert all(p.startswith("stackoverflow:") for e in so for p in str(e["provenance"]).split("; "))


def test_the_committed_layer_is_reproduced_exactly_by_vocab_import(
    shared_data: Path, tmp_path: Path
) -> None:
    assert main(["vocab", "import", "--data", str(shared_data), "--out", str(tmp_path)]) == 0
    for name in (OPEN_FILE, SO_FILE):
        committed = (GENERATED_DIR / name).read_text(encoding="utf-8")
        rebuilt = (tmp_path / name).read_text(encoding="utf-8")
        assert rebuilt == committed, f"vocab/generated/{name} is stale: run `make vocab`"


def test_vocab_import_without_the_data_says_what_to_pass(tmp_path: Path, capsys) -> None:
    assert main(["vocab", "import", "--data", str(tmp_path), "--out", str(tmp_path)]) == 1
    assert "--data" in capsys.readouterr().err
