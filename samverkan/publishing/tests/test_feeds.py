import datetime as dt
from zoneinfo import ZoneInfo

import feedparser
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from lxml import html

from samverkan.meetings import services
from samverkan.meetings.demo import load as load_meeting_demo
from samverkan.organisation.models import Body

ZONE = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def cs(demo, today) -> Body:
    load_meeting_demo(demo, today)
    return Body.objects.get(structure=demo, slug="cs")


def test_the_calendar_holds_the_public_meetings_and_round_trips(client, cs):
    internal = services.create_meeting(
        body=cs,
        starts_at=dt.datetime(2027, 3, 5, 9, tzinfo=ZONE),
        visibility="internal",
        actor=None,
    )
    cancelled = services.create_meeting(
        body=cs, starts_at=dt.datetime(2027, 4, 5, 9, tzinfo=ZONE), actor=None
    )
    services.transition_meeting(meeting=cancelled, to="cancelled", actor=None)

    response = client.get(
        reverse("publishing:calendar", args=[cs.structure.slug, "cs"])
    )

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    starts = sorted(event.decoded("dtstart") for event in events)
    assert starts[0] == dt.datetime(2023, 12, 8, 9, tzinfo=ZONE)
    assert len(events) == 2  # the demo meeting and the planned next one
    uids = {str(event["uid"]) for event in events}
    assert f"meeting-{internal.pk}@samverkan" not in uids
    assert f"meeting-{cancelled.pk}@samverkan" not in uids
    assert Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event.keys())


def test_the_atom_feed_lists_published_minutes_only(client, cs):
    response = client.get(
        reverse("publishing:minutes-feed", args=[cs.structure.slug, "cs"])
    )

    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Anteckningar och nyheter från Centralt Samverkansorgan"
    assert [entry.title for entry in feed.entries] == [
        "Anteckningar från mötet 2023-12-08"
    ]
    assert feed.entries[0].link.endswith("/anteckningar.html")
    assert "Rutiner för delregional samverkan" in feed.entries[0].summary


def test_an_internal_meetings_minutes_never_reach_the_feed(client, cs):
    meeting = cs.meetings.get(status="published")
    meeting.visibility = "internal"
    meeting.save()

    feed = feedparser.parse(
        client.get(
            reverse("publishing:minutes-feed", args=[cs.structure.slug, "cs"])
        ).content
    )

    assert feed.entries == []


def test_the_body_page_lists_upcoming_meetings_and_minutes_by_year(client, cs):
    from lxml import html

    tree = html.fromstring(client.get(cs.get_absolute_url()).content.decode())

    assert len(tree.cssselect("#upcoming-meetings li")) == 1
    minutes = tree.cssselect("#minutes-2023 li a")
    assert minutes[0].text_content() == "Anteckningar från mötet 2023-12-08"
    assert client.get(minutes[0].get("href")).status_code == 200


def test_the_body_page_shows_no_internal_meeting(client, cs):
    meeting = services.create_meeting(
        body=cs,
        starts_at=dt.datetime(2030, 1, 10, 9, tzinfo=ZONE),
        visibility="internal",
        place="Hemligt rum",
        actor=None,
    )

    page = client.get(cs.get_absolute_url()).content.decode()

    assert "Hemligt rum" not in page and meeting.get_absolute_url() not in page


def updated_on_page(client, body: Body) -> str:
    page = html.fromstring(client.get(body.get_absolute_url()).content)
    return page.cssselect(".page-facts time")[0].text_content()


def test_last_updated_moves_when_a_public_meeting_is_cancelled_not_for_an_internal_one(
    client, cs
):
    before = updated_on_page(client, cs)
    upcoming = cs.meetings.filter(
        visibility="public", starts_at__gte=timezone.now()
    ).get()
    later = timezone.now() + dt.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        services.create_meeting(
            body=cs,
            starts_at=dt.datetime(2030, 1, 10, 9, tzinfo=ZONE),
            visibility="internal",
            actor=None,
        )
    assert updated_on_page(client, cs) == before

    with time_machine.travel(later, tick=False):
        services.transition_meeting(meeting=upcoming, to="cancelled", actor=None)

    assert (
        upcoming.get_absolute_url()
        not in client.get(cs.get_absolute_url()).content.decode()
    )
    assert updated_on_page(client, cs) == timezone.localdate(later).isoformat()


def test_the_start_page_shows_upcoming_meetings_and_the_latest_minutes(client, cs):
    from lxml import html

    internal = services.create_meeting(
        body=cs,
        starts_at=dt.datetime(2031, 1, 10, 9, tzinfo=ZONE),
        visibility="internal",
        actor=None,
    )
    tree = html.fromstring(client.get(cs.structure.get_absolute_url()).content.decode())

    assert [a.text_content() for a in tree.cssselect("#structure-minutes a")] == [
        "CS 2023-12-08"
    ]
    upcoming = [a.get("href") for a in tree.cssselect("#structure-upcoming a")]
    assert len(upcoming) == 1 and internal.get_absolute_url() not in upcoming
