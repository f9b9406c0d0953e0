"""The form page and the gap report it produces; nothing is stored here."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template

from matcher.web.compare import label_for
from matcher.web.extensions import current_engine
from matcher.web.forms import MatchForm, SaveForm

bp = Blueprint("pages", __name__)


@bp.get("/")
def index() -> str:
    """The form: a resume and a posting, each uploaded or pasted."""
    return render_template("index.html", form=MatchForm())


@bp.post("/")
def match() -> Any:
    """Match the two documents and show the gap report (saved only if the user asks)."""
    form = MatchForm()
    if not form.validate_on_submit():
        return render_template("index.html", form=form), form.error_status
    resume, posting = form.texts["resume"], form.texts["posting"]
    report = current_engine().match(resume, posting, role=form.role.data or None).to_dict()
    save_form = SaveForm(
        formdata=None, label=label_for(posting), resume_text=resume, posting_text=posting
    )
    return render_template("report.html", report=report, save_form=save_form)


@bp.get("/healthz")
def healthz() -> Any:
    """Liveness: the app is up and its engine is loaded."""
    current_engine()
    return jsonify(status="ok")
