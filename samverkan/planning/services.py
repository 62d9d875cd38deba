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


@dataclass
class Entry:
    day: dt.date
    kind: str
    text: str
    url: str = ""


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
