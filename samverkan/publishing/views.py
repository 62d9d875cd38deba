from django.http import HttpRequest, HttpResponse

from samverkan.accounts.permissions import public
from samverkan.organisation.selectors import get_body

from .feeds import MinutesFeed, calendar_response, meetings_calendar, public_meetings

minutes_feed = public(MinutesFeed())


@public
def body_calendar(
    request: HttpRequest, structure_slug: str, body_slug: str
) -> HttpResponse:
    """The body's public meetings as a calendar to subscribe to."""
    body = get_body(structure_slug, body_slug)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return calendar_response(
        meetings_calendar(body, public_meetings(body), base_url), body.slug
    )
