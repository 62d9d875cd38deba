"""Background work for meetings: sending the agenda with a calendar invitation."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task
from icalendar import Calendar, Event

from .models import Meeting


def recipients(meeting: Meeting) -> list[str]:
    """The body's members, officials and secretary today, and its preparers' officials."""
    from samverkan.organisation.models import Membership

    day = timezone.localtime(meeting.starts_at).date()
    bodies = [meeting.body_id, *meeting.body.prepared_by.values_list("pk", flat=True)]
    return sorted(
        set(
            Membership.objects.active_on(day)
            .filter(body_id__in=bodies)
            .exclude(person__email="")
            .values_list("person__email", flat=True)
        )
    )


def ical(meeting: Meeting) -> bytes:
    """Return the meeting as an iCalendar invitation (RFC 5545)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Samverkan//samverkan//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@samverkan")
    event.add("summary", f"{meeting.body.name}")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2))
    event.add("dtstamp", timezone.now())
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    event.add(
        "description",
        "\n".join(f"{i.position}. {i.title}" for i in meeting.items.all()),
    )
    calendar.add_component(event)
    return calendar.to_ical()


@task()
def send_agenda_email(meeting_id: int) -> int:
    """E-mail the agenda with its items, document links and the invitation."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    to = recipients(meeting)
    if not to:
        return 0
    items = meeting.items.prefetch_related(
        "presenter_links__person", "documents__versions"
    )
    body = render_to_string(
        "meetings/agenda_email.txt",
        {
            "meeting": meeting,
            "items": items,
            "site_url": getattr(settings, "SITE_URL", ""),
        },
    )
    message = EmailMessage(
        subject=f"Dagordning: {meeting.body.name} {meeting.date_label}",
        body=body,
        to=to,
    )
    message.attach(
        "mote.ics", ical(meeting), "text/calendar; charset=utf-8; method=PUBLISH"
    )
    return message.send()
