"""Abuse limits with Flask-Limiter: sign-in and sign-up per client address and per account,
matching and ranking per client address. Each limit is a setting (Flask-Limiter's notation,
e.g. ``5 per minute;50 per day``).

Flask-Limiter keeps its storage and switches on the extension object, so each app gets its own
``Limiter`` (made in :func:`init_limits`), and the limits are attached to the app's views here
rather than by decorators at import time.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, request
from flask.wrappers import Response
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def by_address() -> str:
    """The client's address (the proxy's view of it with TRUSTED_PROXIES)."""
    return get_remote_address()


def by_account() -> str:
    """The email address a sign-in or sign-up names, hashed (no address kept in the store)."""
    email = (request.form.get("email") or "").strip().lower()
    return "account:" + hashlib.sha256(email.encode("utf-8")).hexdigest()[:32]


def failed(response: Response) -> bool:
    """Count only failed attempts: a successful sign-in redirects (303)."""
    return response.status_code != 303


@dataclass(frozen=True)
class LimitRule:
    """A setting's limit on some views, counted per key, together when ``scope`` is set."""

    setting: str
    endpoints: tuple[str, ...]
    key: Callable[[], str]
    scope: str | None = None
    deduct_when: Callable[[Response], bool] | None = None


RULES: tuple[LimitRule, ...] = (
    LimitRule("LOGIN_LIMIT_PER_ADDRESS", ("auth.login",), by_address, deduct_when=failed),
    LimitRule("LOGIN_LIMIT_PER_ACCOUNT", ("auth.login",), by_account, deduct_when=failed),
    LimitRule("SIGNUP_LIMIT_PER_ADDRESS", ("auth.signup",), by_address),
    LimitRule("SIGNUP_LIMIT_PER_ACCOUNT", ("auth.signup",), by_account),
    LimitRule(
        "MATCH_LIMIT_PER_ADDRESS",
        ("pages.match", "api.match", "api.skills", "reports_api.save"),
        by_address,
        "match",
    ),
    LimitRule(
        "RANK_LIMIT_PER_ADDRESS",
        ("rank.rank", "rank_api.document", "rank_api.score"),
        by_address,
        "rank",
    ),
)

TOO_MANY = "Too many attempts from here in a short time. Wait a little and try again."


def _limit_value(setting: str) -> Callable[[], str]:
    return lambda: current_app.config[setting]


def init_limits(app: Flask) -> Limiter:
    """Bind a limiter to the app (storage from RATELIMIT_STORAGE_URI) and limit the views."""
    limiter = Limiter(
        key_func=by_address,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        # O(1) a hit in memory; "moving-window" keeps every hit and cost ~1 ms a request at
        # the benchmark's rates (measured in-process, limits 5.8).
        strategy="sliding-window-counter",
    )
    limiter.init_app(app)
    for rule in RULES:
        for endpoint in rule.endpoints:
            value = _limit_value(rule.setting)
            if rule.scope:
                decorate = limiter.shared_limit(
                    value, scope=rule.scope, key_func=rule.key, error_message=TOO_MANY
                )
            else:
                decorate = limiter.limit(
                    value, key_func=rule.key, deduct_when=rule.deduct_when, error_message=TOO_MANY
                )
            app.view_functions[endpoint] = decorate(app.view_functions[endpoint])
    app.extensions["matcher_limiter"] = limiter
    return limiter


def retry_after() -> int:
    """Seconds until the limit this request broke lets a request through again (at least 1).

    Flask-Limiter can add this header itself (with X-RateLimit-* on every limited response),
    but that costs every request; only a 429 needs it.
    """
    limiter: Limiter | None = current_app.extensions.get("matcher_limiter")
    limit = limiter.current_limit if limiter is not None else None
    if limit is None:
        return 60
    return max(1, int(limit.reset_at - time.time()))
