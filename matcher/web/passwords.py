"""Password rules and hashing: a minimum length, no common password, a memory-hard hash.

The rules follow NIST SP 800-63B: a length floor and a check against passwords known from
breaches, and no composition rules. The list (``common_passwords.txt``) holds the 8,354
entries of 8 characters or more of the 20,000 common passwords Django ships, lowercased; see
the file's header for where it comes from.
"""

from __future__ import annotations

import functools
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
MAX_LENGTH = 256  # a longer one is a mistake or an attempt to make hashing slow


@functools.cache
def common_passwords() -> frozenset[str]:
    """The common-passwords list, lowercased."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("# "))


def password_problem(password: str, email: str, min_length: int) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < min_length:
        return f"Use at least {min_length} characters; a few words in a row are easy to remember."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in common_passwords():
        return "This password is among the most common ones and is guessed first; choose another."
    local = email.partition("@")[0].lower()
    if email.lower() in lowered or (len(local) >= 4 and local in lowered):
        return "The password must not contain your email address."
    return None


def hash_password(password: str, method: str) -> str:
    """The password's salted hash (scrypt by default; ``method`` in werkzeug's notation)."""
    return generate_password_hash(password, method=method)


@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not a password anyone has", method=method)


def check_password(password_hash: str | None, password: str, method: str) -> bool:
    """Whether the password matches; with no hash (no such account), spend the same time on a
    dummy one, so the answer's timing does not tell whether the address has an account."""
    if password_hash is None:
        check_password_hash(_dummy_hash(method), password)
        return False
    return check_password_hash(password_hash, password)
