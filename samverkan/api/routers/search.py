"""Search: the same index, ranking and permissions as the search page."""

import base64
import binascii
import json
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from samverkan.search import services

from ..errors import ApiError
from .common import LIST_ERRORS

router = Router(tags=["Sök"])

BAD_CURSOR = _("Markören (cursor) är ogiltig. Använd next_cursor från förra sidan.")
KindName = Literal[
    "matter", "item", "minutes", "follow_up", "deviation", "document", "person", "body"
]


class HitOut(Schema):
    type: KindName
    type_label: str
    title: str
    title_html: str
    snippet_html: str
    url: str
    year: int | None


class SearchOut(Schema):
    query: str
    total: int
    items: list[HitOut]
    next_cursor: str | None


class SuggestionOut(Schema):
    type: KindName
    type_label: str
    title: str
    title_html: str
    url: str


class SuggestionsOut(Schema):
    items: list[SuggestionOut]


def _encode(page: int) -> str:
    raw = json.dumps({"page": page}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        page = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))["page"]
    except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error) as error:
        raise ApiError(400, "invalid_cursor", BAD_CURSOR) from error
    if not isinstance(page, int) or isinstance(page, bool) or not 2 <= page <= 10_000:
        raise ApiError(400, "invalid_cursor", BAD_CURSOR)
    return page


@router.get(
    "/search",
    response={200: SearchOut, **LIST_ERRORS},
    summary="Sök",
    operation_id="search",
)
def search(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=200),
    type: list[KindName] | None = Query(None),  # noqa: A002
    body: int | None = Query(None, ge=1, le=2**31 - 1),
    year: int | None = Query(None, ge=1900, le=2200),
    party: int | None = Query(None, ge=1, le=2**31 - 1),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(20, ge=1, le=100),
) -> dict[str, Any]:
    """Matters, agenda items, minutes, follow-ups, deviations, documents, people
    and bodies, ranked, with highlighted snippets: exactly what the token's user
    may see, as on the search page."""
    page = _decode(cursor) if cursor else 1
    found = services.search(
        request.user,
        q,
        types=type,
        body=body,
        year=year,
        party=party,
        page=page,
        page_size=limit,
    )
    return {
        "query": found.query,
        "total": found.total,
        "items": [hit.as_json() for hit in found.hits],
        "next_cursor": _encode(page + 1) if found.has_next else None,
    }


@router.get(
    "/search/suggestions",
    response={200: SuggestionsOut, **LIST_ERRORS},
    summary="Förslag medan man skriver",
    operation_id="suggest",
)
def suggest(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=200),
    limit: int = Query(8, ge=1, le=20),
) -> dict[str, Any]:
    """Titles that start with the words typed so far (prefix search)."""
    return {
        "items": [s.as_json() for s in services.suggest(request.user, q, limit=limit)]
    }
