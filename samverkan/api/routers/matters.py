"""Matters: register, read, update, change status; their documents."""

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from samverkan.accounts.models import Visibility
from samverkan.accounts.permissions import (
    can_attach_to_matter,
    can_handle_matter,
    parties_user_may_raise_for,
    visible_matters,
)
from samverkan.documents.models import DocumentVersion
from samverkan.documents.views import file_response
from samverkan.matters import services
from samverkan.matters.models import Matter
from samverkan.organisation.models import Body, Party

from ..concurrency import etag_of, require_match
from ..errors import ApiError
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from .common import (
    DOWNLOAD,
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    BodyRef,
    DocumentOut,
    Id,
    PartyRef,
    Text,
    body_ref,
    documents_out,
    dump,
    party_ref,
    referenced,
    with_etag,
)

router = Router(tags=["Ärenden (matters)"])

MatterStatus = Literal[tuple(Matter.Status.values)]  # type: ignore[valid-type]
MatterCategory = Literal[tuple(Matter.Category.values)]  # type: ignore[valid-type]
VisibilityValue = Literal[tuple(Visibility.values)]  # type: ignore[valid-type]


class MatterEventOut(Schema):
    at: dt.datetime
    from_status: MatterStatus | None
    to_status: MatterStatus
    note: str


class MatterOut(Schema):
    id: int
    registry_number: str
    body: BodyRef
    year: int
    number: int
    title: str
    description: str
    raised_by: PartyRef
    category: MatterCategory
    status: MatterStatus
    visibility: VisibilityValue
    affects_both_parties: bool
    preparing_body: BodyRef | None
    preparation_notes: str
    outcome: str
    routed_to: int | None
    created: dt.datetime
    modified: dt.datetime
    web_url: str


class MatterDetail(MatterOut):
    next_statuses: list[MatterStatus]
    documents: list[DocumentOut]
    events: list[MatterEventOut]


class MatterPage(Schema):
    items: list[MatterOut]
    next_cursor: str | None


class MatterIn(Schema):
    body: Id = Field(description="Organets id (GET /bodies).")
    raised_by: Id = Field(description="Id för parten som väcker ärendet.")
    title: Text(300, 1)  # type: ignore[valid-type]
    description: Text(50_000, 1)  # type: ignore[valid-type]
    category: MatterCategory
    visibility: VisibilityValue | None = None
    affects_both_parties: bool = False


class MatterPatch(Schema):
    title: Text(300, 1) | None = None  # type: ignore[valid-type]
    description: Text(50_000, 1) | None = None  # type: ignore[valid-type]
    category: MatterCategory | None = None
    visibility: VisibilityValue | None = None
    affects_both_parties: bool | None = None
    preparing_body: Id | None = None
    preparation_notes: Text(50_000) | None = None  # type: ignore[valid-type]


class TransitionIn(Schema):
    to: MatterStatus
    note: Text(5_000) = ""  # type: ignore[valid-type]


def _matters(request: HttpRequest):  # noqa: ANN202
    return visible_matters(
        request.user,
        Matter.objects.select_related(
            "body__structure", "raised_by", "preparing_body__structure"
        ),
    )


def _summary(request: HttpRequest, matter: Matter) -> dict[str, Any]:
    return {
        "id": matter.pk,
        "registry_number": matter.registry_number,
        "body": body_ref(matter.body),
        "year": matter.year,
        "number": matter.number,
        "title": matter.title,
        "description": matter.description,
        "raised_by": party_ref(matter.raised_by),
        "category": matter.category,
        "status": matter.status,
        "visibility": matter.visibility,
        "affects_both_parties": matter.affects_both_parties,
        "preparing_body": body_ref(matter.preparing_body)
        if matter.preparing_body
        else None,
        "preparation_notes": matter.preparation_notes,
        "outcome": matter.outcome,
        "routed_to": matter.routed_to_id,
        "created": matter.created,
        "modified": matter.modified,
        "web_url": request.build_absolute_uri(matter.get_absolute_url()),
    }


