"""Saved reports: save on request, list, reopen, compare a new resume version, delete."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from matcher.web import db
from matcher.web.compare import compare_reports, label_for
from matcher.web.extensions import current_engine
from matcher.web.forms import CompareForm, DeleteForm, SaveForm

bp = Blueprint("history", __name__)


def saved_or_404(report_id: int) -> db.SavedReport:
    """The saved report, or a 404 page."""
    saved = db.get_report(db.get_db(), report_id)
    if saved is None:
        abort(404)
    return saved


@bp.get("/history")
def index() -> str:
    """Saved reports, newest first."""
    size = current_app.config["HISTORY_PAGE_SIZE"]
    page = max(request.args.get("page", 1, type=int), 1)
    conn = db.get_db()
    total = db.count_reports(conn)
    rows = db.list_reports(conn, limit=size, offset=(page - 1) * size)
    return render_template("history.html", rows=rows, page=page, total=total, size=size)


@bp.post("/reports")
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
    report_id = db.save_report(db.get_db(), label, resume, posting, report)
    flash("Report saved. It stays on this server until you delete it.")
    return redirect(url_for("history.show", report_id=report_id), code=303)


@bp.get("/reports/<int:report_id>")
def show(report_id: int) -> str:
    """Reopen a saved report."""
    saved = saved_or_404(report_id)
    return render_template(
        "report.html", report=saved.report, saved=saved, delete_form=DeleteForm()
    )


@bp.get("/reports/<int:report_id>/compare")
def compare_form(report_id: int) -> str:
    """Ask for a new version of the resume to match against the saved posting."""
    return render_template("compare.html", saved=saved_or_404(report_id), form=CompareForm())


@bp.post("/reports/<int:report_id>/compare")
def compare(report_id: int) -> Any:
    """Match the new resume against the saved posting and show what changed."""
    saved = saved_or_404(report_id)
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


@bp.post("/reports/<int:report_id>/delete")
def delete(report_id: int) -> Any:
    """Delete a saved report together with both texts."""
    form = DeleteForm()
    if not form.validate_on_submit():
        abort(400)
    if not db.delete_report(db.get_db(), report_id):
        abort(404)
    flash("Report deleted, with the resume and posting text it held.")
    return redirect(url_for("history.index"), code=303)
