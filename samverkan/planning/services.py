"""The year plan: meeting series from a rule, and the deadlines that follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, rrule, weekday
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.lib.dates import add_working_days, is_working_day
from samverkan.lib.errors import DomainError
from samverkan.meetings import services as meetings
from samverkan.meetings.models import Meeting
from samverkan.organisation.models import Body

AGENDA_DOCUMENTS_DUE = 10  # working days before the meeting
AGENDA_SENT_DUE = 5  # working days before the meeting


@dataclass(frozen=True)
class PlannedDay:
    day: dt.date
    moved_from: dt.date | None = None


def series_days(
    *, year: int, months: Iterable[int], weekday_index: int, ordinal: int
) -> list[PlannedDay]:
    """Return the days of a rule such as 'the second Friday of February, April, …'.

    `weekday_index` is 0 for Monday; `ordinal` 1–4, or -1 for the last. A day
    that is not a working day (a Swedish holiday or eve) moves to the working
    day before it.
    """
    months = sorted(set(months))
    if not months or any(not 1 <= m <= 12 for m in months):
        raise DomainError(_("Välj minst en månad."))
    if not 0 <= weekday_index <= 6 or ordinal not in (1, 2, 3, 4, -1):
        raise DomainError(_("Välj veckodag och vilken i månaden."))
    rule = rrule(
        MONTHLY,
        dtstart=dt.datetime(year, 1, 1),
        until=dt.datetime(year, 12, 31),
        bymonth=months,
        byweekday=weekday(weekday_index)(ordinal),
    )
    days = []
    for occurrence in rule:
        day = occurrence.date()
        if is_working_day(day):
            days.append(PlannedDay(day))
        else:
            days.append(PlannedDay(add_working_days(day, -1), moved_from=day))
    return days


@transaction.atomic
def plan_series(
    *,
    body: Body,
    year: int,
    months: Iterable[int],
    weekday_index: int,
    ordinal: int,
    start: dt.time,
    actor: User | None,
    end: dt.time | None = None,
    place: str = "",
) -> list[Meeting]:
    """Create the year's meetings of `body` by the rule; days already taken are skipped."""
    zone = ZoneInfo(settings.TIME_ZONE)
    taken = {
        m.starts_at.astimezone(zone).date()
        for m in body.meetings.filter(starts_at__year=year).exclude(
            status=Meeting.Status.CANCELLED
        )
    }
    created = []
    for planned in series_days(
        year=year, months=months, weekday_index=weekday_index, ordinal=ordinal
    ):
        if planned.day in taken:
            continue
        created.append(
            meetings.create_meeting(
                body=body,
                starts_at=dt.datetime.combine(planned.day, start, tzinfo=zone),
                ends_at=dt.datetime.combine(planned.day, end, tzinfo=zone)
                if end
                else None,
                place=place,
                actor=actor,
            )
        )
    return created


KINDS = {
    "meeting": _("Möte"),
    "deadline": _("Sista dag"),
    "follow_up": _("Återkoppling"),
    "assignment": _("Uppdrag"),
    "chair": _("Ordförandebyte"),
}


