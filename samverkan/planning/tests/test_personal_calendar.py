import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samverkan.accounts.models import User
from samverkan.matters.tests.conftest import user_for
from samverkan.meetings import services as meetings
from samverkan.organisation.models import Body
from samverkan.planning.models import CalendarToken

ZONE = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def lisa(demo):
    """Lisa Flinth, member of CS."""
    return user_for("Lisa Flinth", "lisa")


def feed_of(client, user) -> Calendar:
    client.force_login(user)
    client.get(reverse("planning:mine"))
    token = CalendarToken.objects.get(user=user).token
    client.logout()
    response = client.get(reverse("planning:personal-feed", args=[token]))
    assert response["Cache-Control"] == "private, no-store"
    return Calendar.from_ical(response.content)


def test_a_member_gets_the_bodys_internal_meetings_and_her_assignments(
    client, demo, lisa
):
    cs = Body.objects.get(structure=demo, slug="cs")
    soon = timezone.localdate() + dt.timedelta(days=20)
    meeting = meetings.create_meeting(
        body=cs,
        starts_at=dt.datetime.combine(soon, dt.time(9), tzinfo=ZONE),
        visibility="body",
        actor=None,
    )
    item = meetings.add_item(meeting=meeting, title="Plan", actor=None)
    meetings.add_assignment(
        item=item,
        title="Skriv förslaget",
        owners=[lisa.person],
        due=soon + dt.timedelta(days=10),
        actor=None,
    )
    ds = Body.objects.get(structure=demo, slug="ds-sydost")
    other = meetings.create_meeting(
        body=ds,
        starts_at=dt.datetime.combine(soon, dt.time(13), tzinfo=ZONE),
        visibility="body",
        actor=None,
    )

    events = feed_of(client, lisa).walk("VEVENT")

    uids = {str(e["uid"]) for e in events}
    summaries = {str(e["summary"]) for e in events}
    assert f"meeting-{meeting.pk}@samverkan" in uids
    assert f"meeting-{other.pk}@samverkan" not in uids
    assert "Uppdrag: Skriv förslaget" in summaries
    assert any(s.startswith("Handlingar till CS") for s in summaries)


def test_each_event_keeps_its_uid_when_the_calendar_changes(client, demo, lisa):
    cs = Body.objects.get(structure=demo, slug="cs")
    soon = timezone.localdate() + dt.timedelta(days=30)
    meeting = meetings.create_meeting(
        body=cs,
        starts_at=dt.datetime.combine(soon, dt.time(9), tzinfo=ZONE),
        actor=None,
    )
    item = meetings.add_item(meeting=meeting, title="Plan", actor=None)
    meetings.add_assignment(
        item=item, title="Skriv förslaget", owners=[lisa.person], due=soon, actor=None
    )

    def uids_by_event() -> dict[tuple[str, str], str]:
        events = feed_of(client, lisa).walk("VEVENT")
        for event in events:
            assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event.keys())
        uids = [str(event["uid"]) for event in events]
        assert len(uids) == len(set(uids))  # RFC 5545: one UID per event
        return {
            (str(event["summary"]), event["dtstart"].to_ical()): str(event["uid"])
            for event in events
        }

    before = uids_by_event()
    # A meeting earlier than the others comes first in the calendar.
    meetings.create_meeting(
        body=cs,
        starts_at=dt.datetime.combine(
            timezone.localdate() + dt.timedelta(days=3), dt.time(9), tzinfo=ZONE
        ),
        actor=None,
    )
    after = uids_by_event()

    assert len(after) > len(before)
    assert {event: after[event] for event in before} == before


def test_an_unknown_token_is_not_found_and_a_new_address_revokes_the_old(client, lisa):
    client.force_login(lisa)
    client.get(reverse("planning:mine"))
    old = CalendarToken.objects.get(user=lisa).token

    client.post(reverse("planning:renew"))
    new = CalendarToken.objects.get(user=lisa).token

    assert old != new and len(new) >= 40
    assert client.get(reverse("planning:personal-feed", args=[old])).status_code == 404
    assert client.get(reverse("planning:personal-feed", args=[new])).status_code == 200


def test_a_deactivated_users_calendar_stops(client, lisa):
    client.force_login(lisa)
    client.get(reverse("planning:mine"))
    token = CalendarToken.objects.get(user=lisa).token
    User.objects.filter(pk=lisa.pk).update(is_active=False)

    assert (
        client.get(reverse("planning:personal-feed", args=[token])).status_code == 404
    )
