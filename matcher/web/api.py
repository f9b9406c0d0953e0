"""The JSON API: the same forms and engine as the pages, without CSRF (it uses no cookies)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request

from matcher.web.errors import json_error
from matcher.web.extensions import current_engine
from matcher.web.forms import MatchForm, SkillsForm, StatusForm

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def check_json_body() -> Any:
    """A JSON body must be an object of strings (the forms read it like form fields)."""
    if not request.is_json:
        return None
    body = request.get_json()  # malformed JSON raises a 400
    if not isinstance(body, dict) or not all(isinstance(v, str) for v in body.values()):
        return json_error(
            400, 'The JSON body must be an object of strings, e.g. {"resume_text": "..."}.'
        )
    return None


def form_error(form: StatusForm) -> Any:
    """A failed form as the API's error body, with each field's messages."""
    fields = {name or "form": list(errors) for name, errors in form.errors.items()}
    return json_error(form.error_status, form.error_message, fields)


@bp.post("/match")
def match() -> Any:
    """The gap report of a resume against a posting, as JSON."""
    form = MatchForm(meta={"csrf": False})
    if not form.validate():
        return form_error(form)
    role = form.role.data or None
    report = current_engine().match(form.texts["resume"], form.texts["posting"], role=role)
    return jsonify(report.to_dict())


@bp.post("/skills")
def skills() -> Any:
    """The skills found in one document, as ``matcher skills --json`` prints them."""
    form = SkillsForm(meta={"csrf": False})
    if not form.validate():
        return form_error(form)
    found = current_engine().skills(form.texts["document"], context=True)
    return jsonify(skills=[f.to_dict() for f in found])


@bp.get("/openapi.json")
def openapi() -> Any:
    """The API's description (OpenAPI 3)."""
    return current_app.send_static_file("openapi.json")
