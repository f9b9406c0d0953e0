"""Ranking: one posting against many resumes, or one resume against many postings, best first.

The page works without a script: one multipart POST carries every file and the ranked table
comes back. With ``static/rank.js`` the browser sends the single document once to
``/api/v1/rank/document`` and then each of the many to ``/api/v1/rank/score``, two at a time,
and shows progress. Nothing is stored; a row's full report is re-opened by posting its two texts
to the report form.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms import HiddenField, TextAreaField

from matcher.engine import RankedResume
from matcher.errors import MatcherError, TooLargeError
from matcher.web import documents
from matcher.web.compare import label_for
from matcher.web.errors import json_error, message_for, status_for
from matcher.web.extensions import current_engine
from matcher.web.forms import (
    POSTING_TYPES,
    RESUME_TYPES,
    MatchForm,
    SkillsForm,
    StatusForm,
    WithStatus,
    pasted_field,
    text_length,
    upload_field,
)

bp = Blueprint("rank", __name__)
api_bp = Blueprint("rank_api", __name__, url_prefix="/api/v1/rank")

MODES = ("resumes", "postings")
EXPORTS = ("csv", "json")
# Most documents one ranking takes (the request limits apply as well).
MAX_BATCH = 200
# A line of three or more dashes separates pasted postings.
SEPARATOR = re.compile(r"^[ \t]*-{3,}[ \t]*$", re.MULTILINE)
CSV_COLUMNS = ("rank", "label", "score", "similarity", "matched", "missing", "top_gaps", "error")


@dataclass(frozen=True)
class Item:
    """One of the many documents of a ranking: its text, or why it could not be read."""

    label: str
    text: str = ""
    error: str = ""
    status: int = 200


@dataclass(frozen=True)
class RankRow:
    """One line of the ranked table (``text`` feeds the full-report form; it is never exported)."""

    rank: int | None
    label: str
    score: float | None = None
    similarity: float | None = None
    matched: int | None = None
    missing: int | None = None
    top_gaps: tuple[str, ...] = ()
    error: str = ""
    text: str = field(default="", repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The exported shape: every column but the text."""
        data = asdict(self)
        del data["text"]
        data["top_gaps"] = list(self.top_gaps)
        return data


def ranked_row(rank: int, ranked: RankedResume, text: str) -> RankRow:
    """A table row from the engine's ranking."""
    return RankRow(
        rank=rank,
        label=ranked.label,
        score=round(ranked.score, 1),
        similarity=round(ranked.similarity, 4),
        matched=ranked.counts.get("matched", 0),
        missing=ranked.counts.get("missing", 0),
        top_gaps=ranked.top_gaps,
        text=text,
    )


def rank_items(mode: str, single: str, items: Sequence[Item]) -> list[RankRow]:
    """Rank the readable items best first; the unreadable ones follow with their errors."""
    engine = current_engine()
    good = [i for i in items if not i.error]
    pairs = unique_labels([(i.label, i.text) for i in good])
    if mode == "resumes":
        ranked = engine.rank(single, pairs)
    else:
        ranked = engine.rank_postings(single, pairs)
    texts = dict(pairs)
    rows = [ranked_row(n, r, texts[r.label]) for n, r in enumerate(ranked, 1)]
    rows += [RankRow(rank=None, label=i.label, error=i.error) for i in items if i.error]
    return rows


