"""Who hears of what: one function per event, returning the notification.

Each event function takes the object id and returns the users, title, text,
address and key of the notification, or None when the object is gone. The
recipients are filtered through the permission model: nobody is told of what
they may not see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts import permissions
from samverkan.accounts.models import RoleGrant, User

from .models import Kind


@dataclass
class Message:
    kind: str
    users: list[User]
    title: str
    text: str = ""
    url: str = ""
    key: str = ""
    exclude: User | None = field(default=None)


def body_users(body_ids: list[int], day: dt.date) -> QuerySet[User]:
    """Users whose person takes part in the bodies today, and their secretaries."""
    from samverkan.organisation.models import Membership

    members = Membership.objects.active_on(day).filter(body_id__in=body_ids)
    secretaries = (
        RoleGrant.objects.active_on(day)
        .filter(role=RoleGrant.Role.SECRETARY, body_id__in=body_ids)
        .values("user_id")
    )
    return User.objects.filter(
        Q(person__memberships__in=members) | Q(pk__in=secretaries), is_active=True
    ).distinct()


def secretary_users(body_id: int, day: dt.date) -> QuerySet[User]:
    """The body's secretaries today, by grant or by membership."""
    from samverkan.organisation.models import Membership

    by_membership = (
        Membership.objects.active_on(day)
        .filter(body_id=body_id, role=Membership.Role.SECRETARY)
        .values("person__user")
    )
    by_grant = (
        RoleGrant.objects.active_on(day)
        .filter(role=RoleGrant.Role.SECRETARY, body_id=body_id)
        .values("user_id")
    )
    return User.objects.filter(
        Q(pk__in=by_membership) | Q(pk__in=by_grant), is_active=True
    )


def party_users(party_ids: list[int], day: dt.date) -> QuerySet[User]:
    """Users who act for the parties today (party contacts)."""
    contacts = (
        RoleGrant.objects.active_on(day)
        .filter(role=RoleGrant.Role.PARTY_CONTACT, party_id__in=party_ids)
        .values("user_id")
    )
    return User.objects.filter(pk__in=contacts, is_active=True)


def person_users(person_ids: list[int]) -> QuerySet[User]:
    return User.objects.filter(person__pk__in=person_ids, is_active=True)


def agenda_sent(meeting_id: int) -> Message | None:
    from samverkan.meetings.models import Meeting

    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    day = timezone.localtime(meeting.starts_at).date()
    bodies = [meeting.body_id, *meeting.body.prepared_by.values_list("pk", flat=True)]
    users = [
        user
        for user in body_users(bodies, day)
        if permissions.can_view_meeting(user, meeting)
    ]
    return Message(
        Kind.AGENDA_SENT,
        users,
        _("Dagordningen till %(body)s %(date)s är utskickad")
        % {"body": meeting.body.name, "date": meeting.date_label},
        _("Dagordningen och handlingarna finns i Samverkan."),
        meeting.get_absolute_url(),
        key=f"agenda_sent:{meeting.pk}:{meeting.agenda_sent_at:%Y%m%d%H%M%S}",
    )


def minutes_published(meeting_id: int) -> Message | None:
    from samverkan.meetings.models import Meeting

    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    day = timezone.localdate()
    bodies = [meeting.body_id, *meeting.body.prepared_by.values_list("pk", flat=True)]
    users = [
        user
        for user in body_users(bodies, day)
        if permissions.can_read_minutes(user, meeting)
    ]
    return Message(
        Kind.MINUTES_PUBLISHED,
        users,
        _("Minnesanteckningarna från %(body)s %(date)s är publicerade")
        % {"body": meeting.body.name, "date": meeting.date_label},
        url=meeting.get_absolute_url(),
        key=f"minutes_published:{meeting.pk}",
    )


def matter_status(event_id: int) -> Message | None:
    """The registrant, the contact, the raising party and the preparers hear."""
    from samverkan.matters.models import MatterEvent

    event = (
        MatterEvent.objects.select_related("matter__body", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return None
    matter = event.matter
    candidates = User.objects.filter(
        Q(pk=matter.created_by_id)
        | Q(person__pk=matter.contact_id)
        | Q(person__in=matter.preparers.all())
        | Q(pk__in=party_users([matter.raised_by_id], timezone.localdate()))
    ).distinct()
    users = [u for u in candidates if permissions.can_view_matter(u, matter)]
    return Message(
        Kind.MATTER_STATUS,
        users,
        _("%(number)s %(title)s: %(status)s")
        % {
            "number": matter.registry_number,
            "title": matter.title,
            "status": event.get_to_status_display().lower(),
        },
        event.note,
        matter.get_absolute_url(),
        key=f"matter_status:{event.pk}",
        exclude=event.actor,
    )


def deviation_reported(deviation_id: int) -> Message | None:
    from samverkan.deviations.models import Deviation

    deviation = (
        Deviation.objects.select_related("concerned_party", "reporting_party")
        .filter(pk=deviation_id)
        .first()
    )
    if deviation is None:
        return None
    users = [
        user
        for user in party_users([deviation.concerned_party_id], timezone.localdate())
        if permissions.can_answer_deviation(user, deviation)
    ]
    return Message(
        Kind.DEVIATION_TO_ANSWER,
        users,
        _("Ny avvikelse att besvara: %(reference)s")
        % {"reference": deviation.reference},
        _(
            "%(reporter)s har rapporterat en avvikelse som berör %(concerned)s. "
            "Svara senast %(due)s."
        )
        % {
            "reporter": deviation.reporting_party.name,
            "concerned": deviation.concerned_party.name,
            "due": deviation.answer_due.isoformat(),
        },
        deviation.get_absolute_url(),
        key=f"deviation_to_answer:{deviation.pk}",
        exclude=deviation.reported_by,
    )


EVENTS: dict[str, Callable[[int], Message | None]] = {
    "agenda_sent": agenda_sent,
    "minutes_published": minutes_published,
    "matter_status": matter_status,
    "deviation_reported": deviation_reported,
}
