import pytest
from django.urls import reverse

from samverkan.deviations.models import Deviation

pytestmark = pytest.mark.browser


def fill_report(page, description: str) -> None:
    page.get_by_label("Rapporterande part").select_option(label="Svalöv")
    page.get_by_label("Rapporterande enhet").fill("Hemsjukvården Svalöv")
    page.get_by_label("Berörd part").select_option(label="Region Skåne")
    page.get_by_label("Händelsedatum").fill("2024-03-04")
    page.get_by_label("Kategori").select_option(label="Utskrivning")
    page.get_by_label("Vad hände").fill(description)
    page.get_by_label("Konsekvens för patienten").select_option(label="Lindrig")
    page.get_by_role("button", name="Skicka rapporten").click()


def test_a_deviation_is_reported_refused_with_a_personnummer_then_answered(
    page, browser, live_server, sign_in, municipal_rep, region_rep, demo
):
    sign_in(page, municipal_rep)
    page.goto(reverse("deviations:create", args=[demo.slug]))

    fill_report(page, "Patient 19121212-1212 skrevs ut utan information i Mina Planer.")
    alert = page.locator("#form-errors")
    assert "19121212-****" in alert.inner_text()
    assert Deviation.objects.count() == 0

    page.get_by_label("Vad hände").fill(
        "Patienten skrevs ut utan information i Mina Planer."
    )
    page.get_by_role("button", name="Skicka rapporten").click()
    page.locator("#status").wait_for()
    assert page.locator("#status").inner_text() == "Skickad till berörd part"
    deviation = Deviation.objects.get()

    answering = browser.new_context(locale="sv-SE", base_url=live_server.url).new_page()
    sign_in(answering, region_rep)
    answering.goto(deviation.get_absolute_url())
    answering.get_by_role("textbox", name="Svar").fill(
        "Rutinen för utskrivning är uppdaterad."
    )
    answering.get_by_role("button", name="Skicka svaret").click()
    assert answering.locator("#status").inner_text() == "Besvarad"
    answering.context.close()

    page.reload()
    page.get_by_role("button", name="Godta svaret och avsluta").click()
    assert page.locator("#status").inner_text() == "Avslutad"
