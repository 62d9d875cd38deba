"""The public records behind each OParl type, as querysets.

Nothing here decides what is public: every queryset starts from the rules
of `accounts.permissions` applied to an anonymous visitor (`visible_to`,
`visible_matters`, `meetings_with_readable_minutes`), and everything else follows from
them — an agenda item is public when its meeting is, a consultation when
its meeting and its matter are, a document when a public item or matter
carries it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from samverkan.accounts.permissions import (
    meetings_with_readable_minutes,
    visible_matters,
    visible_to,
)
from samverkan.documents.models import Document
from samverkan.matters.models import Matter
from samverkan.meetings.models import AgendaItem, Attendance, Meeting
from samverkan.organisation.models import Body, Membership, Person

from .models import Kind

ANONYMOUS = AnonymousUser()

ItemThrough = AgendaItem.documents.through
MatterThrough = Matter.documents.through


def _in(queryset: QuerySet, path: str, structure_id: int | None) -> QuerySet:
    return queryset if structure_id is None else queryset.filter(**{path: structure_id})


def meetings(structure_id: int | None = None) -> QuerySet[Meeting]:
    return _in(
        visible_to(ANONYMOUS, Meeting.objects.all()), "body__structure_id", structure_id
    )


def meetings_with_minutes(structure_id: int | None = None) -> QuerySet[Meeting]:
    """Public meetings whose minutes (attendance, outcomes) are public."""
    return meetings_with_readable_minutes(ANONYMOUS, meetings(structure_id))


def agenda_items(structure_id: int | None = None) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting__in=meetings(structure_id))


def papers(structure_id: int | None = None) -> QuerySet[Matter]:
    return _in(
        visible_matters(ANONYMOUS, Matter.objects.all()),
        "body__structure_id",
        structure_id,
    )


def consultations(structure_id: int | None = None) -> QuerySet[AgendaItem]:
    """Agenda items treating a matter, when both are public."""
    return agenda_items(structure_id).filter(matter__in=papers())


def organizations(structure_id: int | None = None) -> QuerySet[Body]:
    # The organisation itself is public (permissions.can_view).
    return _in(Body.objects.all(), "structure_id", structure_id)


def memberships(structure_id: int | None = None) -> QuerySet[Membership]:
    return _in(Membership.objects.all(), "body__structure_id", structure_id)


def locations(structure_id: int | None = None) -> QuerySet[Meeting]:
    """A meeting's place is its location: one per public meeting with a place."""
    return meetings(structure_id).exclude(place="")


def _attendees(structure_id: int | None) -> Q:
    attendance = Attendance.objects.filter(
        meeting__in=meetings_with_minutes(structure_id)
    )
    return Q(pk__in=attendance.values("person")) | Q(
        pk__in=attendance.filter(replaced_by__isnull=False).values("replaced_by")
    )


def persons(structure_id: int | None = None) -> QuerySet[Person]:
    """People in the composition of a body, and those in public minutes."""
    members = Q(pk__in=memberships(structure_id).values("person"))
    return Person.objects.filter(members | _attendees(structure_id))


def files(structure_id: int | None = None) -> QuerySet[Document]:
    """Documents of public agenda items and of public matters."""
    on_items = ItemThrough.objects.filter(agendaitem__in=agenda_items(structure_id))
    on_matters = MatterThrough.objects.filter(matter__in=papers(structure_id))
    return Document.objects.filter(
        Q(pk__in=on_items.values("document")) | Q(pk__in=on_matters.values("document"))
    )


SELECTORS = {
    Kind.ORGANIZATION: organizations,
    Kind.PERSON: persons,
    Kind.MEMBERSHIP: memberships,
    Kind.MEETING: meetings,
    Kind.AGENDA_ITEM: agenda_items,
    Kind.PAPER: papers,
    Kind.CONSULTATION: consultations,
    Kind.FILE: files,
    Kind.LOCATION: locations,
}

# Where a record finds its structure, for the kinds with one structure.
STRUCTURE_PATHS = {
    Kind.ORGANIZATION: "structure_id",
    Kind.MEMBERSHIP: "body__structure_id",
    Kind.MEETING: "body__structure_id",
    Kind.AGENDA_ITEM: "meeting__body__structure_id",
    Kind.PAPER: "body__structure_id",
    Kind.CONSULTATION: "meeting__body__structure_id",
    Kind.LOCATION: "body__structure_id",
}

Key = tuple[str, int, int]


def public_keys(kind: str, ids: Iterable[int]) -> dict[Key, dt.datetime]:
    """Return (kind, id, structure id) -> created of the public ones of `ids`."""
    ids = set(ids)
    if not ids:
        return {}
    if kind in STRUCTURE_PATHS:
        rows = (
            SELECTORS[kind]()
            .filter(pk__in=ids)
            .values_list("pk", STRUCTURE_PATHS[kind], "created")
        )
    elif kind == Kind.PERSON:
        rows = list(
            memberships()
            .filter(person_id__in=ids)
            .values_list("person_id", "body__structure_id", "person__created")
        )
        attendance = Attendance.objects.filter(meeting__in=meetings_with_minutes())
        for field in ("person", "replaced_by"):
            rows += attendance.filter(**{f"{field}_id__in": ids}).values_list(
                f"{field}_id", "meeting__body__structure_id", f"{field}__created"
            )
    else:
        rows = list(
            ItemThrough.objects.filter(
                document_id__in=ids, agendaitem__in=agenda_items()
            ).values_list(
                "document_id",
                "agendaitem__meeting__body__structure_id",
                "document__created",
            )
        ) + list(
            MatterThrough.objects.filter(
                document_id__in=ids, matter__in=papers()
            ).values_list(
                "document_id", "matter__body__structure_id", "document__created"
            )
        )
    return {(kind, pk, structure): created for pk, structure, created in rows}
