"""Saved reports: save on request, list, reopen, compare a new resume version, share, delete.

Every saved report belongs to the account that saved it. A report that is not the signed-in
account's answers 404 on every route that takes its id, exactly as one that does not exist,
and so does any report id for a visitor without an account: nothing tells them apart.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from matcher.web import db
from matcher.web.accounts import current_account_id
from matcher.web.compare import compare_reports, label_for, without_resume_text
from matcher.web.extensions import current_engine
from matcher.web.forms import CompareForm, DeleteForm, SaveForm, ShareForm

bp = Blueprint("history", __name__)

PURGE_EVERY_SECONDS = 60.0
_last_purge = {"at": 0.0}


@bp.before_app_request
def purge_expired_reports() -> None:
    """With REPORT_RETENTION_DAYS set, delete reports past it (at most once a minute a process)."""
    days = current_app.config["REPORT_RETENTION_DAYS"]
    now = time.monotonic()
    if days > 0 and now - _last_purge["at"] >= PURGE_EVERY_SECONDS:
        _last_purge["at"] = now
        db.purge_expired(db.get_db(), days)


def owned_or_404(report_id: str) -> db.SavedReport:
    """The signed-in account's report, or a 404 page (also for anyone not signed in)."""
    if not current_user.is_authenticated:
        abort(404)
    saved = db.get_report(db.get_db(), report_id, current_account_id())
    if saved is None:
        abort(404)
    return saved


@bp.get("/history")
@login_required
def index() -> str:
    """The account's saved reports, newest first."""
    size = current_app.config["HISTORY_PAGE_SIZE"]
    page = max(request.args.get("page", 1, type=int), 1)
    conn = db.get_db()
    total = db.count_reports(conn, current_account_id())
    rows = db.list_reports(conn, current_account_id(), limit=size, offset=(page - 1) * size)
    return render_template("history.html", rows=rows, page=page, total=total, size=size)


@bp.post("/reports")
@login_required
def save() -> Any:
    """Keep a report: rebuild it from its two texts (never trust a report sent back) and store it."""
    form = SaveForm()
    if not form.validate_on_submit():
        return render_template(
            "error.html", status=form.error_status, message=form.error_message
        ), form.error_status
    resume, posting = form.resume_text.data, form.posting_text.data
    report = current_engine().match(resume, posting).to_dict()
    label = (form.label.data or "").strip() or label_for(posting)
    report_id = db.save_report(db.get_db(), current_account_id(), label, resume, posting, report)
    flash("Report saved. It stays on this server until you delete it.")
    return redirect(url_for("history.show", report_id=report_id), code=303)


def _report_page(saved: db.SavedReport, status: int = 200, **extra: Any) -> Any:
    page = render_template(
        "report.html",
        report=saved.report,
        saved=saved,
        delete_form=DeleteForm(),
        share_form=extra.pop("share_form", None) or ShareForm(formdata=None),
        shares=db.list_shares(db.get_db(), saved.id),
        **extra,
    )
    return page, status


@bp.get("/reports/<report_id>")
def show(report_id: str) -> Any:
    """Reopen a saved report."""
    return _report_page(owned_or_404(report_id))


@bp.get("/reports/<report_id>/compare")
def compare_form(report_id: str) -> str:
    """Ask for a new version of the resume to match against the saved posting."""
    return render_template("compare.html", saved=owned_or_404(report_id), form=CompareForm())


@bp.post("/reports/<report_id>/compare")
def compare(report_id: str) -> Any:
    """Match the new resume against the saved posting and show what changed."""
    saved = owned_or_404(report_id)
    form = CompareForm()
    if not form.validate_on_submit():
        return render_template("compare.html", saved=saved, form=form), form.error_status
    resume = form.texts["resume"]
    report = current_engine().match(resume, saved.posting_text).to_dict()
    save_form = SaveForm(
        formdata=None, label=saved.label, resume_text=resume, posting_text=saved.posting_text
    )
    diff = compare_reports(saved.report, report)
    return render_template(
        "compare.html",
        saved=saved,
        form=CompareForm(formdata=None),
        diff=diff,
        report=report,
        save_form=save_form,
    )


@bp.post("/reports/<report_id>/delete")
def delete(report_id: str) -> Any:
    """Delete a saved report together with both texts and its share links."""
    saved = owned_or_404(report_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    db.delete_report(db.get_db(), saved.id, current_account_id())
    flash("Report deleted, with the resume and posting text it held.")
    return redirect(url_for("history.index"), code=303)


@bp.post("/reports/<report_id>/shares")
def share(report_id: str) -> Any:
    """Make a read-only link to the report; the link is shown once, on the page that answers."""
    saved = owned_or_404(report_id)
    form = ShareForm()
    if not form.validate_on_submit():
        return _report_page(saved, 400, share_form=form)
    days = int(form.expires_days.data) if form.expires_days.data else None
    token = db.create_share(db.get_db(), saved.id, form.include_resume.data, days)
    return _report_page(saved, new_share_url=url_for("history.shared", token=token, _external=True))


@bp.post("/reports/<report_id>/shares/<int:share_id>/revoke")
def revoke_share(report_id: str, share_id: int) -> Any:
    """Revoke a share link: it answers 404 from now on."""
    saved = owned_or_404(report_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    if not db.revoke_share(db.get_db(), share_id, saved.id):
        abort(404)
    flash("Share link revoked.")
    return redirect(url_for("history.show", report_id=saved.id), code=303)


@bp.get("/shared/<token>")
def shared(token: str) -> str:
    """A report shown through a share link: read-only, the resume's text left out unless its
    owner chose to include it."""
    found = db.get_shared(db.get_db(), token)
    if found is None:
        abort(404)
    saved, include_resume = found
    report = saved.report if include_resume else without_resume_text(saved.report)
    return render_template("shared.html", report=report, saved=saved, include_resume=include_resume)
