"""The web app's settings, declared once as data with their help text.

Layering (see :func:`load_settings`): these defaults, then ``instance/config.py``, then
``MATCHER_<NAME>`` environment variables. A test mapping replaces the last two. The instance
folder itself is decided before any of them (:func:`instance_path`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from matcher.resources import checkout_dir

MiB = 1024 * 1024
ENV_PREFIX = "MATCHER_"
SECRET_KEY_FILE = "secret_key"
DEV_SECRET_KEY = "dev-only-not-secret"


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _paths(value: str) -> list[str]:
    return [p for p in value.split(os.pathsep) if p]


@dataclass(frozen=True)
class Setting:
    """One configuration key: its default, what it does, and how to read it from a string."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "MAX_CONTENT_LENGTH",
        32 * MiB,
        "Largest request body in bytes (all files and fields together); larger gets 413.",
        int,
    ),
    Setting(
        "MAX_FILE_BYTES",
        5 * MiB,
        "Largest single uploaded document in bytes; larger gets 413.",
        int,
    ),
    Setting(
        "MAX_FORM_MEMORY_SIZE",
        2 * MiB,
        "Largest non-file form field in bytes (werkzeug's max_form_memory_size); larger gets 413.",
        int,
    ),
    Setting(
        "MAX_FORM_PARTS",
        256,
        "Most parts a multipart body may have (werkzeug's max_form_parts); more gets 413.",
        int,
    ),
    Setting(
        "MAX_TEXT_CHARS",
        100_000,
        "Longest document text in characters, pasted or extracted; longer gets 413.",
        int,
    ),
    Setting(
        "PARSE_TIMEOUT",
        # Under 10 s so that a cut-off parse still answers within a 10 s client timeout.
        8.0,
        "Seconds a document may take to parse before it is cut off (422).",
        float,
    ),
    Setting(
        "PARSE_MEMORY_MB",
        512,
        "Memory in MiB the parsing child process may use before it is cut off (422).",
        int,
    ),
    Setting(
        "DATABASE",
        "matcher.sqlite3",
        "SQLite file of accounts and saved reports; a relative path is taken inside the "
        "instance folder.",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "SQLAlchemy URL of the database, e.g. postgresql+psycopg://user:password@host/matcher "
        "for several app hosts. Unset: the SQLite file DATABASE, created and upgraded at "
        "start-up; any other database is created and upgraded by `flask --app matcher db "
        "upgrade`, and the app refuses to start until its schema is current.",
    ),
    Setting(
        "DATABASE_POOL_SIZE",
        0,
        "Database connections each server process keeps open (plus 2 in reserve). 0: as many "
        "as the gunicorn worker has threads (MATCHER_THREADS), since a request holds one; "
        "5 outside gunicorn. A PostgreSQL server must allow hosts x workers x (this + 2).",
        int,
    ),
    Setting(
        "SQLITE_BUSY_TIMEOUT_MS",
        5000,
        "Milliseconds a write waits for another worker's write lock before failing.",
        int,
    ),
    Setting(
        "VOCAB_FILES",
        [],
        "Extra skills files (TOML) added to the vocabulary; in the environment, "
        "separate paths with the OS path separator.",
        _paths,
    ),
    Setting(
        "HISTORY_PAGE_SIZE",
        50,
        "Saved reports listed per page of /history.",
        int,
    ),
    Setting(
        "CONTENT_SECURITY_POLICY",
        "default-src 'self'",
        "The Content-Security-Policy header sent with every response.",
    ),
    Setting(
        "SESSION_COOKIE_SAMESITE",
        "Lax",
        "SameSite attribute of the session cookie (which carries the CSRF secret).",
    ),
    Setting(
        "SESSION_COOKIE_HTTPONLY",
        True,
        "Keep the session cookie away from scripts.",
        _bool,
    ),
    Setting(
        "SESSION_COOKIE_SECURE",
        False,
        "Always mark the session cookie Secure (HTTPS only). Without it the cookie is Secure "
        "whenever the request came over HTTPS, directly or through TRUSTED_PROXIES.",
        _bool,
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "How many proxies in front of the app set X-Forwarded-For, -Proto, -Host and -Port "
        "(werkzeug's ProxyFix); 0 trusts none of those headers.",
        int,
    ),
    Setting(
        "SESSION_PROTECTION",
        "strong",
        "Flask-Login's session protection: 'strong' ends a signed-in session when its "
        "address or browser changes, 'basic' only marks it stale, '' turns it off.",
    ),
    Setting(
        "PASSWORD_MIN_LENGTH",
        10,
        "Shortest password accepted at sign-up or change (at least 8, the length of the "
        "shortest entry in the common-passwords list).",
        int,
    ),
    Setting(
        "PASSWORD_HASH_METHOD",
        "scrypt:32768:8:1",
        "Password hash (werkzeug's generate_password_hash method): scrypt with N, r, p; "
        "about 0.1 s and 32 MiB per hash here.",
    ),
    Setting(
        "REPORT_RETENTION_DAYS",
        0,
        "Delete saved reports this many days after they were saved (0: keep them until "
        "their owner deletes them).",
        int,
    ),
    Setting(
        "RATELIMIT_ENABLED",
        True,
        "Apply the abuse limits below (Flask-Limiter); off, nothing is counted.",
        _bool,
    ),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        "Where the limits are counted: memory:// for one server (each worker counts on its "
        "own), or a Redis URL such as redis://host:6379/0 shared by several servers.",
    ),
    Setting(
        "LOGIN_LIMIT_PER_ADDRESS",
        "20 per minute;200 per day",
        "Failed sign-ins allowed from one client address (Flask-Limiter notation).",
    ),
    Setting(
        "LOGIN_LIMIT_PER_ACCOUNT",
        "5 per minute;50 per day",
        "Failed sign-ins allowed against one email address, from any client address.",
    ),
    Setting(
        "SIGNUP_LIMIT_PER_ADDRESS",
        "20 per hour",
        "Sign-up attempts allowed from one client address.",
    ),
    Setting(
        "SIGNUP_LIMIT_PER_ACCOUNT",
        "5 per hour",
        "Sign-up attempts allowed for one email address, from any client address.",
    ),
    Setting(
        "MATCH_LIMIT_PER_ADDRESS",
        "120 per minute",
        "Matches (the form, /api/v1/match and /api/v1/skills together) allowed from one "
        "client address.",
    ),
    Setting(
        "RANK_LIMIT_PER_ADDRESS",
        "600 per minute",
        "Ranking requests allowed from one client address (the ranking page scores each "
        "document in a request of its own).",
    ),
    Setting(
        "WTF_CSRF_TIME_LIMIT",
        12 * 3600,
        "Seconds a form's CSRF token stays valid; after that the form asks for a reload.",
        int,
    ),
    Setting(
        "SECRET_KEY",
        None,
        "Signs the session cookie. Unset: tests and debug use a dev key; otherwise a random "
        "key is generated once into instance/secret_key (mode 0600).",
    ),
    Setting(
        "INSTANCE_PATH",
        None,
        "Folder of config.py, secret_key and the SQLite file; read from the environment only. "
        "Unset: instance/ in a checkout; for an installed package Flask's default, "
        "<prefix>/var/matcher.web-instance.",
    ),
)


