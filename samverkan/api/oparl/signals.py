"""Keep tombstones: a public object that goes away stays in the lists as deleted.

A change can take many objects out of the public: a meeting made internal
takes its agenda items, consultations, location and documents with it. So
for each change we name the objects it may affect, ask which of them are
public before and after (through the same selectors the API serves), and
write a tombstone for each one that left. One that comes back loses its
tombstone. Only deletions and changes of what decides publicity (a
meeting's or matter's visibility, the matter of an agenda item, the
documents attached) cost queries; other saves cost none.

An object that embeds others changes with them (OParl 1.1, "Gelöschte
Objekte": the `modified` of every object a changed or deleted object was
embedded in is updated too). A meeting embeds its agenda items (and lists
its participants), an agenda item and a paper embed their files, a paper
its consultations, a person its memberships, and an organisation lists
its memberships; so a change of any of those touches the embedding rows,
and a client that synchronises with `modified_since` fetches them again.
"""

from __future__ import annotations

from django.db.models import Model, Q
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)
from django.utils import timezone

from samverkan.documents.models import Document
from samverkan.documents.signals import text_extracted
from samverkan.matters.models import Matter
from samverkan.meetings.models import AgendaItem, Attendance, Meeting
from samverkan.organisation.models import Body, Membership, Person

from .models import Kind, Tombstone
from .selectors import ItemThrough, Key, MatterThrough, public_keys

Affected = dict[str, set[int]]

# The field whose change may make an existing record public or not.
DECIDING_FIELD = {Meeting: "visibility", Matter: "visibility", AgendaItem: "matter_id"}
_WAS = "_oparl_was"
_BEFORE = "_oparl_before"
_LINKS = "_oparl_links"


def _documents(through: type[Model], **lookup: object) -> set[int]:
    return set(through.objects.filter(**lookup).values_list("document_id", flat=True))


def affected(instance: Model) -> Affected:
    """Return the OParl objects whose publicity `instance` decides."""
    pk = instance.pk
    if isinstance(instance, Meeting):
        items = set(instance.items.values_list("pk", flat=True))
        people = set()
        for person, substitute in instance.attendance.values_list(
            "person_id", "replaced_by_id"
        ):
            people |= {person, substitute} - {None}
        return {
            Kind.MEETING: {pk},
            Kind.LOCATION: {pk},
            Kind.AGENDA_ITEM: items,
            Kind.CONSULTATION: items,
            Kind.FILE: _documents(ItemThrough, agendaitem__meeting_id=pk),
            Kind.PERSON: people,
        }
    if isinstance(instance, AgendaItem):
        return {
            Kind.AGENDA_ITEM: {pk},
            Kind.CONSULTATION: {pk},
            Kind.FILE: _documents(ItemThrough, agendaitem_id=pk),
        }
    if isinstance(instance, Matter):
        return {
            Kind.PAPER: {pk},
            Kind.CONSULTATION: set(instance.agenda_items.values_list("pk", flat=True)),
            Kind.FILE: _documents(MatterThrough, matter_id=pk),
        }
    if isinstance(instance, Document):
        return {Kind.FILE: {pk}}
    if isinstance(instance, Membership):
        return {Kind.MEMBERSHIP: {pk}, Kind.PERSON: {instance.person_id}}
    if isinstance(instance, Attendance):
        return {Kind.PERSON: {instance.person_id, instance.replaced_by_id} - {None}}
    if isinstance(instance, Body):
        return {Kind.ORGANIZATION: {pk}}
    return {Kind.PERSON: {pk}}


def public_now(objects: Affected) -> dict[Key, object]:
    found = {}
    for kind, ids in objects.items():
        found.update(public_keys(kind, ids))
    return found


def settle(before: dict[Key, object], objects: Affected) -> None:
    """Bury what left the public since `before`; revive what came back."""
    after = public_now(objects)
    now = timezone.now()
    for key in before.keys() - after.keys():
        kind, object_id, structure_id = key
        Tombstone.objects.update_or_create(
            kind=kind,
            object_id=object_id,
            structure_id=structure_id,
            defaults={"created": before[key], "deleted": now},
        )
    back = after.keys() - before.keys()
    if back:
        condition = Q()
        for kind, object_id, structure_id in back:
            condition |= Q(kind=kind, object_id=object_id, structure_id=structure_id)
        Tombstone.objects.filter(condition).delete()


# Objects that embed others --------------------------------------------------


def _touch(model: type[Model], ids: set[int | None]) -> None:
    ids = ids - {None}
    if ids:
        model.objects.filter(pk__in=ids).update(modified=timezone.now())


def _touch_items(ids: set[int]) -> None:
    """Touch agenda items and the meetings that embed them."""
    ids = ids - {None}
    if ids:
        _touch(AgendaItem, ids)
        meetings = AgendaItem.objects.filter(pk__in=ids).values_list("meeting_id")
        _touch(Meeting, {pk for (pk,) in meetings})


