"""Saved reports over the JSON API, with a personal token: ``Authorization: Bearer mt_...``.

Only the token authenticates here, never the session cookie: these routes are exempt from
CSRF, so a cookie must not be enough to reach them. The ownership rules are the pages': a
report that is not the token's account's answers 404, as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, request, url_for

from matcher.web import db
from matcher.web.api import check_json_body, form_error
from matcher.web.compare import label_for
from matcher.web.errors import json_error
from matcher.web.extensions import current_engine
from matcher.web.forms import MatchForm

bp = Blueprint("reports_api", __name__, url_prefix="/api/v1/reports")

LABEL_CHARS = 120


def _unauthorized(message: str) -> Any:
    body, status = json_error(401, message)
    body.headers["WWW-Authenticate"] = 'Bearer realm="matcher"'
    return body, status


@bp.before_request
def authenticate() -> Any:
    """Find the account of the request's bearer token, or answer 401."""
    scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _unauthorized(
            "Send a personal API token: Authorization: Bearer <token> (make one on /account)."
        )
    user = db.user_for_api_token(db.get_db(), token.strip())
    if user is None:
        return _unauthorized("This API token is not valid; it may have been revoked.")
    g.api_user = user
    return None


bp.before_request(check_json_body)  # after the token: say 401 before judging the body


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "created": row["created"],
        "label": row["label"],
        "score": row["score"],
        "url": url_for("reports_api.get", report_id=row["id"]),
    }


def _owned_or_404(report_id: str) -> db.SavedReport | None:
    return db.get_report(db.get_db(), report_id, g.api_user.id)


@bp.get("")
def index() -> Any:
    """The token's account's saved reports, newest first (``?page=``, ``?size=`` up to 100)."""
    size = min(max(request.args.get("size", 50, type=int), 1), 100)
    page = max(request.args.get("page", 1, type=int), 1)
    conn = db.get_db()
    rows = db.list_reports(conn, g.api_user.id, limit=size, offset=(page - 1) * size)
    return jsonify(
        total=db.count_reports(conn, g.api_user.id),
        page=page,
        size=size,
        reports=[_summary(r) for r in rows],
    )


@bp.post("")
def save() -> Any:
    """Match and save: the same fields as /api/v1/match, plus an optional ``label``."""
    form = MatchForm(meta={"csrf": False})
    if not form.validate():
        return form_error(form)
    resume, posting = form.texts["resume"], form.texts["posting"]
    report = current_engine().match(resume, posting).to_dict()
    body = request.get_json() if request.is_json else request.form
    label = (body.get("label") or "").strip()[:LABEL_CHARS] or label_for(posting)
    report_id = db.save_report(db.get_db(), g.api_user.id, label, resume, posting, report)
    response = jsonify(id=report_id, label=label, report=report)
    response.status_code = 201
    response.headers["Location"] = url_for("reports_api.get", report_id=report_id)
    return response


@bp.get("/<report_id>")
def get(report_id: str) -> Any:
    """One saved report with both texts."""
    saved = _owned_or_404(report_id)
    if saved is None:
        return json_error(404, "There is no such saved report.")
    return jsonify(
        id=saved.id,
        created=saved.created,
        label=saved.label,
        score=saved.score,
        resume_text=saved.resume_text,
        posting_text=saved.posting_text,
        report=saved.report,
    )


@bp.delete("/<report_id>")
def delete(report_id: str) -> Any:
    """Delete a saved report with its texts and share links."""
    if not db.delete_report(db.get_db(), report_id, g.api_user.id):
        return json_error(404, "There is no such saved report.")
    return "", 204
