"""What the routers share: ids, texts, references, documents, error responses."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import AfterValidator

from samverkan.documents.models import Document
from samverkan.documents.views import CONTENT_TYPES
from samverkan.organisation.models import Body, Party

from ..concurrency import etag_of
from ..errors import ApiError, Problem, both

# Database ids are 64-bit; a larger number is no id at all.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _storable(text: str) -> str:
    # PostgreSQL stores no NUL character; say so rather than fail.
    if "\x00" in text:
        raise ValueError("text must not contain NUL")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("text must be valid Unicode") from error
    return text


def Text(max_length: int, min_length: int = 0) -> Any:  # noqa: N802 - a type
    """A text field the database can store: no NUL, valid Unicode, bounded."""
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length),
        AfterValidator(_storable),
    ]


def check_date(value: dt.date) -> dt.date:
    if not 1900 <= value.year <= 2200:
        raise ValueError("date out of range")
    return value


def check_moment(value: dt.datetime) -> dt.datetime:
    check_date(value.date())
    return value


SaneDate = Annotated[dt.date, AfterValidator(check_date)]


# Every operation may answer with these; documented for each.
AUTH_ERRORS = {401: Problem, 403: Problem, 429: Problem}
READ_ERRORS = {**AUTH_ERRORS, 404: Problem, 422: Problem}
LIST_ERRORS = {**AUTH_ERRORS, 400: Problem, 422: Problem}
WRITE_ERRORS = {**READ_ERRORS, 400: Problem, 409: Problem, 413: Problem}
UPDATE_ERRORS = {**WRITE_ERRORS, 412: Problem, 428: Problem}


# A download answers with the file itself, in its own type.
DOWNLOAD = {
    "responses": {
        "200": {
            "description": "Filen (the file)",
            "content": {
                content_type: {"schema": {"type": "string", "format": "binary"}}
                for content_type in CONTENT_TYPES.values()
            },
        }
    }
}


class BodyRef(Schema):
    id: int
    short_name: str
    name: str
    structure: str


class PartyRef(Schema):
    id: int
    name: str
    kind: str
    side: str


class VersionOut(Schema):
    id: int
    number: int
    filename: str
    kind: str
    size: int
    sha256: str
    uploaded: dt.datetime
    download: str


class DocumentOut(Schema):
    id: int
    title: str
    versions: list[VersionOut]


def body_ref(body: Body) -> dict[str, Any]:
    return {
        "id": body.pk,
        "short_name": body.short_name,
        "name": body.name,
        "structure": body.structure.slug,
    }


def party_ref(party: Party) -> dict[str, Any]:
    return {"id": party.pk, "name": party.name, "kind": party.kind, "side": party.side}


def documents_out(
    request: HttpRequest, documents: list[Document], url_name: str, owner: int
) -> list[dict[str, Any]]:
    """Represent documents with all versions and where to download each."""
    return [
        {
            "id": document.pk,
            "title": document.title,
            "versions": [
                {
                    "id": version.pk,
                    "number": version.number,
                    "filename": version.filename,
                    "kind": version.kind,
                    "size": version.size,
                    "sha256": version.sha256,
                    "uploaded": version.uploaded,
                    "download": request.build_absolute_uri(
                        reverse(f"api-v1:{url_name}", args=[owner, version.pk])
                    ),
                }
                for version in document.versions.all()
            ],
        }
        for document in documents
    ]


UNKNOWN = _("Det finns inget sådant objekt (id %(id)s).")


def referenced(
    queryset: models.QuerySet, pk: int | None, field: str
) -> models.Model | None:
    """Return the row a request refers to by id, or a field error."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        sv, en = both(UNKNOWN, id=pk)
        raise ApiError(
            422,
            "validation_error",
            _("Förfrågan innehåller ogiltiga värden."),
            fields=[
                {"field": field, "code": "unknown", "message_sv": sv, "message_en": en}
            ],
        )
    return found


def with_etag(response: Any, representation: dict[str, Any]) -> dict[str, Any]:
    """Put the representation's ETag on the response; return the representation."""
    response["ETag"] = etag_of(representation)
    return representation


def dump(schema: type[Schema], data: dict[str, Any]) -> dict[str, Any]:
    """Validate `data` against the output schema and return it as JSON data."""
    return schema.model_validate(data).model_dump(mode="json")
