"""Records as OParl 1.1 objects, and the querysets that load them in few queries.

Every object's id is its URL. Embedded objects follow the standard: a body
embeds its legislative terms, a meeting its location, agenda items and
files, an agenda item and a paper their files, a paper its consultations,
a person its memberships. Links to other objects are given only when those
are public too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.documents.models import Document, DocumentVersion
from samverkan.documents.views import CONTENT_TYPES
from samverkan.lib.choices import display
from samverkan.lib.urls import reverse_many
from samverkan.matters.models import Matter
from samverkan.meetings.models import AgendaItem, Attendance, Meeting
from samverkan.organisation.models import Body, Membership, Person, Structure

from . import selectors
from .models import Kind, Tombstone

OPARL_VERSION = "https://schema.oparl.org/1.1/"
TYPES = {
    Kind.ORGANIZATION: "Organization",
    Kind.PERSON: "Person",
    Kind.MEMBERSHIP: "Membership",
    Kind.MEETING: "Meeting",
    Kind.AGENDA_ITEM: "AgendaItem",
    Kind.PAPER: "Paper",
    Kind.CONSULTATION: "Consultation",
    Kind.FILE: "File",
    Kind.LOCATION: "Location",
}


def oparl_type(name: str) -> str:
    return f"{OPARL_VERSION}{name}"


def moment(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat()


@dataclass
class Term:
    """A term of office (mandatperiod) of the elected members."""

    structure: Structure
    start: dt.date
    end: dt.date

    @property
    def year(self) -> int:
        return self.start.year


def terms_of(structure: Structure, first_day: dt.date | None) -> list[Term]:
    """Return the terms of office from the one holding `first_day` to today's.

    Swedish regions and municipalities elect every fourth year; the bodies
    they appoint serve the four calendar years after the election
    (OPARL_FIRST_TERM_START is one such first year).
    """
    today = timezone.localdate()
    anchor = settings.OPARL_FIRST_TERM_START
    length = settings.OPARL_TERM_YEARS
    first = (first_day or today).year

    def start_of(year: int) -> int:
        return year - (year - anchor) % length

    return [
        Term(structure, dt.date(year, 1, 1), dt.date(year + length - 1, 12, 31))
        for year in range(start_of(first), start_of(today.year) + 1, length)
    ]


class Links:
    """Absolute URLs of the API and of the site, for one request."""

    def __init__(self, request: HttpRequest) -> None:
        self.base = request.build_absolute_uri("/").rstrip("/")

    def url(self, name: str, *args: object) -> str:
        return self.base + reverse_many(f"oparl:{name}", *args)

    def of(self, kind: str, pk: int) -> str:
        return self.url("object", kind, pk)

    def site(self, path: str) -> str:
        return self.base + path


# Querysets that load what a page of each type shows, in a fixed number of queries.


def _document_lookups(*, text: bool = True) -> tuple:
    """What a File shows: its versions, and the public items and matters it is on.

    A File embedded in a meeting or a paper leaves out its text (`text`):
    a client reads it from the File itself.
    """
    versions = DocumentVersion.objects.order_by("document_id", "number")
    return (
        Prefetch(
            "versions",
            queryset=versions if text else versions.defer("text"),
            to_attr="oparl_versions",
        ),
        Prefetch(
            "agenda_items",
            queryset=selectors.agenda_items().only("pk", "meeting_id").order_by("pk"),
            to_attr="public_items",
        ),
        Prefetch(
            "matters",
            queryset=selectors.papers().only("pk").order_by("pk"),
            to_attr="public_papers",
        ),
    )


def _documents() -> QuerySet[Document]:
    """Files as a meeting or a paper embeds them."""
    return Document.objects.order_by("pk").prefetch_related(
        *_document_lookups(text=False)
    )


def _items(queryset: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    return queryset.annotate(
        matter_public=Exists(selectors.papers().filter(pk=OuterRef("matter_id")))
    ).prefetch_related(
        Prefetch("documents", queryset=_documents(), to_attr="oparl_files")
    )


def _with_minutes(path: str) -> Exists:
    return Exists(selectors.meetings_with_minutes().filter(pk=OuterRef(path)))


def prepared(kind: str, queryset: QuerySet) -> QuerySet:
    """Return `queryset` with what the representation of `kind` reads."""
    if kind == Kind.MEETING:
        return (
            queryset.select_related("body")
            .annotate(minutes_public=_with_minutes("pk"))
            .prefetch_related(
                Prefetch(
                    "items",
                    queryset=_items(AgendaItem.objects.all()),
                    to_attr="oparl_items",
                ),
                Prefetch(
                    "attendance",
                    queryset=Attendance.objects.order_by("pk"),
                    to_attr="oparl_attendance",
                ),
            )
        )
    if kind == Kind.AGENDA_ITEM:
        return _items(queryset.annotate(minutes_public=_with_minutes("meeting_id")))
    if kind == Kind.PAPER:
        public = selectors.papers()
        return (
            queryset.select_related("body")
            .annotate(
                routed_to_public=Exists(public.filter(pk=OuterRef("routed_to_id"))),
                routed_from_pk=Subquery(
                    public.filter(routed_to=OuterRef("pk")).values("pk")[:1]
                ),
            )
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=selectors.consultations()
                    .select_related("meeting")
                    .order_by("pk"),
                    to_attr="public_consultations",
                ),
                Prefetch("documents", queryset=_documents(), to_attr="oparl_files"),
            )
        )
    if kind == Kind.CONSULTATION:
        return queryset.select_related("meeting")
    if kind == Kind.FILE:
        return queryset.prefetch_related(*_document_lookups())
    if kind == Kind.PERSON:
        return queryset.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.order_by("pk"),
                to_attr="oparl_memberships",
            )
        )
    if kind == Kind.ORGANIZATION:
        return queryset.select_related("structure").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.only("pk", "body_id").order_by("pk"),
                to_attr="oparl_memberships",
            )
        )
    return queryset


# The objects.


def _stamps(record: object) -> dict:
    return {
        "created": moment(record.created),
        "modified": moment(record.modified),
        "deleted": False,
    }


def system(links: Links) -> dict:
    return {
        "id": links.url("system"),
        "type": oparl_type("System"),
        "oparlVersion": OPARL_VERSION,
        "body": links.url("bodies"),
        "name": settings.SITE_NAME,
        "website": links.site("/"),
        "web": links.site("/"),
    }


def body(links: Links, structure: Structure, terms: list[Term]) -> dict:
    pk = structure.pk
    lists = {
        "organization": Kind.ORGANIZATION,
        "person": Kind.PERSON,
        "meeting": Kind.MEETING,
        "paper": Kind.PAPER,
        "agendaItem": Kind.AGENDA_ITEM,
        "consultation": Kind.CONSULTATION,
        "file": Kind.FILE,
        "locationList": Kind.LOCATION,
        "membership": Kind.MEMBERSHIP,
    }
    return {
        "id": links.url("body", pk),
        "type": oparl_type("Body"),
        "system": links.url("system"),
        "name": structure.name,
        **({"shortName": structure.short_name} if structure.short_name else {}),
        "website": links.site(structure.get_absolute_url()),
        **{prop: links.url("list", pk, kind) for prop, kind in lists.items()},
        "legislativeTermList": links.url("list", pk, "legislativeterm"),
        "legislativeTerm": [legislative_term(links, term) for term in terms],
        "web": links.site(structure.get_absolute_url()),
        **_stamps(structure),
    }


def legislative_term(links: Links, term: Term) -> dict:
    return {
        "id": links.url("legislativeterm", term.structure.pk, term.year),
        "type": oparl_type("LegislativeTerm"),
        "body": links.url("body", term.structure.pk),
        "name": _("Mandatperioden %(start)s–%(end)s")
        % {"start": term.start.year, "end": term.end.year},
        "startDate": term.start.isoformat(),
        "endDate": term.end.isoformat(),
        **_stamps(term.structure),
    }


def organization(links: Links, record: Body) -> dict:
    political = record.kind == Body.Kind.POLITICAL
    return {
        "id": links.of(Kind.ORGANIZATION, record.pk),
        "type": oparl_type("Organization"),
        "body": links.url("body", record.structure_id),
        "name": record.name,
        "shortName": record.short_name,
        "membership": [
            links.of(Kind.MEMBERSHIP, m.pk) for m in record.oparl_memberships
        ],
        **(
            {"subOrganizationOf": links.of(Kind.ORGANIZATION, record.parent_id)}
            if record.parent_id
            else {}
        ),
        # OParl's vocabulary: a council committee, or an administrative unit.
        "organizationType": "Gremium" if political else "Verwaltungsbereich",
        "classification": display(record, "kind"),
        "web": links.site(
            reverse("organisation:body", args=[record.structure.slug, record.slug])
        ),
        **_stamps(record),
    }


def person(links: Links, record: Person) -> dict:
    return {
        "id": links.of(Kind.PERSON, record.pk),
        "type": oparl_type("Person"),
        "name": record.name,
        "givenName": record.first_name,
        "familyName": record.last_name,
        "membership": [membership(links, m) for m in record.oparl_memberships],
        "web": links.site(record.get_absolute_url()),
        **_stamps(record),
    }


def membership(links: Links, record: Membership) -> dict:
    return {
        "id": links.of(Kind.MEMBERSHIP, record.pk),
        "type": oparl_type("Membership"),
        "person": links.of(Kind.PERSON, record.person_id),
        "organization": links.of(Kind.ORGANIZATION, record.body_id),
        "role": display(record, "role"),
        "votingRight": record.holds_seat,
        "startDate": record.start.isoformat(),
        **({"endDate": record.end.isoformat()} if record.end else {}),
        **_stamps(record),
    }


def _participants(record: Meeting) -> list[int]:
    people = []
    for row in record.oparl_attendance:
        if row.status == Attendance.Status.PRESENT:
            people.append(row.person_id)
        elif row.status == Attendance.Status.REPLACED and row.replaced_by_id:
            people.append(row.replaced_by_id)
    return people


def meeting(links: Links, record: Meeting) -> dict:
    minutes_public = record.minutes_public
    data = {
        "id": links.of(Kind.MEETING, record.pk),
        "type": oparl_type("Meeting"),
        "name": f"{record.body.name} {record.date_label}",
        "meetingState": display(record, "status"),
        "cancelled": record.status == Meeting.Status.CANCELLED,
        "start": moment(record.starts_at),
        **({"end": moment(record.ends_at)} if record.ends_at else {}),
        **({"location": location(links, record)} if record.place else {}),
        "organization": [links.of(Kind.ORGANIZATION, record.body_id)],
        "agendaItem": [
            agenda_item(links, item, minutes_public=minutes_public)
            for item in record.oparl_items
        ],
        "invitation": record_file(links, record, agenda=True),
        "web": links.site(record.get_absolute_url()),
        **_stamps(record),
    }
    if minutes_public:
        data["participant"] = [
            links.of(Kind.PERSON, pk) for pk in _participants(record)
        ]
        data["resultsProtocol"] = record_file(links, record, agenda=False)
    return data


def agenda_item(links: Links, record: AgendaItem, *, minutes_public: bool) -> dict:
    data = {
        "id": links.of(Kind.AGENDA_ITEM, record.pk),
        "type": oparl_type("AgendaItem"),
        "meeting": links.of(Kind.MEETING, record.meeting_id),
        "number": str(record.position),
        "order": record.position,
        "name": record.title,
        "public": True,
        "auxiliaryFile": [file(links, d, embedded=True) for d in record.oparl_files],
        **_stamps(record),
    }
    if record.matter_public:
        data["consultation"] = links.of(Kind.CONSULTATION, record.pk)
    if minutes_public and record.outcome:
        data["result"] = display(record, "outcome")
        if record.outcome_text:
            data["resolutionText"] = record.outcome_text
    return data


def paper(links: Links, record: Matter) -> dict:
    related = [
        links.of(Kind.PAPER, pk)
        for pk in (
            record.routed_to_id if record.routed_to_public else None,
            record.routed_from_pk,
        )
        if pk
    ]
    return {
        "id": links.of(Kind.PAPER, record.pk),
        "type": oparl_type("Paper"),
        "body": links.url("body", record.body.structure_id),
        "name": record.title,
        "reference": record.registry_number,
        "date": timezone.localdate(record.created).isoformat(),
        "paperType": display(record, "category"),
        **({"relatedPaper": related} if related else {}),
        "underDirectionOf": [links.of(Kind.ORGANIZATION, record.body_id)],
        "auxiliaryFile": [file(links, d, embedded=True) for d in record.oparl_files],
        "consultation": [
            consultation(links, item) for item in record.public_consultations
        ],
        **_stamps(record),
    }


def consultation(links: Links, record: AgendaItem) -> dict:
    return {
        "id": links.of(Kind.CONSULTATION, record.pk),
        "type": oparl_type("Consultation"),
        "paper": links.of(Kind.PAPER, record.matter_id),
        "agendaItem": links.of(Kind.AGENDA_ITEM, record.pk),
        "meeting": links.of(Kind.MEETING, record.meeting_id),
        "organization": [links.of(Kind.ORGANIZATION, record.meeting.body_id)],
        "role": display(record, "kind"),
        **_stamps(record),
    }


def file(links: Links, record: Document, *, embedded: bool = False) -> dict:
    current = record.oparl_versions[-1]
    return {
        "id": links.of(Kind.FILE, record.pk),
        "type": oparl_type("File"),
        "name": record.title,
        "fileName": current.filename,
        "mimeType": CONTENT_TYPES[current.kind],
        "date": timezone.localdate(current.uploaded).isoformat(),
        "size": current.size,
        **({"text": current.text} if not embedded and current.text else {}),
        "accessUrl": links.url("file-access", record.pk),
        "downloadUrl": links.url("file-download", record.pk),
        "meeting": sorted(
            {links.of(Kind.MEETING, i.meeting_id) for i in record.public_items}
        ),
        "agendaItem": [links.of(Kind.AGENDA_ITEM, i.pk) for i in record.public_items],
        "paper": [links.of(Kind.PAPER, m.pk) for m in record.public_papers],
        **_stamps(record),
    }


def record_file(links: Links, record: Meeting, *, agenda: bool) -> dict:
    """The agenda or the minutes of a meeting, as the site renders them."""
    kind = "dagordning" if agenda else "anteckningar"
    title = _("Dagordning") if agenda else record.body.get_record_kind_display()
    return {
        "id": links.url("agenda-file" if agenda else "minutes-file", record.pk),
        "type": oparl_type("File"),
        "name": f"{title} {record.body.name} {record.date_label}",
        "fileName": f"{kind}-{record.body.slug}-{record.date_label}.pdf",
        "mimeType": "application/pdf",
        "accessUrl": links.site(
            reverse_many("meetings:record", record.pk, kind, "html")
        ),
        "downloadUrl": links.site(
            reverse_many("meetings:record", record.pk, kind, "pdf")
        ),
        "meeting": [links.of(Kind.MEETING, record.pk)],
        **_stamps(record),
    }


def location(links: Links, record: Meeting) -> dict:
    return {
        "id": links.of(Kind.LOCATION, record.pk),
        "type": oparl_type("Location"),
        "description": record.place,
        "meetings": [links.of(Kind.MEETING, record.pk)],
        **_stamps(record),
    }


def tombstone(links: Links, record: Tombstone) -> dict:
    return {
        "id": links.of(record.kind, record.object_id),
        "type": oparl_type(TYPES[record.kind]),
        "created": moment(record.created),
        "modified": moment(record.deleted),
        "deleted": True,
    }


RENDER = {
    Kind.ORGANIZATION: organization,
    Kind.PERSON: person,
    Kind.MEMBERSHIP: membership,
    Kind.MEETING: meeting,
    Kind.AGENDA_ITEM: lambda links, r: agenda_item(
        links, r, minutes_public=r.minutes_public
    ),
    Kind.PAPER: paper,
    Kind.CONSULTATION: consultation,
    Kind.FILE: file,
    Kind.LOCATION: location,
}
