"""The secretary's meeting in Chromium: agenda, attendance, live minutes."""

import datetime as dt

import pytest
from django.urls import reverse

from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Attendance

from .conftest import ZONE

pytestmark = pytest.mark.browser


@pytest.fixture
def secretary_page(page, sign_in, jill):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # The secretary signs in with a second factor; the test session carries it.
    TOTPDevice.objects.create(user=jill, name="app", confirmed=True)
    sign_in(page, jill, verified=True)
    return page


def test_the_secretary_builds_an_agenda_records_attendance_and_writes_minutes(
    secretary_page, cs, jill
):
    page = secretary_page
    meeting = services.create_meeting(
        body=cs, starts_at=dt.datetime(2024, 4, 12, 9, tzinfo=ZONE), actor=jill
    )
    page.goto(reverse("meetings:agenda", args=[meeting.pk]))

    for title in ("Välkommen", "Rutiner för delregional samverkan"):
        page.get_by_label("Rubrik").fill(title)
        page.get_by_role("button", name="Lägg till punkten").click()
        page.get_by_text("Punkten är tillagd.").wait_for()
    page.get_by_role(
        "button", name="Flytta upp Rutiner för delregional samverkan"
    ).click()
    assert page.locator(".item-title").all_inner_texts() == [
        "Rutiner för delregional samverkan",
        "Välkommen",
    ]

    page.goto(reverse("meetings:attendance", args=[meeting.pk]))
    page.get_by_role(
        "button", name="Hämta organets ledamöter, tjänstepersoner och sekreterare"
    ).click()
    assert (
        page.locator("#attendance-summary").inner_text()
        == "Region Skåne 8 av 8, kommunerna 4 av 8, 4 vakanta"
    )
    page.get_by_label("Person").select_option(label="Gunilla Wahlberg")
    page.get_by_label("Roll").select_option(label="ledamot")
    page.get_by_label("Närvaro").select_option(label="Förhinder")
    page.get_by_label("Part").select_option(label="Regionen")
    page.get_by_role("button", name="Spara", exact=True).click()
    assert (
        page.locator("#attendance-summary")
        .inner_text()
        .startswith("Region Skåne 7 av 8")
    )
    assert (
        Attendance.objects.get(meeting=meeting, person__last_name="Wahlberg").status
        == "apologies"
    )

    page.goto(reverse("meetings:minutes", args=[meeting.pk]))
    item = meeting.items.get(title="Rutiner för delregional samverkan")
    notes = page.get_by_label("Anteckningar till Rutiner för delregional samverkan")
    notes.fill("Rutinen godkänns med nedan förändringar.")
    notes.press("End")  # a key press lets htmx save on its own
    page.locator(f"#notes-status-{item.pk}").get_by_text("Sparat").wait_for()
    assert (
        AgendaItem.objects.get(pk=item.pk).notes
        == "Rutinen godkänns med nedan förändringar."
    )

    page.locator(f"#outcome-{item.pk}").select_option(label="Godkänns med förändringar")
    page.locator(f"#changes-{item.pk}").fill(
        "att DS byter ordförandeskap den 1 januari"
    )
    page.locator(f"#punkt-{item.pk}").get_by_role(
        "button", name="Spara utfallet"
    ).click()
    page.get_by_text("Utfallet är sparat.").wait_for()
    item.refresh_from_db()
    assert item.outcome == "approved_with_changes" and item.change_list == [
        "att DS byter ordförandeskap den 1 januari"
    ]

    page.goto(reverse("meetings:record", args=[meeting.pk, "anteckningar", "html"]))
    assert "Gunilla Wahlberg" in page.locator("#absent").inner_text()
    assert (
        "att DS byter ordförandeskap den 1 januari"
        in page.locator(".changes").inner_text()
    )