def unique_labels(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Make labels unique (two files may share a name), keeping the first as it is."""
    seen: dict[str, int] = {}
    out = []
    for label, text in pairs:
        n = seen.get(label, 0) + 1
        seen[label] = n
        out.append((label if n == 1 else f"{label} ({n})", text))
    return out


def split_postings(text: str) -> list[str]:
    """Pasted postings separated by lines of ``---``; empty parts are dropped."""
    return [part.strip() for part in SEPARATOR.split(text or "") if part.strip()]


def read_item(storage: FileStorage, types: tuple[str, ...]) -> Item:
    """Read one uploaded file of a batch; a bad one becomes an item with its error and status."""
    label = os.path.basename(storage.filename or "") or "Unnamed file"
    suffix = label.rsplit(".", 1)[-1].lower() if "." in label else ""
    if suffix not in types:
        kinds = ", ".join(t.upper() for t in types if t != "htm")
        return Item(label, error=f"We read {kinds} files; this one is not.", status=415)
    try:
        limit = current_app.config["MAX_FILE_BYTES"]
        data = storage.read(limit + 1)
        if len(data) > limit:
            raise TooLargeError(f"{label} is larger than {limit / 1024 / 1024:g} MiB")
        text = documents.extract_document(data, storage.filename)
        if len(text) > current_app.config["MAX_TEXT_CHARS"]:
            raise TooLargeError(f"{label} holds more text than the limit")
    except MatcherError as exc:
        return Item(label, error=message_for(exc), status=status_for(exc))
    return Item(label, text=text)


def read_pasted_item(n: int, text: str) -> Item:
    """One pasted posting of a batch."""
    label = f"{n}. {label_for(text)}"
    if len(text) > current_app.config["MAX_TEXT_CHARS"]:
        return Item(label, error="This posting is longer than the text limit.", status=413)
    return Item(label, text=documents.read_pasted(text))


# --- forms -----------------------------------------------------------------------------------


def uploads(field: MultipleFileField) -> list[FileStorage]:
    """The files a multiple-file field really holds (a browser sends an empty part for none)."""
    return [f for f in field.data or [] if isinstance(f, FileStorage) and f.filename]


class RankResumesForm(StatusForm):
    """One posting, uploaded or pasted, and many resume files."""

    DOCUMENTS = (("posting", "Paste the job posting or upload it as a file."),)
    MANY = "resumes"

    posting = upload_field("Job posting file", POSTING_TYPES)
    posting_text = pasted_field("Job posting text")
    resumes = MultipleFileField("Resume files")

    def items(self) -> list[Item]:
        """The resumes, each read or with its error."""
        return [read_item(f, RESUME_TYPES) for f in uploads(self.resumes)]

    def validate(self, extra_validators: Any = None) -> bool:
        """The posting must read; at least one resume, at most MAX_BATCH."""
        ok = super().validate(extra_validators)
        count = len(uploads(self.resumes))
        if not count:
            self._fail(
                self.resumes,
                400,
                "Upload at least one resume (PDF, DOCX, TXT, MD, TEX, JSON or YAML).",
            )
        elif count > MAX_BATCH:
            self._fail(self.resumes, 413, f"Rank at most {MAX_BATCH} resumes at a time.")
        return ok and not self.errors

    @property
    def single(self) -> str:
        return self.texts["posting"]


class RankPostingsForm(StatusForm):
    """One resume, uploaded or pasted, and many postings: files, pasted text split by ``---``."""

    DOCUMENTS = (("resume", "Upload your resume or paste its text."),)
    MANY = "postings"

    resume = upload_field("Resume file", RESUME_TYPES)
    resume_text = pasted_field("Resume text")
    postings = MultipleFileField("Posting files")
    postings_text = TextAreaField("Postings, separated by a line of ---")

    def items(self) -> list[Item]:
        """The postings: the files first, then the pasted ones in order."""
        items = [read_item(f, POSTING_TYPES) for f in uploads(self.postings)]
        pasted = split_postings(self.postings_text.data)
        return items + [read_pasted_item(n, t) for n, t in enumerate(pasted, 1)]

    def validate(self, extra_validators: Any = None) -> bool:
        """The resume must read; at least one posting, at most MAX_BATCH."""
        ok = super().validate(extra_validators)
        count = len(uploads(self.postings)) + len(split_postings(self.postings_text.data))
        if not count:
            self._fail(self.postings, 400, "Upload or paste at least one job posting.")
        elif count > MAX_BATCH:
            self._fail(self.postings, 413, f"Rank at most {MAX_BATCH} postings at a time.")
        return ok and not self.errors

    @property
    def single(self) -> str:
        return self.texts["resume"]


FORMS: dict[str, type[RankResumesForm] | type[RankPostingsForm]] = {
    "resumes": RankResumesForm,
    "postings": RankPostingsForm,
}


class ExportForm(FlaskForm):
    """A ranking the page already shows, sent back to be downloaded as CSV or JSON."""

    ranking = HiddenField(validators=[WithStatus(413, text_length)])
    mode = HiddenField()


# --- exports ---------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is quoted with a leading '."""
    text = (
        "; ".join(value) if isinstance(value, list | tuple) else "" if value is None else str(value)
    )
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def ranking_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The ranking as CSV, one line per document, best first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in CSV_COLUMNS])
    return out.getvalue()


