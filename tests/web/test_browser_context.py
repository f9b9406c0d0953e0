"""In Chromium: a requirement found from context carries its tag on the report page."""

from __future__ import annotations

import pytest

from tests.web.conftest import pasted_match

pytestmark = pytest.mark.browser

POSTING = """Backend Engineer

Requirements:
- Experience with Python and LangSmith
- Tools: Jenkins, Greptile, Terraform
"""
RESUME = "Backend engineer. Python since 2018; I trace our agents with LangSmith."


def test_a_name_found_from_context_is_tagged_on_the_report(browser, live_server) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    pasted_match(page, live_server, RESUME, POSTING)

    matched = page.locator("section.matched li.skill:has(span.name:text-is('LangSmith'))")
    assert matched.count() == 1
    assert matched.locator("span.tag.from-context").inner_text() == "found from context"
    missing = page.locator("section.missing li.skill:has(span.name:text-is('Greptile'))")
    assert missing.locator("span.tag.from-context").count() == 1
    python = page.locator("li.skill:has(span.name:text-is('Python'))")
    assert python.locator("span.tag.from-context").count() == 0
    page.screenshot(path="/tmp/matcher-context.png", full_page=True)
    page.close()
