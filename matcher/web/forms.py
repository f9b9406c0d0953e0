"""The forms: every input rule lives here, and each failure knows its HTTP status.

A document arrives as an upload (``resume``) or as pasted text (``resume_text``). The form
checks the name and size of the upload and the length of the text, then reads the document;
an unreadable one becomes a field error with the engine error's status (415, 422, 413).
The API uses the same forms without CSRF, so the page and the API share one set of rules.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from matcher.errors import MatcherError
from matcher.web import documents
from matcher.web.errors import message_for, status_for

# LaTeX sources, JSON Resume (and its job schema) and RenderCV YAML are how developers keep them.
RESUME_TYPES = ("pdf", "docx", "txt", "md", "tex", "json", "yaml", "yml")
POSTING_TYPES = ("pdf", "docx", "html", "htm", "txt", "md", "json")
DOCUMENT_TYPES = tuple(dict.fromkeys(POSTING_TYPES + RESUME_TYPES))
RESUME_ACCEPT = ",".join("." + t for t in RESUME_TYPES)
POSTING_ACCEPT = ",".join("." + t for t in POSTING_TYPES)


class WithStatus:
    """Run a validator; when it fails, remember which HTTP status that failure means."""

    def __init__(self, status: int, validator: Any) -> None:
        self.status = status
        self.validator = validator

    def __call__(self, form: StatusForm, field: Any) -> None:
        try:
            self.validator(form, field)
        except (ValidationError, StopValidation):
            form.statuses.setdefault(field.name, self.status)
            raise


def upload_size(form: FlaskForm, field: Any) -> None:
    """An uploaded file may not exceed MAX_FILE_BYTES."""
    limit = current_app.config["MAX_FILE_BYTES"]
    message = f"The file is larger than {limit / 1024 / 1024:g} MiB; upload a smaller one."
    FileSize(max_size=limit, message=message)(form, field)


def text_length(form: FlaskForm, field: Any) -> None:
    """Pasted text may not exceed MAX_TEXT_CHARS."""
    limit = current_app.config["MAX_TEXT_CHARS"]
    message = f"The text is longer than {limit:,} characters; paste only the relevant part."
    Length(max=limit, message=message)(form, field)


def upload_field(label: str, types: tuple[str, ...]) -> FileField:
    """A document upload limited by extension (415) and size (413)."""
    kinds = ", ".join(t.upper() for t in types if t not in ("htm", "yml"))
    return FileField(
        label,
        validators=[
            WithStatus(415, FileAllowed(types, f"We read {kinds} files; this one is not.")),
            WithStatus(413, upload_size),
        ],
    )


def pasted_field(label: str) -> TextAreaField:
    """Pasted document text limited in length (413)."""
    return TextAreaField(label, validators=[WithStatus(413, text_length)])


class StatusForm(FlaskForm):
    """A form that reads documents and knows the HTTP status of its failure."""

    # (name of the upload field, the pasted-text field is name + "_text", what to ask for)
    DOCUMENTS: tuple[tuple[str, str], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statuses: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    def validate(self, extra_validators: Any = None) -> bool:
        """Check the fields, then read each document into ``self.texts``."""
        if not super().validate(extra_validators):
            return False
        for name, missing in self.DOCUMENTS:
            self._read(name, missing)
        return not self.errors

    def _read(self, name: str, missing: str) -> None:
        upload, pasted = self[name], self[name + "_text"]
        has_text = bool(pasted.data and pasted.data.strip())
        if upload.data and has_text:
            self._fail(upload, 400, "Upload a file or paste the text, not both.")
        elif not upload.data and not has_text:
            self._fail(upload, 400, missing)
        else:
            try:
                if upload.data:
                    self.texts[name] = documents.read_upload(upload.data)
                else:
                    self.texts[name] = documents.read_pasted(pasted.data)
            except MatcherError as exc:
                self._fail(upload if upload.data else pasted, status_for(exc), message_for(exc))

    def _fail(self, field: Any, status: int, message: str) -> None:
        field.errors.append(message)
        self.statuses.setdefault(field.name, status)

    @property
    def error_status(self) -> int:
        """The status of the first failing field (400 when the failure has no status of its own)."""
        return next((self.statuses.get(name, 400) for name in self.errors), 400)

    @property
    def error_message(self) -> str:
        """Every field's errors in one string, each led by the field's name, for the API."""
        return " ".join(
            f"{name or 'form'}: {' '.join(errors)}" for name, errors in self.errors.items()
        )


class MatchForm(StatusForm):
    """A resume and a posting, each uploaded or pasted."""

    DOCUMENTS = (
        ("resume", "Upload your resume or paste its text."),
        ("posting", "Paste the job posting or upload it as a file."),
    )

    resume = upload_field("Resume file", RESUME_TYPES)
    resume_text = pasted_field("Resume text")
    posting = upload_field("Job posting file", POSTING_TYPES)
    posting_text = pasted_field("Job posting text")
    # For a posting that lists several roles: the role to report on, by index or title.
    role = StringField("Role", validators=[Optional(), Length(max=200)])


class CompareForm(StatusForm):
    """A new version of the resume, matched against a saved report's posting."""

    DOCUMENTS = (("resume", "Upload the new version of your resume or paste its text."),)

    resume = upload_field("New resume file", RESUME_TYPES)
    resume_text = pasted_field("New resume text")