def representation(request: HttpRequest, matter: Matter) -> dict[str, Any]:
    """The matter as GET shows it: the ETag is computed from exactly this."""
    documents = list(matter.documents.prefetch_related("versions"))
    data = {
        **_summary(request, matter),
        "next_statuses": sorted(services.TRANSITIONS[matter.status]),
        "documents": documents_out(request, documents, "matter_document", matter.pk),
        "events": [
            {
                "at": event.at,
                "from_status": event.from_status or None,
                "to_status": event.to_status,
                "note": event.note,
            }
            for event in matter.events.order_by("at", "pk")
        ],
    }
    return dump(MatterDetail, data)


def _visible(request: HttpRequest, matter_id: int) -> Matter:
    return get_object_or_404(_matters(request), pk=matter_id)


def _handled(request: HttpRequest, matter_id: int) -> Matter:
    """Lock the matter for a write by one of its handlers (404, 403 otherwise)."""
    matter = _visible(request, matter_id)
    if not can_handle_matter(request.user, matter):
        raise ApiError(403, "forbidden", _("Bara organets handläggare ändrar ärendet."))
    Matter.objects.select_for_update().filter(pk=matter.pk).first()
    matter.refresh_from_db()
    require_match(request, etag_of(representation(request, matter)))
    return matter


