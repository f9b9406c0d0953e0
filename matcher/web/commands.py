"""Admin commands: ``flask --app matcher users ...`` and ``flask --app matcher reports ...``."""

from __future__ import annotations

import re

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import Connection

from matcher.web import db
from matcher.web.forms import EMAIL_PATTERN, normalize_email
from matcher.web.passwords import hash_password, password_problem

users_command = AppGroup("users", help="List, create and delete accounts; set a password.")
reports_command = AppGroup(
    "reports", help="Reports saved before accounts existed, and the retention period."
)


def _conn() -> Connection:
    return db.app_engine(current_app).connect()


def _account(conn: Connection, email: str) -> db.User:
    found = db.find_user(conn, normalize_email(email))
    if found is None:
        raise click.ClickException(f"There is no account {email!r}; `users list` shows them.")
    return found[0]


def _new_password_hash(email: str, password: str) -> str:
    config = current_app.config
    problem = password_problem(password, email, config["PASSWORD_MIN_LENGTH"])
    if problem:
        raise click.ClickException(problem)
    return hash_password(password, config["PASSWORD_HASH_METHOD"])


def _password_option() -> click.Option:
    return click.option(
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help="The password (asked for when not given; prefer that to keep it out of history).",
    )


@users_command.command("list")
def list_users() -> None:
    """Every account with its reports and API tokens."""
    conn = _conn()
    try:
        rows = db.list_users(conn)
    finally:
        conn.close()
    if not rows:
        click.echo("No accounts.")
    for row in rows:
        click.echo(
            f"{row['id']}\t{row['email']}\tcreated {row['created']}\t"
            f"{row['reports']} reports\t{row['tokens']} API tokens"
        )


@users_command.command("create")
@click.argument("email")
@_password_option()
def create_user(email: str, password: str) -> None:
    """Create an account."""
    email = normalize_email(email)
    if not re.match(EMAIL_PATTERN, email):
        raise click.ClickException(f"{email!r} is not an email address.")
    conn = _conn()
    try:
        user = db.create_user(conn, email, _new_password_hash(email, password))
    finally:
        conn.close()
    if user is None:
        raise click.ClickException(f"There is already an account {email!r}.")
    click.echo(f"Created account {user.id} for {email}.")


@users_command.command("set-password")
@click.argument("email")
@_password_option()
def set_password(email: str, password: str) -> None:
    """Set an account's password; its sessions are signed out."""
    conn = _conn()
    try:
        user = _account(conn, email)
        db.set_password(conn, user.id, _new_password_hash(user.email, password))
    finally:
        conn.close()
    click.echo(f"Password set for {user.email}; its sessions are signed out.")


@users_command.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_user(email: str, yes: bool) -> None:
    """Delete an account with all its reports, share links and API tokens."""
    conn = _conn()
    try:
        user = _account(conn, email)
        if not yes:
            click.confirm(f"Delete {user.email} and every report it saved?", abort=True)
        db.delete_user(conn, user.id)
    finally:
        conn.close()
    click.echo(f"Deleted {user.email} with its reports and tokens.")


@reports_command.command("unowned")
def list_unowned() -> None:
    """Reports saved before accounts existed (nobody can open them until given to an account)."""
    conn = _conn()
    try:
        rows = db.list_unowned(conn)
    finally:
        conn.close()
    click.echo(f"{len(rows)} reports without an owner.")
    for row in rows:
        click.echo(f"{row['id']}\t{row['created']}\t{row['score']:.0f}\t{row['label']}")


@reports_command.command("assign-unowned")
@click.argument("email")
def assign_unowned(email: str) -> None:
    """Give every report without an owner to the account EMAIL."""
    conn = _conn()
    try:
        user = _account(conn, email)
        moved = db.assign_unowned(conn, user.id)
    finally:
        conn.close()
    click.echo(f"Gave {moved} reports to {user.email}.")


@reports_command.command("delete-unowned")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_unowned(yes: bool) -> None:
    """Delete every report without an owner, with its texts."""
    if not yes:
        click.confirm("Delete every report saved before accounts existed?", abort=True)
    conn = _conn()
    try:
        deleted = db.delete_unowned(conn)
    finally:
        conn.close()
    click.echo(f"Deleted {deleted} reports without an owner.")


@reports_command.command("purge-expired")
def purge_expired() -> None:
    """Delete reports older than REPORT_RETENTION_DAYS now (the app also does it as it runs)."""
    days = current_app.config["REPORT_RETENTION_DAYS"]
    if days <= 0:
        click.echo("REPORT_RETENTION_DAYS is 0: reports are kept until their owners delete them.")
        return
    conn = _conn()
    try:
        deleted = db.purge_expired(conn, days)
    finally:
        conn.close()
    click.echo(f"Deleted {deleted} reports saved more than {days} days ago.")
