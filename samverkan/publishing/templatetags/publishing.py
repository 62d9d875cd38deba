"""Public sections other apps' pages include, without importing this app."""

from itertools import groupby

from django import template
from django.utils import timezone

from samverkan.accounts.models import Visibility
from samverkan.meetings.models import Meeting
from samverkan.organisation.models import Body, Structure

from ..feeds import public_meetings, published_minutes

register = template.Library()


@register.inclusion_tag("publishing/_body_meetings.html")
def body_meetings(body: Body, upcoming: int = 5) -> dict[str, object]:
    """The body's next public meetings and its published minutes, by year."""
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
