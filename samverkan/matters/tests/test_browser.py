import pytest
from django.urls import reverse

from samverkan.matters import services
from samverkan.matters.models import Matter

pytestmark = pytest.mark.browser


def test_a_party_contact_raises_a_matter_and_follows_its_status(
    page, sign_in, party_contact, official, demo
):
    sign_in(page, party_contact)
    page.goto(reverse("matters:create", args=[demo.slug]))

    page.get_by_label("Till organ").select_option(label="Centralt Samverkansorgan")
    page.get_by_label("Rubrik").fill("Läkemedelslistor saknas vid utskrivning")
    page.get_by_label("Beskrivning").fill(
        "Vid utskrivning saknas ofta en aktuell läkemedelslista."
    )
    page.get_by_label("Väckt av").select_option(label="Svalöv")
    page.get_by_label("Kategori").select_option(label="Informationsutbyte")
    page.get_by_role("button", name="Registrera ärendet").click()

    number = page.locator("#registry-number").inner_text()
    matter = Matter.objects.get()
    assert number == matter.registry_number
    page.get_by_role("link", name="Följ ärendet").click()
    assert page.locator("#status").inner_text() == "Inkommet"

    services.transition_matter(matter=matter, to="in_preparation", actor=official)
    page.reload()

    assert page.locator("#status").inner_text() == "Under beredning"
    assert page.locator("#timeline li").count() == 2
    assert page.get_by_role("button", name="Ändra status").count() == 0
