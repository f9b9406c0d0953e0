"""Settings: declared once with help, layered defaults → instance config → MATCHER_* env."""

from __future__ import annotations

import pytest

from matcher.web import create_app
from matcher.web.settings import SETTINGS, _from_environ, instance_path
from tests.conftest import REPO_DIR


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_explains_itself(setting):
    assert len(setting.help) > 20
    assert setting.help.endswith(".") or setting.help.endswith(")")


def test_the_settings_command_lists_every_setting_with_its_help_and_hides_the_secret(runner):
    output = runner.invoke(args=["settings"]).output
    for setting in SETTINGS:
        assert f"{setting.name} = " in output
        assert setting.help in output
    assert "SECRET_KEY = (set)" in output
    assert "dev-only" not in output


def test_environment_variables_override_defaults_with_their_types():
    values = _from_environ(
        {
            "MATCHER_MAX_CONTENT_LENGTH": "1024",
            "MATCHER_PARSE_TIMEOUT": "2.5",
            "MATCHER_SESSION_COOKIE_SECURE": "yes",
            "MATCHER_VOCAB_FILES": "a.toml:b.toml",
            "UNRELATED": "x",
        }
    )
    assert values == {
        "MAX_CONTENT_LENGTH": 1024,
        "PARSE_TIMEOUT": 2.5,
        "SESSION_COOKIE_SECURE": True,
        "VOCAB_FILES": ["a.toml", "b.toml"],
    }


def test_a_bad_environment_value_stops_startup_naming_the_variable():
    with pytest.raises(RuntimeError, match="MATCHER_MAX_CONTENT_LENGTH"):
        _from_environ({"MATCHER_MAX_CONTENT_LENGTH": "ten megabytes"})


def test_a_test_config_replaces_instance_config_and_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHER_MAX_TEXT_CHARS", "7")
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "db.sqlite3")})
    assert app.config["MAX_TEXT_CHARS"] == 100_000
    assert app.config["MAX_FORM_PARTS"] == 256


def test_a_relative_database_path_lives_in_the_instance_folder(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "x.sqlite3")})
    assert app.config["DATABASE"] == str(tmp_path / "x.sqlite3")


def test_a_checkout_keeps_its_instance_folder_beside_the_package():
    assert instance_path({}) == str(REPO_DIR / "instance")


def test_the_instance_folder_can_be_moved_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHER_INSTANCE_PATH", str(tmp_path / "inst"))
    app = create_app()
    assert app.instance_path == str(tmp_path / "inst")
    assert app.config["INSTANCE_PATH"] == app.instance_path
    assert app.config["DATABASE"] == str(tmp_path / "inst" / "matcher.sqlite3")
    assert (tmp_path / "inst" / "secret_key").is_file()


@pytest.mark.parametrize(
    "name", ["DATABASE", "SQLITE_BUSY_TIMEOUT_MS", "DATABASE_URL", "DATABASE_POOL_SIZE"]
)
def test_the_readme_names_each_database_setting(name):
    from tests.conftest import REPO_DIR

    assert name in {s.name for s in SETTINGS}
    assert f"`{name}`" in (REPO_DIR / "README.md").read_text(encoding="utf-8")
