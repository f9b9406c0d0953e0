"""Admin commands: flask --app matcher users list|create|delete|set-password."""

from __future__ import annotations

import pytest

from tests.web.conftest import OTHER_PASSWORD, PASSWORD, report_count, save_as, sign_in, sign_up

pytestmark = pytest.mark.both_databases


def test_users_create_makes_an_account_that_can_sign_in(app, runner):
    result = runner.invoke(
        args=["users", "create", "Cli@Example.com"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created account" in result.output
    assert sign_in(app.test_client(), "cli@example.com").status_code == 303


def test_users_create_applies_the_password_rules(runner):
    result = runner.invoke(args=["users", "create", "a@example.com", "--password", "password123"])
    assert result.exit_code != 0
    assert "most common" in result.output


def test_users_list_shows_accounts_with_their_reports(app, client, runner):
    sign_up(client, "ann@example.com")
    save_as(client)
    output = runner.invoke(args=["users", "list"]).output
    assert "ann@example.com" in output
    assert "1 reports" in output


def test_users_set_password_changes_it_and_signs_out_every_session(app, client, runner):
    sign_up(client, "ann@example.com")
    result = runner.invoke(
        args=["users", "set-password", "ann@example.com", "--password", OTHER_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert client.get("/history").status_code == 302
    assert sign_in(app.test_client(), "ann@example.com", PASSWORD).status_code == 400
    assert sign_in(app.test_client(), "ann@example.com", OTHER_PASSWORD).status_code == 303


def test_users_delete_removes_the_account_and_its_reports(app, client, runner):
    sign_up(client, "ann@example.com")
    save_as(client)
    result = runner.invoke(args=["users", "delete", "ann@example.com", "--yes"])
    assert result.exit_code == 0, result.output
    assert report_count(app) == 0
    assert "No accounts." in runner.invoke(args=["users", "list"]).output


def test_users_delete_of_an_unknown_address_fails_with_a_message(runner):
    result = runner.invoke(args=["users", "delete", "nobody@example.com", "--yes"])
    assert result.exit_code != 0
    assert "no account" in result.output