def _touch_holders(documents: set[int]) -> None:
    """Touch the agenda items, meetings and matters that embed `documents`."""
    if not documents:
        return
    _touch_items(_documents_holders(ItemThrough, "agendaitem_id", documents))
    _touch(Matter, _documents_holders(MatterThrough, "matter_id", documents))


def _documents_holders(through: type[Model], field: str, documents: set[int]) -> set:
    rows = through.objects.filter(document_id__in=documents).values_list(field)
    return {pk for (pk,) in rows}


def _embedding_changed(instance: Model, flipped: bool) -> None:
    """Touch what embeds `instance` (saved or deleted) or lists it."""
    if isinstance(instance, AgendaItem):
        _touch(Meeting, {instance.meeting_id})
        _touch(Matter, {instance.matter_id, getattr(instance, _WAS, None)})
    elif isinstance(instance, Membership):
        _touch(Person, {instance.person_id})
        _touch(Body, {instance.body_id})
    elif isinstance(instance, Attendance):
        _touch(Meeting, {instance.meeting_id})
    elif isinstance(instance, Document):
        _touch_holders({instance.pk})
    elif isinstance(instance, Meeting) and flipped:
        # Its consultations leave (or join) the papers that embed them.
        _touch(Matter, set(instance.items.values_list("matter_id", flat=True)))
    elif isinstance(instance, Matter) and flipped:
        # The agenda items treating it lose (or gain) their consultation.
        _touch_items(set(instance.agenda_items.values_list("pk", flat=True)))


def _embedded_saved(sender: type[Model], instance: Model, **kwargs: object) -> None:
    if not kwargs.get("raw"):
        _embedding_changed(instance, flipped=False)


def _text_extracted(sender: type[Model], version: Model, **kwargs: object) -> None:
    # The File shows the extracted text.
    _touch(Document, {version.document_id})
    _touch_holders({version.document_id})


# Tombstones -----------------------------------------------------------------


def _remember(sender: type[Model], instance: Model, **kwargs: object) -> None:
    setattr(instance, _WAS, instance.__dict__.get(DECIDING_FIELD[sender]))


def _before_save(sender: type[Model], instance: Model, **kwargs: object) -> None:
    field = DECIDING_FIELD[sender]
    update_fields = kwargs.get("update_fields")
    if instance.pk is None or kwargs.get("raw"):
        return
    if update_fields is not None and field.removesuffix("_id") not in update_fields:
        return
    if instance.__dict__.get(field) == getattr(instance, _WAS, None):
        return
    objects = affected(instance)
    setattr(instance, _BEFORE, (public_now(objects), objects))


def _after_save(sender: type[Model], instance: Model, **kwargs: object) -> None:
    pending = instance.__dict__.pop(_BEFORE, None)
    if not kwargs.get("raw"):
        _embedding_changed(instance, flipped=pending is not None)
    _remember(sender, instance)
    if pending is not None:
        settle(*pending)


def _before_delete(sender: type[Model], instance: Model, **kwargs: object) -> None:
    objects = affected(instance)
    setattr(instance, _BEFORE, (public_now(objects), objects))
    # While its links to what embeds it still exist.
    _embedding_changed(instance, flipped=isinstance(instance, (Meeting, Matter)))


def _after_delete(sender: type[Model], instance: Model, **kwargs: object) -> None:
    pending = instance.__dict__.pop(_BEFORE, None)
    if pending is not None:
        settle(*pending)


def _documents_changed(
    sender: type[Model],
    instance: Model,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: object,
) -> None:
    stage = action.split("_")[0]
    if reverse:
        documents = {instance.pk}
    elif pk_set is not None:
        documents = set(pk_set)
    else:
        documents = set(instance.documents.values_list("pk", flat=True))
    if stage == "pre":
        objects = {Kind.FILE: documents}
        setattr(instance, _LINKS, (public_now(objects), objects))
        # Before a clear, while the links to what embeds them still exist.
        _touch_holders(documents)
        return
    # The files' own links changed, and so did what embeds them now.
    _touch(Document, documents)
    _touch_holders(documents)
    pending = instance.__dict__.pop(_LINKS, None)
    if pending is not None:
        settle(*pending)


def connect() -> None:
    for model in DECIDING_FIELD:
        post_init.connect(_remember, sender=model, dispatch_uid=f"oparl-was-{model}")
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"oparl-pre-{model}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"oparl-post-{model}")
    deleted = (Meeting, AgendaItem, Matter, Document, Membership, Attendance, Body)
    for model in (*deleted, Person):
        pre_delete.connect(
            _before_delete, sender=model, dispatch_uid=f"oparl-d-{model}"
        )
        post_delete.connect(
            _after_delete, sender=model, dispatch_uid=f"oparl-D-{model}"
        )
    for model in (Membership, Attendance, Document):
        post_save.connect(
            _embedded_saved, sender=model, dispatch_uid=f"oparl-embedded-{model}"
        )
    text_extracted.connect(_text_extracted, dispatch_uid="oparl-text-extracted")
    for through in (ItemThrough, MatterThrough):
        m2m_changed.connect(
            _documents_changed, sender=through, dispatch_uid=f"oparl-m2m-{through}"
        )
