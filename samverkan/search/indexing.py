"""What the index holds for each record, and keeping it current.

`index(obj)` rewrites the entries of a record (reading it fresh from the
database); `unindex(label, pk)` removes them. Each entry names the record whose
visibility decides who may find it: a matter, a meeting (its agenda), a
meeting's minutes (notes, outcomes, statements, follow-ups and assignments), a
deviation, an agreement, or nothing for the public organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation

from samverkan.agreement.models import Agreement
from samverkan.deviations.models import Deviation
from samverkan.documents.models import Document
from samverkan.lib.bulk import BATCH, insert_rows, reset_sequences
from samverkan.lib.choices import display
from samverkan.lib.urls import reverse_many
from samverkan.matters.models import Matter
from samverkan.meetings.models import AgendaItem, Assignment, FollowUp, Meeting
from samverkan.organisation.models import Body, Membership, Person

from . import text
from .backends import backend
from .models import Kind, Owner, SearchEntry


def _ids(values: Iterable[int | None]) -> str:
    ids = sorted({value for value in values if value})
    return f",{','.join(map(str, ids))}," if ids else ""


def _join(*parts: str | None) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _entry(
    key: str,
    kind: str,
    *,
    title: str,
    url: str,
    owner: str = Owner.PUBLIC,
    owner_id: int | None = None,
    body: str = "",
    bodies: Iterable[int | None] = (),
    parties: Iterable[int | None] = (),
    year: int | None = None,
) -> SearchEntry:
    title = title[:500]
    return SearchEntry(
        key=key,
        kind=kind,
        owner=owner,
        owner_id=owner_id,
        bodies=_ids(bodies)[:500],
        parties=_ids(parties)[:2000],
        year=year,
        title=title,
        text=body,
        url=url,
        title_terms=text.terms(title),
        text_terms=text.terms(body),
    )


def _minutes_url(meeting: Meeting, anchor: str) -> str:
    url = reverse_many("meetings:record", meeting.pk, "anteckningar", "html")
    return f"{url}#{anchor}"


def _meeting_year(meeting: Meeting) -> int:
    return timezone.localtime(meeting.starts_at).year


# Builders: the entries of one record.


def matter_entries(matter: Matter) -> list[SearchEntry]:
    return [
        _entry(
            f"matter:{matter.pk}",
            Kind.MATTER,
            title=f"{matter.registry_number} {matter.title}",
            url=reverse_many("matters:detail", matter.pk),
            owner=Owner.MATTER,
            owner_id=matter.pk,
            body=_join(matter.description, matter.outcome),
            bodies=[matter.body_id],
            parties=[matter.raised_by_id],
            year=matter.year,
        )
    ]


def item_entries(item: AgendaItem) -> list[SearchEntry]:
    meeting = item.meeting
    common = {
        "bodies": [meeting.body_id],
        "parties": [item.matter.raised_by_id] if item.matter else [],
        "year": _meeting_year(meeting),
    }
    heading = f"{meeting.body.short_name} {meeting.date_label}"
    entries = [
        _entry(
            f"item:{item.pk}",
            Kind.ITEM,
            title=item.title,
            url=reverse_many("meetings:detail", meeting.pk),
            owner=Owner.MEETING,
            owner_id=meeting.pk,
            body=_join(
                heading,
                item.presenter_names,
                item.matter.registry_number if item.matter else "",
                item.description,
            ),
            **common,
        )
    ]
    minutes = _join(
        item.notes,
        display(item, "outcome") if item.outcome else "",
        item.outcome_text,
        item.changes,
        *(statement.text for statement in item.statements.all()),
    )
    if minutes:
        entries.append(
            _entry(
                f"minutes:{item.pk}",
                Kind.MINUTES,
                title=f"{item.title} ({heading})",
                url=_minutes_url(meeting, f"item-{item.pk}"),
                owner=Owner.MINUTES,
                owner_id=meeting.pk,
                body=minutes,
                **common,
            )
        )
    return entries


def follow_up_entries(follow_up: FollowUp) -> list[SearchEntry]:
    meeting = follow_up.origin_item.meeting
    month = follow_up.target_month
    return [
        _entry(
            f"follow_up:{follow_up.pk}",
            Kind.FOLLOW_UP,
            title=follow_up.text,
            url=_minutes_url(meeting, f"item-{follow_up.origin_item_id}"),
            owner=Owner.MINUTES,
            owner_id=meeting.pk,
            body=_join(
                follow_up.origin_item.title,
                follow_up.target_body.name,
                ", ".join(person.name for person in follow_up.responsible.all()),
            ),
            bodies=[meeting.body_id, follow_up.target_body_id],
            year=month.year if month else _meeting_year(meeting),
        )
    ]


def assignment_entries(assignment: Assignment) -> list[SearchEntry]:
    meeting = assignment.origin_item.meeting
    return [
        _entry(
            f"assignment:{assignment.pk}",
            Kind.FOLLOW_UP,
            title=assignment.title,
            url=_minutes_url(meeting, f"item-{assignment.origin_item_id}"),
            owner=Owner.MINUTES,
            owner_id=meeting.pk,
            body=_join(
                assignment.description,
                assignment.origin_item.title,
                ", ".join(person.name for person in assignment.owners.all()),
            ),
            bodies=[meeting.body_id, assignment.return_body_id],
            year=assignment.due.year if assignment.due else _meeting_year(meeting),
        )
    ]


def deviation_entries(deviation: Deviation) -> list[SearchEntry]:
    return [
        _entry(
            f"deviation:{deviation.pk}",
            Kind.DEVIATION,
            title=f"{deviation.reference}: " + display(deviation, "category"),
            url=reverse_many("deviations:detail", deviation.pk),
            owner=Owner.DEVIATION,
            owner_id=deviation.pk,
            body=_join(
                f"{deviation.reporting_party.name}, {deviation.reporting_unit}",
                f"{deviation.concerned_party.name}, {deviation.concerned_unit}",
                deviation.description,
                deviation.improvement,
                deviation.answer,
            ),
            bodies=[deviation.body_id],
            parties=[deviation.reporting_party_id, deviation.concerned_party_id],
            year=deviation.event_date.year,
        )
    ]


def person_entries(person: Person) -> list[SearchEntry]:
    memberships = list(person.memberships.all())
    roles = [
        f"{membership.get_role_display()}, {membership.body.name}"
        + (f" ({membership.party.name})" if membership.party else "")
        for membership in memberships
    ]
    return [
        _entry(
            f"person:{person.pk}",
            Kind.PERSON,
            title=person.name,
            url=person.get_absolute_url(),
            body=_join(*roles),
            bodies=[membership.body_id for membership in memberships],
            parties=[membership.party_id for membership in memberships],
        )
    ]


def body_entries(body: Body) -> list[SearchEntry]:
    return [
        _entry(
            f"body:{body.pk}",
            Kind.BODY,
            title=f"{body.name} ({body.short_name})",
            url=body.get_absolute_url(),
            body=_join(body.description, body.mandate, body.responsibilities),
            bodies=[body.pk],
        )
    ]


@dataclass
class Holders:
    """The records a document is attached to."""

    matters: list[Matter] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)


def holders_of(ids: list[int]) -> dict[int, Holders]:
    """Return the holders of each document in `ids`, in four queries."""
    found = {pk: Holders() for pk in ids}
    links = [
        (Matter, "matter", "matter__body", "matters"),
        (AgendaItem, "agendaitem", "agendaitem__meeting", "items"),
        (Deviation, "deviation", "deviation", "deviations"),
        (Agreement, "agreement", "agreement__structure", "agreements"),
    ]
    for model, name, related, attribute in links:
        through = model.documents.through.objects.filter(document_id__in=ids)
        for row in through.select_related(related).order_by("pk"):
            getattr(found[row.document_id], attribute).append(getattr(row, name))
    return found


def document_entries(
    document: Document, holders: Holders | None = None
) -> list[SearchEntry]:
    """One entry per record the document is attached to: that record decides."""
    if holders is None:
        holders = holders_of([document.pk])[document.pk]
    current = document.current
    if current is None:
        return []
    body = _join(current.filename, current.text)

    def entry(parent: str, parent_pk: int, url: str, **fields: object) -> SearchEntry:
        return _entry(
            f"document:{document.pk}@{parent}:{parent_pk}",
            Kind.DOCUMENT,
            title=document.title,
            url=url,
            body=body,
            **fields,
        )

    entries = []
    for matter in holders.matters:
        entries.append(
            entry(
                "matter",
                matter.pk,
                reverse_many("matters:download", matter.pk, current.pk),
                owner=Owner.MATTER,
                owner_id=matter.pk,
                bodies=[matter.body_id],
                parties=[matter.raised_by_id],
                year=matter.year,
            )
        )
    for item in holders.items:
        entries.append(
            entry(
                "item",
                item.pk,
                reverse_many("meetings:download", item.meeting_id, current.pk),
                owner=Owner.MEETING,
                owner_id=item.meeting_id,
                bodies=[item.meeting.body_id],
                year=_meeting_year(item.meeting),
            )
        )
    for deviation in holders.deviations:
        entries.append(
            entry(
                "deviation",
                deviation.pk,
                reverse_many("deviations:download", deviation.pk, current.pk),
                owner=Owner.DEVIATION,
                owner_id=deviation.pk,
                bodies=[deviation.body_id],
                parties=[deviation.reporting_party_id, deviation.concerned_party_id],
                year=deviation.event_date.year,
            )
        )
    for agreement in holders.agreements:
        entries.append(
            entry(
                "agreement",
                agreement.pk,
                reverse(
                    "agreement:download",
                    args=[agreement.structure.slug, agreement.slug, current.pk],
                ),
                owner=Owner.AGREEMENT,
                owner_id=agreement.pk,
                year=agreement.start.year,
            )
        )
    return entries


# Per model: how to load a record fresh, its entries, and the keys it owns.


def _meeting(meeting: Meeting) -> list[SearchEntry]:
    entries = []
    for item in meeting.items.select_related("matter__body", "meeting__body"):
        entries += item_entries(item)
    for follow_up in FollowUp.objects.filter(
        origin_item__meeting=meeting
    ).select_related("origin_item__meeting", "target_body"):
        entries += follow_up_entries(follow_up)
    for assignment in Assignment.objects.filter(
        origin_item__meeting=meeting
    ).select_related("origin_item__meeting"):
        entries += assignment_entries(assignment)
    return entries


# Times no entry shows: not read, the rebuild runs a quarter faster.
_STAMPS = ("created", "modified")

BUILDERS = {
    "matters.matter": (
        Matter.objects.select_related("body"),
        matter_entries,
        ["matter:{pk}"],
    ),
    "meetings.agendaitem": (
        AgendaItem.objects.select_related("meeting__body", "matter__body")
        .prefetch_related("presenter_links__person", "statements")
        .defer(*_STAMPS, *(f"meeting__{name}" for name in _STAMPS)),
        item_entries,
        ["item:{pk}", "minutes:{pk}"],
    ),
    "meetings.meeting": (
        Meeting.objects.select_related("body"),
        _meeting,
        [],
    ),
    "meetings.followup": (
        FollowUp.objects.select_related(
            "origin_item__meeting__body", "target_body"
        ).prefetch_related("responsible"),
        follow_up_entries,
        ["follow_up:{pk}"],
    ),
    "meetings.assignment": (
        Assignment.objects.select_related(
            "origin_item__meeting__body"
        ).prefetch_related("owners"),
        assignment_entries,
        ["assignment:{pk}"],
    ),
    "deviations.deviation": (
        Deviation.objects.select_related("reporting_party", "concerned_party").defer(
            *_STAMPS, "answered_at", "closed_at"
        ),
        deviation_entries,
        ["deviation:{pk}"],
    ),
    "organisation.person": (
        Person.objects.prefetch_related(
            models.Prefetch(
                "memberships",
                Membership.objects.select_related("body", "party").order_by("-start"),
            )
        ),
        person_entries,
        ["person:{pk}"],
    ),
    "organisation.body": (
        Body.objects.select_related("structure"),
        body_entries,
        ["body:{pk}"],
    ),
    "documents.document": (
        Document.objects.prefetch_related("versions"),
        document_entries,
        ["document:{pk}@"],
    ),
}


def _owned(label: str, pk: int) -> models.QuerySet:
    keys = models.Q(pk__in=[])
    for prefix in BUILDERS[label][2]:
        key = prefix.format(pk=pk)
        keys |= (
            models.Q(key__startswith=key) if key.endswith("@") else models.Q(key=key)
        )
    return SearchEntry.objects.filter(keys)


@transaction.atomic
def store(entries: list[SearchEntry], stale: models.QuerySet | None = None) -> None:
    """Write `entries` (by key) and remove the `stale` ones not among them."""
    keys = [entry.key for entry in entries]
    if stale is not None:
        gone = list(stale.exclude(key__in=keys).values_list("pk", flat=True))
        if gone:
            backend().forget(gone)
            SearchEntry.objects.filter(pk__in=gone).delete()
    existing = dict(SearchEntry.objects.filter(key__in=keys).values_list("key", "pk"))
    for entry in entries:
        entry.pk = existing.get(entry.key)
    new = [entry for entry in entries if entry.pk is None]
    old = [entry for entry in entries if entry.pk is not None]
    SearchEntry.objects.bulk_create(new)
    if not all(entry.pk for entry in new):
        # Backends that return no ids (none we run on today) read them back.
        ids = dict(
            SearchEntry.objects.filter(key__in=[e.key for e in new]).values_list(
                "key", "pk"
            )
        )
        for entry in new:
            entry.pk = ids[entry.key]
    fields = [
        field.name
        for field in SearchEntry._meta.concrete_fields
        if field.name not in ("id", "key")
    ]
    SearchEntry.objects.bulk_update(old, fields, batch_size=500)
    backend().store(entries)


def index(obj: models.Model) -> None:
    """Rewrite the entries of `obj`, read fresh; remove them if it is gone."""
    label = obj._meta.label_lower
    queryset, builder, _prefixes = BUILDERS[label]
    fresh = queryset.filter(pk=obj.pk).first()
    if fresh is None:
        unindex(label, obj.pk)
        return
    # The index is written in the site's language, Swedish.
    with translation.override("sv"):
        entries = builder(fresh)
    store(entries, _owned(label, obj.pk) if _prefixes else None)


def unindex(label: str, pk: int) -> None:
    """Remove the entries of a deleted record."""
    stale = list(_owned(label, pk).values_list("pk", flat=True))
    if stale:
        backend().forget(stale)
        SearchEntry.objects.filter(pk__in=stale).delete()


# The models rebuild() goes through; a meeting's entries come with its items,
# follow-ups and assignments.
REBUILT = [label for label in BUILDERS if label != "meetings.meeting"]


def _all_entries(progress: Callable[[str], None]) -> Iterator[SearchEntry]:
    with translation.override("sv"):
        for label in REBUILT:
            queryset, builder, _prefixes = BUILDERS[label]
            if label == "documents.document":
                yield from _all_document_entries(queryset)
            else:
                for obj in queryset.order_by("pk").iterator(chunk_size=500):
                    yield from builder(obj)
            progress(label)


def _all_document_entries(queryset: models.QuerySet) -> Iterator[SearchEntry]:
    chunk: list[Document] = []
    for document in queryset.order_by("pk").iterator(chunk_size=500):
        chunk.append(document)
        if len(chunk) == 500:
            yield from _document_chunk(chunk)
            chunk = []
    yield from _document_chunk(chunk)


def _document_chunk(documents: list[Document]) -> Iterator[SearchEntry]:
    holders = holders_of([document.pk for document in documents])
    for document in documents:
        yield from document_entries(document, holders[document.pk])


@transaction.atomic
def rebuild(progress: Callable[[str], None] = lambda label: None) -> int:
    """Rebuild the whole index from the records; return the number of entries.

    `progress` is called with each model label of REBUILT when it is done.
    """
    SearchEntry.objects.all().delete()
    backend().clear()
    batch, count = [], 0
    for count, entry in enumerate(_all_entries(progress), start=1):
        entry.pk = count
        batch.append(entry)
        if len(batch) >= BATCH:
            _insert(batch)
            batch = []
    _insert(batch)
    reset_sequences([SearchEntry])
    return count


def _insert(entries: list[SearchEntry]) -> None:
    insert_rows(SearchEntry, entries)
    backend().store(entries)
