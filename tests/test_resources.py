"""Data folders: in a checkout (and its editable install) the top-level folders are read."""

from __future__ import annotations

import pytest

from matcher import resources
from matcher.vocab import VOCAB_DIR
from tests.conftest import REPO_DIR


@pytest.mark.parametrize("name", resources.DATA_FOLDERS)
def test_a_checkout_reads_its_top_level_data_folders_so_edits_show_at_once(name):
    assert resources.data_dir(name) == REPO_DIR / name
    assert resources.data_dir(name).is_dir()


def test_a_checkout_is_not_an_installed_package():
    assert not resources.is_installed()
    assert resources.checkout_dir() == REPO_DIR


def test_the_vocabulary_is_read_from_the_data_folder():
    assert resources.data_dir("vocab") == VOCAB_DIR


def test_an_unknown_data_folder_is_refused_with_the_names_it_knows():
    with pytest.raises(ValueError, match="vocab, templates, static"):
        resources.data_dir("instance")  # type: ignore[arg-type]