def load_settings(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    """Fill ``app.config``: defaults, then instance/config.py and MATCHER_* env (or ``test_config``)."""
    app.config.from_mapping({s.name: s.default for s in SETTINGS})
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(_from_environ(os.environ))
    else:
        app.config.update(test_config)
    # The folder in effect: it was decided before config.py was read, so config.py cannot move it.
    app.config["INSTANCE_PATH"] = app.instance_path
    app.config["DATABASE"] = str(Path(app.instance_path) / app.config["DATABASE"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app)
    if app.config["PASSWORD_MIN_LENGTH"] < 8:
        raise RuntimeError(
            f"PASSWORD_MIN_LENGTH={app.config['PASSWORD_MIN_LENGTH']} is below 8; the "
            "common-passwords check only covers passwords of 8 characters or more"
        )


def instance_path(environ: Mapping[str, str] = os.environ) -> str | None:
    """The instance folder: ``MATCHER_INSTANCE_PATH`` when set, else ``instance/`` in a checkout,
    else None, which lets Flask choose its default for an installed package."""
    if value := environ.get(ENV_PREFIX + "INSTANCE_PATH"):
        return os.path.abspath(value)
    checkout = checkout_dir()
    return str(checkout / "instance") if checkout else None


def _from_environ(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(ENV_PREFIX + setting.name)
        if raw is None:
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise RuntimeError(f"{ENV_PREFIX}{setting.name}={raw!r} is not valid: {exc}") from exc
    return values


def _secret_key(app: Flask) -> str:
    """A dev key for tests and debug; otherwise the installation's own key, made on first run."""
    if app.testing or app.debug:
        return DEV_SECRET_KEY
    path = Path(app.instance_path) / SECRET_KEY_FILE
    if not path.exists():
        _write_new_key(path)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds a key shorter than 32 characters; delete it to renew")
    return key


def _write_new_key(path: Path) -> None:
    """Write a random key atomically, readable by the owner only; the first writer wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass  # another worker made it first; use theirs
    finally:
        tmp.unlink()


@click.command("settings")
@with_appcontext
def settings_command() -> None:
    """List every setting with its value in effect and what it does."""
    for setting in SETTINGS:
        value = current_app.config.get(setting.name)
        shown = "(set)" if setting.name == "SECRET_KEY" and value else repr(value)
        click.echo(
            f"{setting.name} = {shown}\n    {setting.help}\n    env: {ENV_PREFIX}{setting.name}"
        )
