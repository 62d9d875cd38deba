"""Public feeds of a body: its public meetings as iCalendar, minutes and news as Atom.

This module decides what leaves the system without a sign-in: only public
meetings of the body, and only minutes that are published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from samverkan.accounts.models import Visibility
from samverkan.lib.text import render_markdown
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


@dataclass(frozen=True)
class Entry:
    """One entry of a body's feed: published minutes or a news item."""

    key: str
    title: str
    description: str
    link: str
    published: dt.datetime
    updated: dt.datetime


def feed_entries(body: Body, count: int = 50) -> list[Entry]:
    """The body's latest published minutes and news, newest first."""
    from .models import NewsItem

    minutes = [
        Entry(
            key=f"minutes-{meeting.pk}",
            title=_("Anteckningar från mötet %(date)s") % {"date": meeting.date_label},
            description=_("Dagordning: %(titles)s")
            % {"titles": ", ".join(item.title for item in meeting.items.all())},
            link=reverse("meetings:record", args=[meeting.pk, "anteckningar", "html"]),
            published=meeting.approved_at or meeting.starts_at,
            updated=meeting.modified,
        )
        for meeting in published_minutes(body).prefetch_related("items")[:count]
    ]
    news = [
        Entry(
            key=f"news-{item.pk}",
            title=item.title,
            description=render_markdown(item.text),
            link=item.get_absolute_url(),
            published=item.published_at,
            updated=item.modified,
        )
        for item in NewsItem.objects.published().filter(body=body)[:count]
    ]
    return sorted(minutes + news, key=lambda e: e.published, reverse=True)[:count]


class BodyFeed(Feed):
    """Atom feed of a body's published minutes and news."""

    feed_type = Atom1Feed

    def get_object(
        self, request: HttpRequest, structure_slug: str, body_slug: str
    ) -> Body:
        return get_body(structure_slug, body_slug)

    def title(self, body: Body) -> str:
        return _("Anteckningar och nyheter från %(body)s") % {"body": body.name}

    def link(self, body: Body) -> str:
        return body.get_absolute_url()

    def subtitle(self, body: Body) -> str:
        return body.structure.name

    def items(self, body: Body) -> list[Entry]:
        return feed_entries(body)

    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_description(self, entry: Entry) -> str:
        return entry.description

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_pubdate(self, entry: Entry) -> dt.datetime:
        return entry.published

    def item_updateddate(self, entry: Entry) -> dt.datetime:
        return entry.updated


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response
