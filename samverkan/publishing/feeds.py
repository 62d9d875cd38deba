"""Public feeds of a body: its public meetings as iCalendar, its minutes as Atom.

This module decides what leaves the system without a sign-in: only public
meetings of the body, and only minutes that are published.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from samverkan.accounts.models import Visibility
from samverkan.meetings.models import Meeting
from samverkan.organisation.models import Body
from samverkan.organisation.selectors import get_body


def public_meetings(body: Body) -> QuerySet[Meeting]:
    """The body's public meetings that were not cancelled."""
    return (
        body.meetings.filter(visibility=Visibility.PUBLIC)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
    )


def published_minutes(body: Body) -> QuerySet[Meeting]:
    """The body's public meetings whose minutes are published, newest first."""
    return (
        public_meetings(body)
        .filter(status=Meeting.Status.PUBLISHED)
        .order_by("-starts_at")
    )


def meetings_calendar(body: Body, meetings: QuerySet[Meeting], base_url: str) -> bytes:
    """Return the meetings as an iCalendar (RFC 5545) calendar."""
    calendar = Calendar()
    calendar.add("prodid", "-//Samverkan//samverkan//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Möten i %(body)s") % {"body": body.name})
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@samverkan")
        event.add("summary", _("Möte i %(body)s") % {"body": body.name})
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2))
        event.add("dtstamp", stamp)
        event.add("last-modified", meeting.modified)
        event.add("url", base_url + meeting.get_absolute_url())
        if meeting.place:
            event.add("location", meeting.place)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


class MinutesFeed(Feed):
    """Atom feed of a body's published minutes."""

    feed_type = Atom1Feed

    def get_object(
        self, request: HttpRequest, structure_slug: str, body_slug: str
    ) -> Body:
        return get_body(structure_slug, body_slug)

    def title(self, body: Body) -> str:
        return _("Publicerade anteckningar från %(body)s") % {"body": body.name}

    def link(self, body: Body) -> str:
        return reverse("meetings:list", args=[body.structure.slug, body.slug])

    def subtitle(self, body: Body) -> str:
        return body.structure.name

    def items(self, body: Body) -> QuerySet[Meeting]:
        return published_minutes(body)[:50]

    def item_title(self, meeting: Meeting) -> str:
        return _("Anteckningar från mötet %(date)s") % {"date": meeting.date_label}

    def item_description(self, meeting: Meeting) -> str:
        titles = ", ".join(meeting.items.values_list("title", flat=True))
        return _("Dagordning: %(titles)s") % {"titles": titles}

    def item_link(self, meeting: Meeting) -> str:
        return reverse("meetings:record", args=[meeting.pk, "anteckningar", "html"])

    def item_pubdate(self, meeting: Meeting) -> dt.datetime:
        return meeting.approved_at or meeting.starts_at

    def item_updateddate(self, meeting: Meeting) -> dt.datetime:
        return meeting.modified


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response
