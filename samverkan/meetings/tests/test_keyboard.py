"""The secretary builds an agenda and writes minutes with the keyboard alone.

No clicks and no `fill`: the test moves with Tab and Shift+Tab, types, and
presses Enter or Space, as a person without a mouse does. Where focus lands,
it must be visible.
"""

import datetime as dt

import pytest
from django.urls import reverse

from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem

from .conftest import ZONE

pytestmark = pytest.mark.browser

FOCUS_RING = """el => {
  const style = getComputedStyle(el);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page, target, backwards: bool = False, limit: int = 80) -> None:  # noqa: ANN001
    """Press Tab (or Shift+Tab) until `target` has focus; check that it shows."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press(key)
    else:
        pytest.fail(f"{key} never reached {target}")
    assert target.evaluate(FOCUS_RING), f"no visible focus on {target}"


@pytest.fixture
def secretary_page(page, sign_in, jill):  # noqa: ANN001
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=jill, name="app", confirmed=True)
    sign_in(page, jill, verified=True)
    return page


def add_item_by_keyboard(page, title: str) -> None:  # noqa: ANN001
    tab_to(page, page.get_by_label("Rubrik"))
    page.keyboard.type(title)
    # Back from the button at the end of the form, past the other fields.
    tab_to(page, page.get_by_role("button", name="Lägg till punkten"))
    page.keyboard.press("Enter")
    page.get_by_text("Punkten är tillagd.").wait_for()


def test_the_secretary_builds_the_agenda_and_writes_minutes_by_keyboard(
    secretary_page, cs, jill
):
    page = secretary_page
    meeting = services.create_meeting(
        body=cs, starts_at=dt.datetime(2024, 4, 12, 9, tzinfo=ZONE), actor=jill
    )
    page.goto(reverse("meetings:agenda", args=[meeting.pk]))

    add_item_by_keyboard(page, "Välkommen")
    add_item_by_keyboard(page, "Rutiner för delregional samverkan")
    tab_to(
        page,
        page.get_by_role("button", name="Flytta upp Rutiner för delregional samverkan"),
    )
    page.keyboard.press("Space")
    page.get_by_text("Ordningen är ändrad.").wait_for()

    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles == ["Rutiner för delregional samverkan", "Välkommen"]

    page.goto(reverse("meetings:minutes", args=[meeting.pk]))
    notes = page.get_by_label("Anteckningar till Välkommen")
    tab_to(page, notes)
    page.keyboard.type("Ordföranden hälsar välkommen.")
    page.keyboard.press("Enter")  # a new line, not a submit, in a text area
    page.keyboard.type("- Presentationsrunda")
    save = page.locator("#punkt-{}".format(meeting.items.get(title="Välkommen").pk))
    tab_to(page, save.get_by_role("button", name="Spara anteckningarna"))
    page.keyboard.press("Enter")
    save.get_by_text("Sparat").wait_for()

    item = AgendaItem.objects.get(meeting=meeting, title="Välkommen")
    assert item.notes == "Ordföranden hälsar välkommen.\n- Presentationsrunda"

    # Shift+Tab goes back to the text just written, which is still there.
    tab_to(page, notes, backwards=True)
    assert notes.input_value() == item.notes
