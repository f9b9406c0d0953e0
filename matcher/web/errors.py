"""The one place that turns errors into HTTP statuses and messages a person understands.

The API answers ``{"error": {"status", "message"}}``; pages answer HTML. A form page whose
request failed before its view ran (a stale CSRF token, a body over the size limit) is shown
again with the message, so the user can retry at once.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    RequestEntityTooLarge,
    TooManyRequests,
)

from matcher.errors import (
    DocumentError,
    EmptyTextError,
    MatcherError,
    ParseLimitError,
    RoleError,
    TooLargeError,
    UnsupportedTypeError,
    VocabularyError,
)
from matcher.web.limits import retry_after

# Most specific first: the first matching class decides the status and the advice added.
ERROR_STATUS: tuple[tuple[type[MatcherError], int, str], ...] = (
    (TooLargeError, 413, "Try a shorter document or paste only the relevant text."),
    (
        UnsupportedTypeError,
        415,
        "Upload a PDF, DOCX, HTML, Markdown, LaTeX, JSON Resume, RenderCV YAML or plain-text file.",
    ),
    (EmptyTextError, 422, "If it is a scanned document, paste its text instead."),
    (ParseLimitError, 422, "Save it again as a simpler PDF or paste its text instead."),
    (DocumentError, 422, "Try another export of the file, or paste its text instead."),
    (RoleError, 400, "Leave the role empty to get the role that fits the resume best."),
    (VocabularyError, 500, ""),
    (MatcherError, 422, ""),
)

PASTED_FIELDS = ("resume_text", "posting_text")
CSRF_MESSAGE = "The form expired; reload the page and try again."
SERVER_ERROR_MESSAGE = "Something went wrong on our side. Nothing was saved; please try again."


def status_for(exc: MatcherError) -> int:
    """The HTTP status of an engine error."""
    return next(status for cls, status, _ in ERROR_STATUS if isinstance(exc, cls))


def message_for(exc: MatcherError) -> str:
    """The engine's message plus what the user can do about it."""
    advice = next(advice for cls, _, advice in ERROR_STATUS if isinstance(exc, cls))
    text = str(exc).strip() or "The document could not be read."
    if not text.endswith((".", "!", "?")):
        text += "."
    if advice and advice.lower().rstrip(".") in text.lower():
        return text
    return f"{text} {advice}".strip()


def wants_json() -> bool:
    """API requests get JSON errors; everything else gets a page."""
    return request.blueprint == "api" or request.path.startswith("/api/")


def json_error(status: int, message: str, fields: dict[str, list[str]] | None = None) -> Any:
    """The API's error body."""
    body: dict[str, Any] = {"status": status, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(error=body), status


def error_response(status: int, message: str) -> Any:
    """JSON for the API; for a page, its form again with the message, or the error page."""
    if wants_json():
        return json_error(status, message)
    if request.endpoint == "pages.match":
        from matcher.web.forms import MatchForm  # forms import this module

        # Keep what the user pasted, unless the body itself was the problem (it is unread).
        kept = {} if status == 413 else {k: request.form.get(k) for k in PASTED_FIELDS}
        form = MatchForm(formdata=None, **kept)
        return render_template("index.html", form=form, page_error=message), status
    return render_template("error.html", status=status, message=message), status


def register_errorhandlers(app: Flask) -> None:
    """Map engine errors, HTTP errors, CSRF failures and crashes to responses."""

    @app.errorhandler(MatcherError)
    def matcher_error(exc: MatcherError) -> Any:
        status = status_for(exc)
        if status >= 500:
            app.logger.error("engine error: %s", exc)
            return error_response(status, SERVER_ERROR_MESSAGE)
        return error_response(status, message_for(exc))

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> Any:
        return error_response(400, CSRF_MESSAGE)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge) -> Any:
        limit = app.config["MAX_CONTENT_LENGTH"]
        if request.content_length is not None and request.content_length <= limit:
            # Within the byte limit, so werkzeug stopped at the number of form parts.
            return error_response(
                413,
                f"The form has too many files or fields: the limit is "
                f"{app.config['MAX_FORM_PARTS']} parts. Send fewer files at once.",
            )
        return error_response(
            413,
            f"The upload is too large: the limit is {limit / 1024 / 1024:.0f} MiB for all "
            "files and text together. Upload a smaller file or paste only the relevant text.",
        )

    @app.errorhandler(TooManyRequests)
    def too_many(exc: TooManyRequests) -> Any:
        response, status = error_response(429, exc.description or "Too many requests.")
        if not isinstance(response, Response):
            response = app.make_response(response)
        response.headers["Retry-After"] = str(retry_after())
        return response, status

    @app.errorhandler(InternalServerError)
    def server_error(exc: InternalServerError) -> Any:
        return error_response(500, SERVER_ERROR_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        status = exc.code or 500
        message = exc.description or exc.name
        if status == 404:
            message = "There is no such page or saved report."
        return error_response(status, message)
