"""Accounts in a real Chromium: sign up, match, save, find it in the history, share it, open
the link in a second browser, revoke it, delete the account; and hostile markup in a title, a
pasted text and a file name that must never run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher.web import create_app
from tests.web.conftest import (
    PASSWORD,
    POSTING_TEXT,
    RESUME_TEXT,
    TEST_HASH_METHOD,
    pasted_match,
    serve,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("/tmp")
XSS = '<script>alert("script")</script><img src=x onerror=alert("img")><svg onload=alert("svg")>'


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app (CSRF on) served on a free local port for the duration of the module."""
    db = tmp_path_factory.mktemp("browser_accounts") / "matcher.sqlite3"
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": True,
            "DATABASE": str(db),
            "PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
        }
    )
    with serve(app) as url:
        yield url


def _watch(page, dialogs: list[str], errors: list[str]) -> None:
    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def on_console(message) -> None:
        # The 404s this test navigates to on purpose are logged too; anything else counts
        # (a Content-Security-Policy violation, a script error).
        if message.type == "error" and "status of 404" not in message.text:
            errors.append(message.text)

    page.on("console", on_console)


def _sign_up(page, base: str, email: str) -> None:
    page.goto(base + "/signup")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("button:has-text('Create the account')")
    page.wait_for_selector("text=Your account is ready")


def _match_and_save(page, base: str, resume: str, label: str) -> str:
    pasted_match(page, base, resume, POSTING_TEXT)
    page.wait_for_selector("form.save")
    page.fill("form.save input[name=label]", label)
    page.locator("form.save button").click()
    page.wait_for_selector("text=Report saved.")
    return page.url


def test_a_job_seeker_signs_up_saves_shares_revokes_and_deletes_the_account(browser, live_server):
    owner = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = browser.new_context(viewport={"width": 390, "height": 844})
    page = owner.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    _watch(page, dialogs, errors)

    # A visitor who only matches meets no sign-in form.
    page.goto(live_server + "/")
    assert page.locator("input[type=password]").count() == 0

    _sign_up(page, live_server, "flow@example.com")
    report_url = _match_and_save(page, live_server, RESUME_TEXT, "Acme backend role")
    score = page.inner_text(".score")

    page.click("header.site >> text=Saved reports")
    page.wait_for_selector("table.history")
    assert page.locator("table.history >> text=Acme backend role").count() == 1
    page.click("text=Acme backend role")
    assert page.url == report_url

    # Share it without the resume's text and open the link in another browser.
    page.click("summary:has-text('Share a read-only link')")
    page.select_option("select[name=expires_days]", "7")
    page.click("button:has-text('Create a share link')")
    link = page.inner_text(".new-share-link").strip()
    page.screenshot(path=str(SCREENSHOTS / "share_desktop.png"), full_page=True)
    other = visitor.new_page()
    response = other.goto(link)
    assert response.status == 200
    assert other.inner_text(".score") == score
    assert "Jane Roe" not in other.content()  # the resume's snippets stay out
    assert other.locator("text=Delete this report").count() == 0
    other.screenshot(path=str(SCREENSHOTS / "shared_phone.png"), full_page=True)

    # Revoke it: the other browser gets a 404 at once.
    page.goto(report_url)
    page.click("summary:has-text('Share a read-only link')")
    page.click("button.revoke-share")
    page.wait_for_selector("text=Share link revoked.")
    assert other.goto(link).status == 404

    # Another browser without an account cannot open the report itself either.
    assert other.goto(report_url).status == 404

    # Delete the account: signed out, and the report is gone.
    page.click("header.site >> text=Account")
    page.click("summary:has-text('Delete my account')")
    page.fill("#delete-password", PASSWORD)
    page.click("button.danger:has-text('Delete my account')")
    page.wait_for_selector("text=Your account is deleted")
    assert page.locator("header.site >> text=Sign in").count() == 1
    assert page.goto(report_url).status == 404
    page.goto(live_server + "/history")
    assert "/login" in page.url
    assert not dialogs, dialogs
    assert not errors, errors
    owner.close()
    visitor.close()


def test_markup_in_a_title_a_pasted_text_and_a_file_name_never_runs(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    _watch(page, dialogs, errors)
    _sign_up(page, live_server, "xss@example.com")
    resume = RESUME_TEXT.replace("Built REST APIs", f"{XSS} Built REST APIs")
    report_url = _match_and_save(page, live_server, resume, f"Title {XSS}")
    assert XSS in page.inner_text("article.report")  # shown as text
    page.click("summary:has-text('Share a read-only link')")
    page.check("input[name=include_resume]")
    page.click("button:has-text('Create a share link')")
    link = page.inner_text(".new-share-link").strip()
    for path in ("/history", report_url, report_url + "/compare", link):
        page.goto(path if path.startswith("http") else live_server + path)
        page.wait_for_load_state("load")
    assert XSS in page.inner_text("article.report")

    # A file name holding markup, on the ranking page.
    page.goto(live_server + "/rank")
    page.fill("textarea[name=posting_text]", POSTING_TEXT)
    page.set_input_files(
        "input[name=resumes]",
        files=[
            {
                "name": "<img src=x onerror=alert('file')>.txt",
                "mimeType": "text/plain",
                "buffer": RESUME_TEXT.encode(),
            }
        ],
    )
    page.click("form >> button:has-text('Rank')")
    page.wait_for_selector("text=onerror=alert('file')")
    page.wait_for_timeout(300)
    assert not dialogs, dialogs
    context.close()
