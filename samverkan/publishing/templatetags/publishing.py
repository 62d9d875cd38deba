"""Public sections other apps' pages include, without importing this app."""

import datetime as dt
from itertools import groupby

from django import template
from django.db.models import QuerySet, Subquery
from django.utils import timezone

from samverkan.accounts.models import Visibility
from samverkan.meetings.models import Meeting
from samverkan.organisation.models import Body, Structure
from samverkan.organisation.selectors import last_updated

from ..feeds import public_meetings, published_minutes
from ..models import NewsItem

register = template.Library()


@register.inclusion_tag("publishing/_body_meetings.html")
def body_meetings(body: Body, upcoming: int = 5, news: int = 3) -> dict[str, object]:
    """The body's latest news, next public meetings and published minutes by year."""
    now = timezone.now()
    minutes = list(published_minutes(body))
    by_year = [
        (year, list(meetings))
        for year, meetings in groupby(
            minutes, key=lambda m: timezone.localtime(m.starts_at).year
        )
    ]
    return {
        "body": body,
        "upcoming": list(
            public_meetings(body)
            .filter(starts_at__gte=now)
            .order_by("starts_at")[:upcoming]
        ),
        "minutes_by_year": by_year,
        "news": list(NewsItem.objects.published().filter(body=body)[:news]),
    }


@register.inclusion_tag("publishing/_structure_meetings.html")
def structure_meetings(structure: Structure, count: int = 5) -> dict[str, object]:
    """The structure's next public meetings and latest published minutes, all bodies."""
    meetings = Meeting.objects.filter(
        body__structure=structure, visibility=Visibility.PUBLIC
    ).select_related("body")
    return {
        "upcoming": list(
            meetings.filter(starts_at__gte=timezone.now())
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")[:count]
        ),
        "latest": list(
            meetings.filter(status=Meeting.Status.PUBLISHED).order_by("-starts_at")[
                :count
            ]
        ),
    }


@register.simple_tag
def page_updated(body: Body) -> dt.datetime:
    """When anything on the body's public page last changed: the composition,
    its public meetings and minutes, or its news.

    A meeting that was shown and then cancelled or made internal, and news
    that was published and then withdrawn or deleted, left the page: their
    history says when.
    """
    shown_meetings = (
        Meeting.history.filter(body_id=body.pk, visibility=Visibility.PUBLIC)
        .exclude(status=Meeting.Status.CANCELLED)
        .values("id")
    )
    published_news = NewsItem.history.filter(
        body_id=body.pk, published_at__isnull=False
    ).values("id")
    changes = (
        Body.objects.filter(pk=body.pk)
        .values(
            latest_meeting=_latest(public_meetings(body), "modified"),
            latest_meeting_history=_latest(
                Meeting.history.filter(id__in=shown_meetings), "history_date"
            ),
            latest_news=_latest(
                NewsItem.objects.published().filter(body=body), "modified"
            ),
            latest_news_history=_latest(
                NewsItem.history.filter(id__in=published_news), "history_date"
            ),
        )
        .get()
    )
    return max(change for change in (last_updated(body), *changes.values()) if change)


def _latest(rows: QuerySet, field: str) -> Subquery:
    return Subquery(rows.order_by(f"-{field}").values(field)[:1])
