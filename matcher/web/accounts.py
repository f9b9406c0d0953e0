"""Accounts: sign up, sign in, sign out, the account page, API tokens, my data, deletion.

Sessions are Flask's signed cookie, managed by Flask-Login. The id kept in the cookie is the
account's id and its session token; changing the password draws a new token, so every other
session of the account ends. Signing in clears the session first, so nothing set before it
(a CSRF secret, a flash) carries over into the signed-in session.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import urlsplit

import flask_login
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import (
    UserMixin,
    current_user,
    login_required,
    login_user,
    logout_user,
)

from matcher.web import db
from matcher.web.forms import (
    DeleteAccountForm,
    DeleteForm,
    LoginForm,
    PasswordForm,
    SignupForm,
    TokenForm,
)
from matcher.web.passwords import check_password, hash_password, password_problem

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "The email address or password is not right."
SIGNUP_FAILED = (
    "An account could not be created with these details. If you already have one, sign in."
)


class Account(UserMixin):
    """The signed-in account, as Flask-Login sees it."""

    def __init__(self, user: db.User) -> None:
        self.user = user
        self.id = user.id
        self.email = user.email

    def get_id(self) -> str:
        """The account's id with its session token: a new token signs every session out."""
        return f"{self.user.id}:{self.user.session_token}"


def load_account(session_id: str) -> Account | None:
    """The account a session names, if its session token is still the account's."""
    user_id, _, token = session_id.partition(":")
    user = db.get_user(db.get_db(), int(user_id)) if user_id.isdigit() else None
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return Account(user)


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site (``/history``), else None: never another host
    (``//evil.example``, ``https://...``, ``/\\evil.example``)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(c in target for c in "\\\r\n\t") or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def unauthorized() -> Any:
    """Pages that need an account send the visitor to sign in, then back (GET pages only)."""
    nxt = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=nxt))


def session_identifier() -> str:
    """What a signed-in session is bound to: the client's address and browser.

    Flask-Login's own identifier reads X-Forwarded-For whoever sent it; this one takes the
    address werkzeug gives, which ProxyFix corrects only for TRUSTED_PROXIES.
    """
    seen = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    return hashlib.sha512(seen.encode("utf-8")).hexdigest()


class LoginManager(flask_login.LoginManager):
    """Flask-Login, with session protection applied to signed-in sessions only, bound to the
    address as werkzeug (and ProxyFix) sees it.

    An anonymous session holds a CSRF secret but no Flask-Login identifier; unmodified, "strong"
    protection would flag it on every request and send a cookie deletion with every page.
    """

    def __init__(self) -> None:
        super().__init__()
        self._session_identifier_generator = session_identifier

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


def init_login(app: Any) -> None:
    """Bind Flask-Login to the app."""
    manager = LoginManager()
    manager.user_loader(load_account)
    manager.unauthorized_handler(unauthorized)
    manager.init_app(app)


def current_account_id() -> int:
    """The signed-in account's id (views that call it require an account)."""
    return int(current_user.id)


def start_session(user: db.User) -> None:
    """A fresh session for a signed-in account: nothing of the anonymous one survives."""
    session.clear()
    login_user(Account(user))


def _after_login() -> Any:
    target = local_path(request.args.get("next")) or url_for("history.index")
    return redirect(target, code=303)


@bp.get("/signup")
def signup_form() -> Any:
    """The sign-up form (shown when signed in too: signing up then switches accounts)."""
    return render_template("signup.html", form=SignupForm())


@bp.post("/signup")
def signup() -> Any:
    """Create an account and sign it in."""
    form = SignupForm()
    if not form.validate_on_submit():
        return render_template("signup.html", form=form), 400
    config = current_app.config
    problem = password_problem(form.password.data, form.email.data, config["PASSWORD_MIN_LENGTH"])
    if problem:
        form.password.errors.append(problem)
        return render_template("signup.html", form=form), 400
    password_hash = hash_password(form.password.data, config["PASSWORD_HASH_METHOD"])
    user = db.create_user(db.get_db(), form.email.data, password_hash)
    if user is None:
        return render_template("signup.html", form=form, page_error=SIGNUP_FAILED), 400
    start_session(user)
    flash("Your account is ready. Reports you save now are yours alone.")
    return _after_login()


@bp.get("/login")
def login_form() -> Any:
    """The sign-in form (shown when signed in too: signing in then switches accounts)."""
    return render_template("login.html", form=LoginForm())