def export_response(mode: str, rows: Sequence[dict[str, Any]], fmt: str) -> Response:
    """A download of the ranking in ``fmt`` (csv or json)."""
    if fmt == "csv":
        body, mimetype = ranking_csv(rows), "text/csv; charset=utf-8"
    else:
        body, mimetype = (
            json.dumps({"mode": mode, "ranked": list(rows)}, indent=1),
            "application/json",
        )
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="ranking-{mode}.{fmt}"'
    return response


def parse_ranking(raw: str) -> list[dict[str, Any]]:
    """Check a ranking sent back by the page: a list of rows with the exported columns."""
    try:
        rows = json.loads(raw or "")
    except ValueError:
        abort(400, "The ranking to export is not valid; rank the documents again.")
    if not isinstance(rows, list) or not all(
        isinstance(r, dict) and isinstance(r.get("label"), str) for r in rows
    ):
        abort(400, "The ranking to export is not valid; rank the documents again.")
    return [{c: r.get(c) for c in CSV_COLUMNS} for r in rows]


# --- the page --------------------------------------------------------------------------------


def read_mode() -> str:
    """``resumes`` (one posting, many resumes) or ``postings`` (the reverse)."""
    mode = request.values.get("mode", "resumes") or "resumes"
    if mode not in MODES:
        abort(400, f"Unknown mode {mode!r}; use resumes or postings.")
    return mode


@bp.get("/rank")
def index() -> str:
    """The ranking form."""
    mode = read_mode()
    return render_template("rank.html", mode=mode, form=FORMS[mode](), export_form=None)


@bp.post("/rank")
def rank() -> Any:
    """Rank every uploaded document and show the table (or download it: ``format=csv|json``)."""
    mode = read_mode()
    fmt = request.values.get("format", "html")
    form = FORMS[mode]()
    if not form.validate_on_submit():
        return render_template("rank.html", mode=mode, form=form), form.error_status
    rows = rank_items(mode, form.single, form.items())
    if fmt in EXPORTS:
        return export_response(mode, [r.to_dict() for r in rows], fmt)
    ranking = json.dumps([r.to_dict() for r in rows])
    return render_template(
        "rank.html",
        mode=mode,
        form=FORMS[mode](formdata=None),
        rows=rows,
        single=form.single,
        export_form=ExportForm(formdata=None, ranking=ranking, mode=mode),
    )


@bp.post("/rank/export")
def export() -> Any:
    """Download a ranking the page shows, without uploading the files again."""
    form = ExportForm()
    fmt = request.values.get("format", "")
    if not form.validate_on_submit() or fmt not in EXPORTS or form.mode.data not in MODES:
        abort(400, "Choose CSV or JSON from the ranking page.")
    return export_response(form.mode.data, parse_ranking(form.ranking.data), fmt)


# --- the JSON steps the page's script uses ---------------------------------------------------


def form_error(form: StatusForm) -> Any:
    """A failed form as the API's error body."""
    fields = {name or "form": list(errors) for name, errors in form.errors.items()}
    return json_error(form.error_status, form.error_message, fields)


@api_bp.post("/document")
def document() -> Any:
    """Read the single document of a ranking once: its text, a label and how many skills it has."""
    form = SkillsForm(meta={"csrf": False})
    if not form.validate():
        return form_error(form)
    text = form.texts["document"]
    upload = form.document.data
    label = os.path.basename(upload.filename) if upload else label_for(text)
    return jsonify(label=label, text=text, skills=len(current_engine().skills(text)))


@api_bp.post("/score")
def score() -> Any:
    """Score one resume against one posting as a row of the ranking (``mode`` says which is the
    one of many, so which one names the row)."""
    mode = read_mode()
    form = MatchForm(meta={"csrf": False})
    if not form.validate():
        return form_error(form)
    many = form.resume if mode == "resumes" else form.posting
    label = (request.form.get("label") or "").strip()[:200]
    if not label:
        label = (
            os.path.basename(many.data.filename) if many.data else label_for(form.texts[mode[:-1]])
        )
    resume, posting = form.texts["resume"], form.texts["posting"]
    engine = current_engine()
    ranked = (
        engine.rank(posting, [(label, resume)])
        if mode == "resumes"
        else engine.rank_postings(resume, [(label, posting)])
    )
    return jsonify(ranked_row(1, ranked[0], "").to_dict())
