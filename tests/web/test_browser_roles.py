"""In Chromium: a posting with several roles shows a role picker, and kinds read "met by X"."""

from __future__ import annotations

import pytest

from tests.web.conftest import pasted_match

pytestmark = pytest.mark.browser

POSTING = """Acme | Senior Backend Engineer, Product Designer | Remote (EU)

Acme builds invoicing software used by 3,000 accountants.

Senior Backend Engineer: you have 5+ years of Go and PostgreSQL, you know Kafka, and you use
version control every day.

Product Designer: you are fluent in design systems and prototyping.
"""
RESUME = "Backend engineer. Go, PostgreSQL, Kafka and Git since 2018."


def test_a_multi_role_posting_offers_a_role_picker_and_kinds_read_met_by(
    browser, live_server
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    pasted_match(page, live_server, RESUME, POSTING)

    picker = page.locator("section.roles")
    assert "lists 2 roles" in picker.inner_text()
    assert "Senior Backend Engineer" in picker.locator("p.hint").inner_text()
    assert "fits the resume best" in picker.inner_text()
    row = page.locator("li.skill:has(span.name:text-is('Version control'))")
    assert "Met by Git" in row.inner_text()
    assert (
        page.locator("section.missing li.skill:has(span.name:text-is('Design systems'))").count()
        == 0
    )
    page.screenshot(path="/tmp/matcher-roles.png", full_page=True)

    # Picking the other role reports it, through a real form post with its CSRF token.
    page.select_option("#role-select", label="Product Designer (not an engineering role)")
    page.click("button:has-text('Show this role')")
    assert "Product Designer" in page.locator("section.roles p.hint").inner_text()
    assert (
        page.locator("section.missing li.skill:has(span.name:text-is('Design systems'))").count()
        == 1
    )
    assert page.locator("li.skill:has(span.name:text-is('Kafka'))").count() == 0
    page.close()