@dataclass
class Entry:
    day: dt.date
    kind: str
    text: str
    url: str = ""
    # What the entry is about, e.g. 'documents-due-12': a calendar UID must
    # stay the same from one download to the next (RFC 5545, 3.8.4.7).
    key: str = ""

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def year_plan(body: Body, year: int) -> list[Entry]:
    """Return the body's year: meetings, their deadlines, follow-ups and assignments due, the chair change."""
    from django.db.models import Q
    from django.utils import timezone

    from samverkan.meetings.models import Assignment, FollowUp

    entries = []
    for meeting in body.meetings.filter(starts_at__year=year).exclude(
        status=Meeting.Status.CANCELLED
    ):
        day = timezone.localtime(meeting.starts_at).date()
        entries.append(
            Entry(
                day,
                "meeting",
                _("Möte i %(body)s") % {"body": body.short_name},
                meeting.get_absolute_url(),
            )
        )
        entries.append(
            Entry(
                add_working_days(day, -AGENDA_DOCUMENTS_DUE),
                "deadline",
                _("Handlingar till mötet %(date)s ska vara inne")
                % {"date": day.isoformat()},
            )
        )
        entries.append(
            Entry(
                add_working_days(day, -AGENDA_SENT_DUE),
                "deadline",
                _("Dagordningen till mötet %(date)s skickas ut")
                % {"date": day.isoformat()},
            )
        )
        entries.append(
            Entry(
                meeting.approval_due or day + dt.timedelta(days=meetings.APPROVAL_DAYS),
                "deadline",
                _("Anteckningarna från mötet %(date)s justeras")
                % {"date": day.isoformat()},
            )
        )
    for follow_up in FollowUp.objects.filter(target_body=body, target_month__year=year):
        entries.append(Entry(follow_up.target_month, "follow_up", follow_up.text))
    for assignment in Assignment.objects.filter(
        Q(return_body=body) | Q(origin_item__meeting__body=body), due__year=year
    ).distinct():
        entries.append(
            Entry(
                assignment.due,
                "assignment",
                _("Uppdrag: %(title)s") % {"title": assignment.title},
            )
        )
    if body.chair_rule != Body.ChairRule.NONE:
        start, _end = body.chair_year_bounds(year)
        entries.append(Entry(start, "chair", _("Ordförandeskapet byts")))
    return sorted(entries, key=lambda e: (e.day, e.kind))


def personal_entries(user: User, today: dt.date) -> tuple[list[Meeting], list[Entry]]:
    """Return a user's meetings (internal ones included) and their deadlines and assignments.

    Meetings of the bodies the user takes part in or handles, from a month
    back to a year ahead; the assignments the user's person owns.
    """
    from django.db.models import Q

    from samverkan.accounts.permissions import handled_body_ids, scope_of, visible_to
    from samverkan.meetings.models import Assignment

    scope = scope_of(user)
    bodies = set(scope.bodies) | handled_body_ids(user)
    window = (today - dt.timedelta(days=31), today + dt.timedelta(days=366))
    mine = visible_to(
        user,
        Meeting.objects.filter(body_id__in=bodies, starts_at__date__range=window)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body"),
    ).order_by("starts_at")
    meetings_list = list(mine)
    entries = []
    zone = ZoneInfo(settings.TIME_ZONE)
    for meeting in meetings_list:
        day = meeting.starts_at.astimezone(zone).date()
        entries.append(
            Entry(
                add_working_days(day, -AGENDA_DOCUMENTS_DUE),
                "deadline",
                _("Handlingar till %(body)s %(date)s ska vara inne")
                % {"body": meeting.body.short_name, "date": day.isoformat()},
                key=f"documents-due-{meeting.pk}",
            )
        )
    person = getattr(user, "person", None)
    if person is not None:
        for assignment in Assignment.objects.filter(
            Q(owners=person), due__isnull=False
        ).exclude(status=Assignment.Status.DONE):
            entries.append(
                Entry(
                    assignment.due,
                    "assignment",
                    _("Uppdrag: %(title)s") % {"title": assignment.title},
                    key=f"assignment-{assignment.pk}",
                )
            )
    return meetings_list, entries


def personal_calendar(user: User, today: dt.date, base_url: str) -> bytes:
    """Return the user's private calendar: meetings as events, deadlines as all-day events."""
    from django.utils import timezone
    from icalendar import Calendar, Event

    meetings_list, entries = personal_entries(user, today)
    calendar = Calendar()
    calendar.add("prodid", "-//Samverkan//samverkan//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Samverkan – min kalender"))
    stamp = timezone.now()
    for meeting in meetings_list:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@samverkan")
        event.add("summary", _("Möte i %(body)s") % {"body": meeting.body.name})
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2))
        event.add("dtstamp", stamp)
        event.add("url", base_url + meeting.get_absolute_url())
        if meeting.place:
            event.add("location", meeting.place)
        calendar.add_component(event)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.key}@samverkan")
        event.add("summary", entry.text)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        calendar.add_component(event)
    return calendar.to_ical()
