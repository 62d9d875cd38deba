"""Deviations: report (the identity guard stops a personnummer) and answer."""

import base64
import binascii
import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Router, Schema, Status

from samverkan.accounts.permissions import (
    can_answer_deviation,
    can_report_for,
    visible_deviations,
)
from samverkan.deviations import services
from samverkan.deviations.models import Deviation
from samverkan.documents.models import DocumentVersion
from samverkan.documents.views import file_response
from samverkan.lib.errors import PersonalIdentityFound
from samverkan.lib.identity import find_identity_numbers
from samverkan.organisation.models import Party, Structure

from ..concurrency import etag_of, require_match
from ..errors import ApiError, both
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
    SaneDate,
    Text,
    body_ref,
    documents_out,
    dump,
    party_ref,
    referenced,
    with_etag,
)

router = Router(tags=["Avvikelser (deviations)"])

DeviationStatus = Literal[tuple(Deviation.Status.values)]  # type: ignore[valid-type]
DeviationCategory = Literal[tuple(Deviation.Category.values)]  # type: ignore[valid-type]
Consequence = Literal[tuple(Deviation.Consequence.values)]  # type: ignore[valid-type]
Slug = Field(max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")


class DeviationOut(Schema):
    id: int
    reference: str
    structure: str
    reporting_party: PartyRef
    reporting_unit: str
    concerned_party: PartyRef
    concerned_unit: str
    event_date: dt.date
    category: DeviationCategory
    description: str
    consequence: Consequence
    improvement: str
    status: DeviationStatus
    level: str
    handled_by: BodyRef | None
    answer: str
    answered_at: dt.datetime | None
    answer_due: dt.date
    matter: int | None
    created: dt.datetime
    web_url: str


class DeviationDetail(DeviationOut):
    documents: list[DocumentOut]


class DeviationPage(Schema):
    items: list[DeviationOut]
    next_cursor: str | None


class Attachment(Schema):
    filename: Text(255, 1)  # type: ignore[valid-type]
    content_base64: str = Field(
        max_length=4_000_000, description="Filens innehåll, base64-kodat."
    )


class DeviationIn(Schema):
    structure: str = Slug
    reporting_party: Id
    reporting_unit: Text(200, 1)  # type: ignore[valid-type]
    concerned_party: Id
    concerned_unit: Text(200) = ""  # type: ignore[valid-type]
    event_date: SaneDate
    category: DeviationCategory
    description: Text(20_000, 1)  # type: ignore[valid-type]
    consequence: Consequence
    improvement: Text(20_000) = ""  # type: ignore[valid-type]
    attachments: list[Attachment] = Field(default_factory=list, max_length=10)


class AnswerIn(Schema):
    answer: Text(20_000, 1)  # type: ignore[valid-type]


def _deviations(request: HttpRequest):  # noqa: ANN202
    return visible_deviations(
        request.user,
        Deviation.objects.select_related(
            "structure", "reporting_party", "concerned_party", "body__structure"
        ),
    )


def _summary(request: HttpRequest, deviation: Deviation) -> dict[str, Any]:
    return {
        "id": deviation.pk,
        "reference": deviation.reference,
        "structure": deviation.structure.slug,
        "reporting_party": party_ref(deviation.reporting_party),
        "reporting_unit": deviation.reporting_unit,
        "concerned_party": party_ref(deviation.concerned_party),
        "concerned_unit": deviation.concerned_unit,
        "event_date": deviation.event_date,
        "category": deviation.category,
        "description": deviation.description,
        "consequence": deviation.consequence,
        "improvement": deviation.improvement,
        "status": deviation.status,
        "level": deviation.level,
        "handled_by": body_ref(deviation.body) if deviation.body else None,
        "answer": deviation.answer,
        "answered_at": deviation.answered_at,
        "answer_due": deviation.answer_due,
        "matter": deviation.matter_id,
        "created": deviation.created,
        "web_url": request.build_absolute_uri(deviation.get_absolute_url()),
    }


def representation(request: HttpRequest, deviation: Deviation) -> dict[str, Any]:
    documents = list(deviation.documents.prefetch_related("versions"))
    data = {
        **_summary(request, deviation),
        "documents": documents_out(
            request, documents, "deviation_document", deviation.pk
        ),
    }
    return dump(DeviationDetail, data)


def _visible(request: HttpRequest, deviation_id: int) -> Deviation:
    return get_object_or_404(_deviations(request), pk=deviation_id)


BAD_BASE64 = _("Bilagan är inte giltig base64.")


def _attachments(payload: DeviationIn) -> list[tuple[str, bytes]]:
    files = []
    for index, attachment in enumerate(payload.attachments):
        try:
            content = base64.b64decode(attachment.content_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            sv, en = both(BAD_BASE64)
            raise ApiError(
                422,
                "validation_error",
                BAD_BASE64,
                fields=[
                    {
                        "field": f"attachments.{index}.content_base64",
                        "code": "base64",
                        "message_sv": sv,
                        "message_en": en,
                    }
                ],
            ) from error
        files.append((attachment.filename, content))
    return files


TEXT_FIELDS = ("reporting_unit", "concerned_unit", "description", "improvement")
IDENTITY_IN_FIELD = _("Fältet innehåller ett personnummer eller samordningsnummer.")


def _identity_fields(error: PersonalIdentityFound, texts: dict[str, str]) -> None:
    """Name the fields that hold an identity number, for the field errors."""
    sv, en = both(IDENTITY_IN_FIELD)
    error.api_fields = [
        {
            "field": name,
            "code": "personal_identity_found",
            "message_sv": sv,
            "message_en": en,
        }
        for name, text in texts.items()
        if find_identity_numbers(text)
    ]


@router.get(
    "/deviations",
    response={200: DeviationPage, **LIST_ERRORS},
    summary="Lista avvikelser",
    operation_id="list_deviations",
)
def list_deviations(
    request: HttpRequest,
    structure: str | None = Query(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$"),
    status: DeviationStatus | None = Query(None),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """What the user's parties reported or are concerned by, and what their bodies handle."""
    deviations = _deviations(request)
    if structure:
        deviations = deviations.filter(structure__slug=structure)
    if status:
        deviations = deviations.filter(status=status)
    rows, next_cursor = paginate(deviations, cursor=cursor, limit=limit)
    return {"items": [_summary(request, d) for d in rows], "next_cursor": next_cursor}


@router.get(
    "/deviations/{deviation_id}",
    response={200: DeviationDetail, **READ_ERRORS},
    summary="Läs en avvikelse",
    operation_id="get_deviation",
)
def get_deviation(
    request: HttpRequest, response: HttpResponse, deviation_id: Id = Path(...)
) -> dict[str, Any]:
    return with_etag(response, representation(request, _visible(request, deviation_id)))


@router.post(
    "/deviations",
    response={201: DeviationDetail, **WRITE_ERRORS},
    summary="Rapportera en avvikelse",
    operation_id="report_deviation",
)
def report_deviation(
    request: HttpRequest, response: HttpResponse, payload: DeviationIn
) -> Status:
    """Report a deviation to the concerned party.

    No patient identity, ever: a personnummer or samordningsnummer in any
    text or attachment refuses the whole report (400, code
    personal_identity_found, the fields named) and nothing is stored.
    """
    structure = get_object_or_404(Structure, slug=payload.structure)
    parties = Party.objects.filter(structure=structure)
    reporting = referenced(parties, payload.reporting_party, "reporting_party")
    concerned = referenced(parties, payload.concerned_party, "concerned_party")
    if not can_report_for(request.user, reporting):
        raise ApiError(
            403,
            "forbidden",
            _("Du får inte rapportera avvikelser för %(party)s."),
            params={"party": reporting.name},
        )
    texts = {name: getattr(payload, name) for name in TEXT_FIELDS}
    try:
        with transaction.atomic():
            deviation = services.report_deviation(
                structure=structure,
                reporting_party=reporting,
                concerned_party=concerned,
                event_date=payload.event_date,
                category=payload.category,
                consequence=payload.consequence,
                attachments=_attachments(payload),
                actor=request.user,
                **texts,
            )
    except PersonalIdentityFound as error:
        _identity_fields(error, texts)
        raise
    return Status(
        201,
        with_etag(response, representation(request, _visible(request, deviation.pk))),
    )


@router.post(
    "/deviations/{deviation_id}/answer",
    response={200: DeviationDetail, **UPDATE_ERRORS},
    summary="Besvara en avvikelse",
    operation_id="answer_deviation",
)
def answer_deviation(
    request: HttpRequest,
    response: HttpResponse,
    payload: AnswerIn,
    deviation_id: Id = Path(...),
) -> dict[str, Any]:
    """The concerned party (or, once escalated, the handling body) answers; needs If-Match."""
    deviation = _visible(request, deviation_id)
    if not can_answer_deviation(request.user, deviation):
        raise ApiError(
            403, "forbidden", _("Bara den berörda parten besvarar avvikelsen.")
        )
    try:
        with transaction.atomic():
            Deviation.objects.select_for_update().filter(pk=deviation.pk).first()
            deviation.refresh_from_db()
            require_match(request, etag_of(representation(request, deviation)))
            services.answer_deviation(
                deviation=deviation, answer=payload.answer, actor=request.user
            )
    except PersonalIdentityFound as error:
        _identity_fields(error, {"answer": payload.answer})
        raise
    return with_etag(response, representation(request, _visible(request, deviation_id)))


@router.get(
    "/deviations/{deviation_id}/documents/{version_id}",
    response=READ_ERRORS,
    openapi_extra=DOWNLOAD,
    summary="Hämta en bilaga till en avvikelse",
    operation_id="download_deviation_document",
    url_name="deviation_document",
)
def download_deviation_document(
    request: HttpRequest, deviation_id: Id = Path(...), version_id: Id = Path(...)
) -> HttpResponse:
    deviation = _visible(request, deviation_id)
    version = get_object_or_404(
        DocumentVersion, pk=version_id, document__deviations=deviation
    )
    return file_response(version)
