"""Public sections other apps' pages include, without importing this app."""

from itertools import groupby

from django import template
from django.utils import timezone

from samverkan.organisation.models import Body

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
