"""Daily: tell people of work that is due (run by `samverkan send_reminders`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from samverkan.accounts import permissions

from . import services
from .events import body_users, party_users, person_users, secretary_users
from .models import Kind

FOLLOW_UP_NOTICE = dt.timedelta(days=14)
ASSIGNMENT_NOTICE = dt.timedelta(days=7)


def deviations_overdue(today: dt.date) -> int:
    from samverkan.deviations.models import Deviation

    written = 0
    late = Deviation.objects.filter(
        status=Deviation.Status.SENT, answer_due__lt=today
    ).select_related("concerned_party")
    for deviation in late:
        candidates = (
            body_users([deviation.body_id], today)
            if deviation.body_id
            else party_users([deviation.concerned_party_id], today)
        )
        users = [
            u for u in candidates if permissions.can_answer_deviation(u, deviation)
        ]
        written += len(
            services.notify(
                users=users,
                kind=Kind.DEVIATION_OVERDUE,
                title=_("Avvikelse %(reference)s skulle ha besvarats %(due)s")
                % {
                    "reference": deviation.reference,
                    "due": deviation.answer_due.isoformat(),
                },
                url=deviation.get_absolute_url(),
                key=f"deviation_overdue:{deviation.pk}:{deviation.answer_due}",
            )
        )
    return written


def follow_ups_due(today: dt.date) -> int:
    """Open follow-ups whose meeting (or month) is at most two weeks away."""
    from samverkan.meetings.models import FollowUp

    horizon = today + FOLLOW_UP_NOTICE
    due = (
        FollowUp.objects.filter(status=FollowUp.Status.OPEN)
        .filter(
            Q(target_meeting__starts_at__date__lte=horizon)
            | Q(target_meeting__isnull=True, target_month__lte=horizon)
        )
        .select_related("target_body", "target_meeting", "origin_item__meeting")
        .prefetch_related("responsible")
    )
    written = 0
    for follow_up in due:
        when = (
            follow_up.target_meeting.starts_at.date()
            if follow_up.target_meeting
            else follow_up.target_month
        )
        users = set(person_users([p.pk for p in follow_up.responsible.all()]))
        users |= set(secretary_users(follow_up.target_body_id, today))
        meeting = follow_up.target_meeting or follow_up.origin_item.meeting
        written += len(
            services.notify(
                users=[u for u in users if permissions.can_view_meeting(u, meeting)],
                kind=Kind.FOLLOW_UP_DUE,
                title=_("Återkoppling till %(body)s %(when)s: %(text)s")
                % {
                    "body": follow_up.target_body.name,
                    "when": when.isoformat(),
                    "text": follow_up.text,
                },
                url=meeting.get_absolute_url(),
                key=f"follow_up_due:{follow_up.pk}:{when}",
            )
        )
    return written


def assignments_due(today: dt.date) -> int:
    """Unfinished assignments due within a week, and again once overdue."""
    from samverkan.meetings.models import Assignment

    due = (
        Assignment.objects.exclude(status=Assignment.Status.DONE)
        .filter(due__lte=today + ASSIGNMENT_NOTICE)
        .select_related("origin_item__meeting")
        .prefetch_related("owners")
    )
    written = 0
    for assignment in due:
        late = assignment.due < today
        meeting = assignment.origin_item.meeting
        users = [
            u
            for u in person_users([p.pk for p in assignment.owners.all()])
            if permissions.can_view_meeting(u, meeting)
        ]
        title = (
            _("Uppdraget ”%(title)s” skulle ha varit klart %(due)s")
            if late
            else _("Uppdraget ”%(title)s” ska vara klart %(due)s")
        ) % {"title": assignment.title, "due": assignment.due.isoformat()}
        written += len(
            services.notify(
                users=users,
                kind=Kind.ASSIGNMENT_DUE,
                title=title,
                url=meeting.get_absolute_url(),
                key=f"assignment_{'late' if late else 'due'}:{assignment.pk}:"
                f"{assignment.due}",
            )
        )
    return written


def remind(*, today: dt.date) -> int:
    """Write today's due-work notifications; return how many were written."""
    return deviations_overdue(today) + follow_ups_due(today) + assignments_due(today)
