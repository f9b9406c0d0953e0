"""A real Chromium walks through the product: sign up, match, read, save, reopen, compare, delete.

The app runs on a live werkzeug server in a thread; Playwright's sync API drives Debian's
Chromium. Screenshots of the report (desktop and phone width) are written to /tmp.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.shared_data]

SCREENSHOTS = Path("/tmp")


@pytest.fixture(scope="module")
def java_posting(shared_data: Path) -> str:
    """The first Hacker News posting that names Java and a database, as a person would paste it."""
    path = shared_data / "job_postings" / "hn_whoishiring_2026.jsonl"
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            if re.search(r"\bJava\b", text) and re.search(r"Postgre|MySQL|SQL\b", text):
                return text
    pytest.fail("no posting names Java and SQL")


def test_a_job_seeker_matches_saves_compares_and_deletes_a_report(
    browser, live_server, java_posting, shared_data
):
    from matcher.extract import extract

    resume_pdf = shared_data / "resume_matcher_samples" / "resumes_pdf" / "john_doe.pdf"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # Saving needs an account: create one (matching alone would not).
    page.goto(live_server + "/signup")
    page.fill("input[name=email]", "seeker@example.com")
    page.fill("input[name=password]", "plum orchard lantern 42")
    page.fill("input[name=confirm]", "plum orchard lantern 42")
    page.click("button:has-text('Create the account')")
    page.wait_for_selector("text=Your account is ready")

    # The form: upload the resume PDF, paste the posting, submit.
    page.goto(live_server + "/")
    page.set_input_files("input[name=resume]", str(resume_pdf))
    page.fill("textarea[name=posting_text]", java_posting)
    page.click("button:has-text('Match')")

    # The report: a score, missing skills first, matched skills with snippets.
    page.wait_for_selector("section.summary")
    score = page.inner_text(".score")
    assert re.fullmatch(r"\d+ / 100", score)
    missing = page.locator("section.missing li.skill .name").all_inner_texts()
    assert missing, "the report lists no missing skill"
    matched = page.locator("section.matched li.skill")
    assert matched.count() >= 1
    assert matched.first.locator("dl.where dd").count() == 2  # posting and resume snippets
    assert matched.first.locator("mark").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "report_desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "report_phone.png"), full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.set_viewport_size({"width": 1280, "height": 900})

    # Save it, then find it in the history and reopen it.
    page.fill("form.save input[name=label]", "Java posting from HN")
    page.locator("form.save button").first.click()
    page.wait_for_selector("text=Report saved.")
    page.click("header.site >> text=Saved reports")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "history_phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=Java posting from HN")
    assert page.inner_text(".score") == score

    # Compare a second version of the resume: the same text plus the top missing skills.
    page.click("text=Compare a new version of the resume")
    better = (
        extract(resume_pdf.read_bytes(), resume_pdf.name) + "\nSkills: " + ", ".join(missing[:3])
    )
    page.fill("textarea[name=resume_text]", better)
    page.click("button:has-text('Compare')")
    page.wait_for_selector("section.comparison")
    assert "up" in (page.get_attribute("p.delta", "class") or "")
    improved = page.inner_text("div.improved")
    assert missing[0] in improved
    page.screenshot(path=str(SCREENSHOTS / "compare_desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "compare_phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    # Delete it: after confirming, the history no longer lists it.
    page.click("text=Java posting from HN")
    page.click("summary:has-text('Delete this report')")
    page.click("button:has-text('Yes, delete it')")
    page.wait_for_selector("text=Report deleted")
    assert page.locator("text=Java posting from HN").count() == 0
    assert "No saved reports" in page.content()
    assert not errors, errors  # e.g. CSP violations would show here
    page.close()


def test_the_form_shows_a_field_error_in_the_browser(browser, live_server):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server + "/")
    page.fill("textarea[name=resume_text]", "Python and Django")
    page.click("button:has-text('Match')")
    error = page.wait_for_selector("fieldset.has-error .field-errors")
    assert "Paste the job posting" in error.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "form_error_phone.png"), full_page=True)
    page.close()
