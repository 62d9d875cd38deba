import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_visitor_searches_from_the_header_with_suggestions_as_they_type(
    page,  # noqa: ANN001
    corpus,  # noqa: ANN001
    sign_in,  # noqa: ANN001
    member,  # noqa: ANN001
):
    page.goto(reverse("organisation:structures"))
    box = page.get_by_role("searchbox", name="Sök")
    box.press_sequentially("kommunikationsp", delay=20)
    suggestions = page.locator("#site-search-suggestions li")
    suggestions.first.wait_for()
    assert "Kommunikationsplan för e-hälsa" in suggestions.first.inner_text()

    box.press("Enter")
    page.wait_for_url("**/sok/?q=kommunikationsp*")
    # Without the prefix a half word finds nothing; the whole word does.
    box = page.get_by_role("searchbox", name="Sök efter")
    box.fill("kommunikationsplanen")
    page.get_by_role("button", name="Sök").last.click()
    assert page.locator("#search-summary").inner_text() == (
        "2 träffar för ”kommunikationsplanen”"
    )
    assert page.locator(".search-hit__snippet mark").first.inner_text() == (
        "Kommunikationsplanen"
    )

    page.locator(".search-filters summary").click()
    page.get_by_label("Anteckningar och utfall").check()
    page.get_by_role("button", name="Sök").last.click()
    page.wait_for_url("**typ=minutes*")
    expect(page.locator(".search-hit")).to_have_count(1)

    page.locator("#site-search-q").fill("läkemedelsgenomgång")
    page.locator("#site-search-q").press("Enter")
    assert page.locator("#search-summary").inner_text().startswith("0 träffar")
    sign_in(page, member)
    page.reload()
    assert page.locator(".search-hit__title").inner_text() == (
        "CS 2024/2 Läkemedelsgenomgångar i hemsjukvården"
    )
