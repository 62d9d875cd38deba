"""Keep the index current as records change.

Each change rewrites the record's entries at once, in the same transaction
(so a rolled-back write leaves the index as it was), and once more after the
commit, reading the committed rows: services that finish with a queryset
`update()` (a matter's outcome, a correction of the minutes) send no signal
for it, but the record was touched earlier in the same transaction. Documents
are indexed by a background task.
"""

from __future__ import annotations

import threading

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from samverkan.agreement.models import Agreement
from samverkan.deviations.models import Deviation
from samverkan.documents.models import Document, DocumentVersion
from samverkan.documents.signals import text_extracted
from samverkan.matters.models import Matter
from samverkan.meetings.models import (
    AgendaItem,
    Assignment,
    Correction,
    FollowUp,
    Meeting,
    Presenter,
    Statement,
)
from samverkan.organisation.models import Body, Membership, Person

from . import indexing
from .models import SearchEntry

_pending = threading.local()


def _refresh_after_commit() -> None:
    touched = getattr(_pending, "records", set())
    _pending.records = set()
    for model, pk in touched:
        indexing.index(model(pk=pk))


def touch(obj: models.Model) -> None:
    """Index `obj` now, and again once the transaction commits."""
    indexing.index(obj)
    if not transaction.get_connection().in_atomic_block:
        return
    records = getattr(_pending, "records", None)
    if records is None:
        records = _pending.records = set()
    records.add((type(obj), obj.pk))
    transaction.on_commit(_refresh_after_commit)


def _document_later(document_id: int) -> None:
    from .tasks import index_document

    index_document.enqueue(document_id)


# Receivers.


def _indexed(sender: type, instance: models.Model, **kwargs: object) -> None:
    if not kwargs.get("raw"):
        touch(instance)


def _removed(sender: type, instance: models.Model, **kwargs: object) -> None:
    indexing.unindex(sender._meta.label_lower, instance.pk)
    parent = PARENTS.get(sender)
    if parent:
        _forget_documents_of(parent, instance.pk)


def _related(attribute: str):  # noqa: ANN202
    def receiver(sender: type, instance: models.Model, **kwargs: object) -> None:
        related = None if kwargs.get("raw") else getattr(instance, attribute, None)
        if related is not None:
            touch(related)

    return receiver


def _forget_documents_of(parent: str, pk: int) -> None:
    stale = SearchEntry.objects.filter(
        key__startswith="document:", key__endswith=f"@{parent}:{pk}"
    )
    ids = list(stale.values_list("pk", flat=True))
    if ids:
        indexing.backend().forget(ids)
        SearchEntry.objects.filter(pk__in=ids).delete()


def _attachments(parent: str):  # noqa: ANN202
    def receiver(
        sender: type,
        instance: models.Model,
        action: str,
        reverse: bool,
        pk_set: set[int] | None,
        **kwargs: object,
    ) -> None:
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if reverse:
            # document.matters.add(...): the instance is the document.
            _document_later(instance.pk)
            return
        if action == "post_clear":
            _forget_documents_of(parent, instance.pk)
            return
        for document_id in pk_set or ():
            _document_later(document_id)

    return receiver


def _version(sender: type, instance: DocumentVersion, **kwargs: object) -> None:
    _document_later(instance.document_id)


def _extracted(sender: type, version: DocumentVersion, **kwargs: object) -> None:
    _document_later(version.document_id)


# Records that documents are attached to, by the name used in entry keys.
PARENTS = {Matter: "matter", AgendaItem: "item", Deviation: "deviation"}
ATTACHMENTS = {
    Matter.documents.through: "matter",
    AgendaItem.documents.through: "item",
    Deviation.documents.through: "deviation",
    Agreement.documents.through: "agreement",
}
INDEXED = [Matter, Meeting, AgendaItem, FollowUp, Assignment, Deviation, Person, Body]
# Records whose change rewrites another's entries, through this attribute.
CHILDREN = {
    Presenter: "item",
    Statement: "item",
    Correction: "item",
    Membership: "person",
}


def connect() -> None:
    uid = "samverkan.search"
    for model in INDEXED:
        post_save.connect(_indexed, sender=model, dispatch_uid=f"{uid}.save.{model}")
        post_delete.connect(
            _removed, sender=model, dispatch_uid=f"{uid}.delete.{model}"
        )
    for model, attribute in CHILDREN.items():
        receiver = _related(attribute)
        post_save.connect(
            receiver, sender=model, weak=False, dispatch_uid=f"{uid}.save.{model}"
        )
        post_delete.connect(
            receiver, sender=model, weak=False, dispatch_uid=f"{uid}.delete.{model}"
        )
    for through, parent in ATTACHMENTS.items():
        m2m_changed.connect(
            _attachments(parent),
            sender=through,
            weak=False,
            dispatch_uid=f"{uid}.attach.{parent}",
        )
    for through in (FollowUp.responsible.through, Assignment.owners.through):
        m2m_changed.connect(
            _m2m_owner, sender=through, dispatch_uid=f"{uid}.people.{through}"
        )
    post_save.connect(_document_saved, sender=Document, dispatch_uid=f"{uid}.doc")
    post_delete.connect(
        _document_deleted, sender=Document, dispatch_uid=f"{uid}.doc.delete"
    )
    post_save.connect(_version, sender=DocumentVersion, dispatch_uid=f"{uid}.version")
    text_extracted.connect(_extracted, dispatch_uid=f"{uid}.extracted")
    post_delete.connect(
        _agreement_deleted, sender=Agreement, dispatch_uid=f"{uid}.agreement"
    )


def _m2m_owner(
    sender: type, instance: models.Model, action: str, reverse: bool, **kwargs: object
) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        touch(instance)


def _document_saved(sender: type, instance: Document, **kwargs: object) -> None:
    _document_later(instance.pk)


def _document_deleted(sender: type, instance: Document, **kwargs: object) -> None:
    indexing.unindex("documents.document", instance.pk)


def _agreement_deleted(sender: type, instance: Agreement, **kwargs: object) -> None:
    _forget_documents_of("agreement", instance.pk)