class SkillsForm(StatusForm):
    """One document, for the skills API."""

    DOCUMENTS = (("document", "Send a document file or its text."),)

    document = upload_field("Document file", DOCUMENT_TYPES)
    document_text = pasted_field("Document text")


class SaveForm(StatusForm):
    """The texts of a report the user chose to keep; the report is rebuilt from them."""

    label = StringField("Title", validators=[Optional(), Length(max=120)])
    resume_text = HiddenField(validators=[WithStatus(413, text_length)])
    posting_text = HiddenField(validators=[WithStatus(413, text_length)])

    def validate(self, extra_validators: Any = None) -> bool:
        """Both texts must be present (the page put them there)."""
        if not super().validate(extra_validators):
            return False
        for field in (self.resume_text, self.posting_text):
            if not (field.data or "").strip():
                self._fail(
                    field, 400, "The report to save is missing its text; run the match again."
                )
        return not self.errors


class DeleteForm(FlaskForm):
    """Only a CSRF token: deleting needs a deliberate POST from our own page."""


# --- accounts ---------------------------------------------------------------------------------

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def normalize_email(value: str | None) -> str:
    """Addresses are compared trimmed and lowercased."""
    return (value or "").strip().lower()


def email_field() -> EmailField:
    return EmailField(
        "Email address",
        filters=[normalize_email],
        validators=[
            DataRequired("Enter your email address."),
            Length(max=254, message="That address is too long."),
            Regexp(EMAIL_PATTERN, message="Enter an email address such as name@example.com."),
        ],
    )


def confirm_field(label: str, prompt: str) -> PasswordField:
    """The password typed once more, which must equal the ``password`` field."""
    return PasswordField(
        label,
        validators=[
            DataRequired(prompt),
            EqualTo("password", message="The two passwords differ."),
        ],
    )


class SignupForm(FlaskForm):
    """A new account: an address and a password typed twice (the rules are checked in the view,
    which knows the settings)."""

    email = email_field()
    password = PasswordField("Password", validators=[DataRequired("Choose a password.")])
    confirm = confirm_field("Password again", "Type the password again.")


class LoginForm(FlaskForm):
    """Sign in with an address and a password."""

    email = email_field()
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])


class PasswordForm(FlaskForm):
    """A new password, with the current one as proof."""

    current = PasswordField("Current password", validators=[DataRequired("Enter it.")])
    password = PasswordField("New password", validators=[DataRequired("Choose a password.")])
    confirm = confirm_field("New password again", "Type the new password again.")


class DeleteAccountForm(FlaskForm):
    """Deleting an account asks for its password."""

    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])


class TokenForm(FlaskForm):
    """A new API token and what it is for."""

    name = StringField(
        "What it is for",
        validators=[DataRequired("Name the token."), Length(max=80)],
    )


SHARE_EXPIRY = [
    SelectChoice("", "Never"),
    SelectChoice("1", "1 day"),
    SelectChoice("7", "7 days"),
    SelectChoice("30", "30 days"),
]


class ShareForm(FlaskForm):
    """A read-only link to one report."""

    include_resume = BooleanField("Include my resume's text (snippets) in the shared report")
    expires_days = SelectField("Link expires", choices=SHARE_EXPIRY, default="7")