@router.get(
    "/matters",
    response={200: MatterPage, **LIST_ERRORS},
    summary="Lista ärenden",
    operation_id="list_matters",
)
def list_matters(
    request: HttpRequest,
    structure: str | None = Query(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$"),
    body: Id | None = Query(None),
    status: MatterStatus | None = Query(None),
    year: int | None = Query(None, ge=1900, le=2200),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """The matters the token's user may see, newest first (as the web list)."""
    matters = _matters(request)
    if structure:
        matters = matters.filter(body__structure__slug=structure)
    if body:
        matters = matters.filter(body_id=body)
    if status:
        matters = matters.filter(status=status)
    if year:
        matters = matters.filter(year=year)
    rows, next_cursor = paginate(matters, cursor=cursor, limit=limit)
    return {
        "items": [_summary(request, matter) for matter in rows],
        "next_cursor": next_cursor,
    }


@router.get(
    "/matters/{matter_id}",
    response={200: MatterDetail, **READ_ERRORS},
    summary="Läs ett ärende",
    operation_id="get_matter",
)
def get_matter(
    request: HttpRequest, response: HttpResponse, matter_id: Id = Path(...)
) -> dict[str, Any]:
    """One matter with its documents and timeline; the ETag header names its version."""
    return with_etag(response, representation(request, _visible(request, matter_id)))


@router.post(
    "/matters",
    response={201: MatterDetail, **WRITE_ERRORS},
    summary="Registrera ett ärende",
    operation_id="register_matter",
)
def register_matter(
    request: HttpRequest, response: HttpResponse, payload: MatterIn
) -> Status:
    """Register a matter; it gets the body's next registry number (e.g. CS 2024/7)."""
    body = referenced(Body.objects.select_related("structure"), payload.body, "body")
    raised_by = referenced(Party.objects.all(), payload.raised_by, "raised_by")
    allowed = parties_user_may_raise_for(request.user, body.structure_id)
    if not allowed.filter(pk=raised_by.pk).exists():
        raise ApiError(
            403,
            "forbidden",
            _("Du får inte väcka ärenden för %(party)s."),
            params={"party": raised_by.name},
        )
    matter = services.register_matter(
        body=body,
        title=payload.title,
        description=payload.description,
        raised_by=raised_by,
        category=payload.category,
        visibility=payload.visibility,
        affects_both_parties=payload.affects_both_parties,
        contact=getattr(request.user, "person", None),
        actor=request.user,
    )
    matter = _visible(request, matter.pk)
    response["Location"] = request.build_absolute_uri(
        f"{request.path.rstrip('/')}/{matter.pk}"
    )
    return Status(201, with_etag(response, representation(request, matter)))


@router.patch(
    "/matters/{matter_id}",
    response={200: MatterDetail, **UPDATE_ERRORS},
    summary="Ändra ett ärende",
    operation_id="update_matter",
)
def update_matter(
    request: HttpRequest,
    response: HttpResponse,
    payload: MatterPatch,
    matter_id: Id = Path(...),
) -> dict[str, Any]:
    """Change the details and preparation of a matter; needs If-Match."""
    with transaction.atomic():
        _update(request, payload, matter_id)
    return with_etag(response, representation(request, _visible(request, matter_id)))


def _update(request: HttpRequest, payload: MatterPatch, matter_id: int) -> None:
    matter = _handled(request, matter_id)
    changes = payload.model_dump(exclude_unset=True)
    preparation = {
        key: changes.pop(key)
        for key in ("preparing_body", "preparation_notes")
        if key in changes
    }
    if any(value is None for value in changes.values()):
        raise ApiError(
            422,
            "validation_error",
            _("Bara beredande organ kan tas bort; andra fält kan inte vara null."),
        )
    if changes:
        services.update_matter(matter=matter, actor=request.user, **changes)
    if preparation:
        preparing = matter.preparing_body
        if "preparing_body" in preparation:
            preparing = referenced(
                Body.objects.all(), preparation["preparing_body"], "preparing_body"
            )
        notes = preparation.get("preparation_notes")
        services.save_preparation(
            matter=matter,
            preparing_body=preparing,
            preparers=list(matter.preparers.all()),
            notes=matter.preparation_notes if notes is None else notes,
            actor=request.user,
        )


@router.post(
    "/matters/{matter_id}/status",
    response={200: MatterDetail, **UPDATE_ERRORS},
    summary="Byt status på ett ärende",
    operation_id="transition_matter",
)
def transition_matter(
    request: HttpRequest,
    response: HttpResponse,
    payload: TransitionIn,
    matter_id: Id = Path(...),
) -> dict[str, Any]:
    """Move the matter one step in its workflow (next_statuses); needs If-Match."""
    with transaction.atomic():
        matter = _handled(request, matter_id)
        services.transition_matter(
            matter=matter, to=payload.to, actor=request.user, note=payload.note
        )
    return with_etag(response, representation(request, _visible(request, matter_id)))


@router.post(
    "/matters/{matter_id}/documents",
    response={201: list[DocumentOut], **WRITE_ERRORS},
    summary="Ladda upp dokument till ett ärende",
    operation_id="upload_matter_document",
)
def upload_matter_document(
    request: HttpRequest, file: File[UploadedFile], matter_id: Id = Path(...)
) -> Status:
    """PDF, DOCX, XLSX or ODT; a file named like an attached one becomes a new version."""
    matter = _visible(request, matter_id)
    if not can_attach_to_matter(request.user, matter):
        raise ApiError(
            403,
            "forbidden",
            _("Bara handläggarna och den som registrerade ärendet bifogar dokument."),
        )
    with transaction.atomic():
        services.attach_document(
            matter=matter,
            filename=file.name or "",
            content=file.read(),
            actor=request.user,
        )
    return Status(201, representation(request, matter)["documents"])


@router.get(
    "/matters/{matter_id}/documents/{version_id}",
    response=READ_ERRORS,
    openapi_extra=DOWNLOAD,
    summary="Hämta en dokumentversion",
    operation_id="download_matter_document",
    url_name="matter_document",
)
def download_matter_document(
    request: HttpRequest, matter_id: Id = Path(...), version_id: Id = Path(...)
) -> HttpResponse:
    matter = _visible(request, matter_id)
    version = get_object_or_404(
        DocumentVersion, pk=version_id, document__matters=matter
    )
    return file_response(version)