@bp.post("/login")
def login() -> Any:
    """Sign in; the same answer whether the address is unknown or the password wrong."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("login.html", form=form), 400
    found = db.find_user(db.get_db(), form.email.data)
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if not check_password(found[1] if found else None, form.password.data, method):
        return render_template("login.html", form=form, page_error=LOGIN_FAILED), 400
    start_session(found[0])
    return _after_login()


@bp.post("/logout")
def logout() -> Any:
    """Sign out and forget the session."""
    if not DeleteForm().validate_on_submit():
        abort(400)
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("pages.index"), code=303)


def _account_page(status: int = 200, **forms: Any) -> Any:
    conn = db.get_db()
    account_id = current_account_id()
    context = {
        "password_form": PasswordForm(formdata=None),
        "token_form": TokenForm(formdata=None),
        "delete_account_form": DeleteAccountForm(formdata=None),
        "revoke_form": DeleteForm(),
        "tokens": db.list_api_tokens(conn, account_id),
        "report_total": db.count_reports(conn, account_id),
        "user": current_user.user,
        **forms,
    }
    return render_template("account.html", **context), status


@bp.get("/account")
@login_required
def account() -> Any:
    """The account: password, API tokens, my data, deletion."""
    return _account_page()


@bp.post("/account/password")
@login_required
def change_password() -> Any:
    """A new password; every other session of the account ends."""
    form = PasswordForm()
    if not form.validate_on_submit():
        return _account_page(400, password_form=form)
    conn = db.get_db()
    config = current_app.config
    method = config["PASSWORD_HASH_METHOD"]
    _, current_hash = db.find_user(conn, current_user.email) or (None, None)
    if not check_password(current_hash, form.current.data, method):
        form.current.errors.append("That is not your current password.")
        return _account_page(400, password_form=form)
    problem = password_problem(
        form.password.data, current_user.email, config["PASSWORD_MIN_LENGTH"]
    )
    if problem:
        form.password.errors.append(problem)
        return _account_page(400, password_form=form)
    user = db.set_password(conn, current_account_id(), hash_password(form.password.data, method))
    start_session(user)
    flash("Password changed. Every other session of this account is signed out.")
    return redirect(url_for("auth.account"), code=303)


@bp.post("/account/tokens")
@login_required
def create_token() -> Any:
    """A new API token, shown on this page once (it is never put in the session cookie)."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _account_page(400, token_form=form)
    token = db.create_api_token(db.get_db(), current_account_id(), form.name.data.strip())
    return _account_page(new_token=token, new_token_name=form.name.data.strip())


@bp.post("/account/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int) -> Any:
    """Revoke an API token; it stops working at once. Someone else's token, or any token for a
    visitor without an account, is a 404, as for reports."""
    if not current_user.is_authenticated:
        abort(404)
    if not DeleteForm().validate_on_submit():
        abort(400)
    if not db.revoke_api_token(db.get_db(), token_id, current_account_id()):
        abort(404)
    flash("Token revoked.")
    return redirect(url_for("auth.account"), code=303)


@bp.get("/account/export")
@login_required
def export() -> Response:
    """Download my data: the account and every saved report with its texts, as JSON."""
    conn = db.get_db()
    account_id = current_account_id()
    user = current_user.user
    data = {
        "account": {"email": user.email, "created": user.created},
        "api_tokens": [
            {"name": t["name"], "created": t["created"], "last_used": t["last_used"]}
            for t in db.list_api_tokens(conn, account_id)
        ],
        "reports": [
            {
                "id": r.id,
                "created": r.created,
                "label": r.label,
                "score": r.score,
                "resume_text": r.resume_text,
                "posting_text": r.posting_text,
                "report": r.report,
            }
            for r in db.all_reports(conn, account_id)
        ],
    }
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-matcher-data.json"'},
    )


@bp.post("/account/delete")
@login_required
def delete_account() -> Any:
    """Delete the account with every report, share link and token it holds."""
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return _account_page(400, delete_account_form=form)
    conn = db.get_db()
    method = current_app.config["PASSWORD_HASH_METHOD"]
    _, current_hash = db.find_user(conn, current_user.email) or (None, None)
    if not check_password(current_hash, form.password.data, method):
        form.password.errors.append("That is not your password.")
        return _account_page(400, delete_account_form=form)
    db.delete_user(conn, current_account_id())
    logout_user()
    session.clear()
    flash("Your account is deleted, with every report and token it held.")
    return redirect(url_for("pages.index"), code=303)
