"""The body page as a person sees it, in Chromium."""

from pathlib import Path

import pytest
from django.urls import reverse

from samverkan.organisation.models import Body

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-output" / "screenshots"


def visible_rows(page) -> list[list[str]]:
    rows = page.locator("#composition-table tbody tr")
    return [
        [" ".join(cell.split()) for cell in rows.nth(i).locator("td").all_inner_texts()]
        for i in range(rows.count())
    ]


def test_a_visitor_reads_the_cs_composition_and_looks_back_a_year(page, demo, today):
    cs = Body.objects.get(slug="cs")
    page.goto(reverse("organisation:body", args=[demo.slug, "cs"]))

    assert page.locator("h1").inner_text() == "Centralt Samverkansorgan"
    headers = page.locator("#composition-table thead th").all_inner_texts()
    assert headers == ["För Region Skåne", "För kommunerna"]
    rows = visible_rows(page)
    assert rows[0] == [
        "Anna Mannfalk, ordförande",
        "Anders Rubin, Malmö, vice ordförande",
    ]
    assert [right for _, right in rows].count("Vakant") == 4
    assert [left for left, _ in rows][-1] == "Mätta Ivarsson"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "body-page.png"), full_page=True)

    last_year = cs.chair_year_bounds(today.year - 1)[0].isoformat()
    page.get_by_label("Visa sammansättningen den").fill(last_year)
    page.get_by_role("button", name="Visa", exact=True).click()

    page.locator("caption", has_text=last_year).wait_for()
    assert visible_rows(page)[0] == [
        "Anna Mannfalk, vice ordförande",
        "Anders Rubin, Malmö, ordförande",
    ]
    assert f"datum={last_year}" in page.url  # htmx pushed the address


def test_the_date_picker_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto(reverse("organisation:body", args=[demo.slug, "cs"]))
        page.get_by_label("Visa sammansättningen den").fill("2010-01-01")
        page.get_by_role("button", name="Visa", exact=True).click()

        page.wait_for_url("**datum=2010-01-01")
        assert visible_rows(page) == [["Vakant", "Vakant"]] * 8
    finally:
        context.close()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page, demo):
    page.goto(reverse("organisation:body", args=[demo.slug, "cs"]))

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_page_fits_a_narrow_phone_screen(page, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(reverse("organisation:body", args=[demo.slug, "cs"]))

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "body-page-360.png"), full_page=True)
