import pytest
from django.urls import reverse
from playwright.sync_api import expect

from samverkan.agreement.demo import load as load_agreement_demo

pytestmark = pytest.mark.browser


def test_an_analyst_reads_the_dashboard_and_narrows_it_to_one_subregion(
    page, sign_in, analyst, demo, today
):
    agreement = load_agreement_demo(demo, today)
    sign_in(page, analyst)
    page.goto(reverse("agreement:dashboard", args=[demo.slug, agreement.slug]))

    sentence = page.locator("#sentence-sip-andel").inner_text()
    assert "av 33 kommuner når målet" in sentence
    assert page.locator("#trend-sip-andel").is_visible()
    assert page.locator("svg.line-chart").count() == 4

    page.locator("#id_unit").select_option(label="Sydost")
    page.get_by_role("button", name="Visa").click()

    expect(page.locator("#sentence-sip-andel")).to_contain_text(
        "av 5 kommuner når målet"
    )
    expect(page.locator("#compare-sip-andel tbody tr")).to_have_count(5)
