"""The secretary brings old minutes in through the import page, in Chromium."""

import pytest
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.meetings.models import Meeting

from . import samples
from .conftest import as_docx

pytestmark = pytest.mark.browser


def test_the_secretary_uploads_previews_confirms_and_finds_the_meeting(
    page, sign_in, demo, cs, seed_minutes, tmp_path
) -> None:
    jill = User.objects.get(username="sekreterare")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(user=jill, name="app", confirmed=True)
    sign_in(page, jill, verified=True)
    seed = tmp_path / "cs-2023-12-08.txt"
    seed.write_text(seed_minutes.replace("Gunilla Wahlberg", "Greta Okänd"), "utf-8")
    ctb = tmp_path / "ctb-2024-05-17.docx"
    ctb.write_bytes(as_docx(samples.CTB_FOR_FILES))

    page.goto(reverse("meetings:list", args=[cs.structure.slug, cs.slug]))
    page.get_by_role("link", name="Importera minnesanteckningar").click()
    page.get_by_label("Filer med minnesanteckningar").set_input_files([seed, ctb])
    page.get_by_role("button", name="Läs in filerna").click()

    assert page.locator("#progress-bar").get_attribute("value") == "100"
    assert page.locator(".import-files li").all_inner_texts() == [
        "cs-2023-12-08.txt: Klar att granska",
        "ctb-2024-05-17.docx: Klar att granska",
    ]
    first = page.locator(".import-preview").first
    assert "Rutiner för delregional samverkan" in first.inner_text()
    first.get_by_label("Greta Okänd").select_option(
        label="Skapa ny person: Greta Okänd"
    )
    first.get_by_role("button", name="Importera mötet").click()
    page.get_by_text(
        "cs-2023-12-08.txt är importerad som mötet CS 2023-12-08."
    ).wait_for(timeout=30_000)

    page.get_by_role("link", name="CS 2023-12-08").click()
    assert page.get_by_text("Rutiner för delregional samverkan").count() >= 1
    meeting = Meeting.objects.get(body=cs)
    assert meeting.items.count() == 7
