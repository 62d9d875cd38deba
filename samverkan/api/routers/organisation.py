"""The organisation (public): bodies and parties, and who the token belongs to."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from samverkan.accounts.permissions import roles_in_words
from samverkan.organisation.models import Body, Party

from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from .common import AUTH_ERRORS, LIST_ERRORS, PartyRef, party_ref

router = Router(tags=["Organisation"])


class BodyOut(Schema):
    id: int
    structure: str
    name: str
    short_name: str
    slug: str
    level: str
    kind: str
    prepares_for: int | None
    web_url: str


class BodyPage(Schema):
    items: list[BodyOut]
    next_cursor: str | None


class PartyOut(PartyRef):
    structure: str
    code: str


class PartyPage(Schema):
    items: list[PartyOut]
    next_cursor: str | None


class MeOut(Schema):
    username: str
    name: str
    scope: Literal["read", "write"]
    roles: list[str]


SLUG = {"max_length": 80, "pattern": r"^[-a-zA-Z0-9_]+$"}


@router.get(
    "/me",
    response={200: MeOut, **AUTH_ERRORS},
    summary="Vem nyckeln tillhör",
    operation_id="get_me",
)
def me(request: HttpRequest) -> dict[str, Any]:
    """The token's user, its scope and the user's roles today."""
    user = request.user
    return {
        "username": user.get_username(),
        "name": user.get_full_name() or str(getattr(user, "person", "") or ""),
        "scope": request.auth.scope,
        "roles": roles_in_words(user),
    }


@router.get(
    "/bodies",
    response={200: BodyPage, **LIST_ERRORS},
    summary="Lista organ",
    operation_id="list_bodies",
)
def list_bodies(
    request: HttpRequest,
    structure: str | None = Query(None, **SLUG),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    bodies = Body.objects.select_related("structure")
    if structure:
        bodies = bodies.filter(structure__slug=structure)
    rows, next_cursor = paginate(bodies, cursor=cursor, limit=limit)
    return {
        "items": [
            {
                "id": body.pk,
                "structure": body.structure.slug,
                "name": body.name,
                "short_name": body.short_name,
                "slug": body.slug,
                "level": body.level,
                "kind": body.kind,
                "prepares_for": body.prepares_for_id,
                "web_url": request.build_absolute_uri(body.get_absolute_url()),
            }
            for body in rows
        ],
        "next_cursor": next_cursor,
    }


@router.get(
    "/parties",
    response={200: PartyPage, **LIST_ERRORS},
    summary="Lista parter",
    operation_id="list_parties",
)
def list_parties(
    request: HttpRequest,
    structure: str | None = Query(None, **SLUG),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    parties = Party.objects.select_related("structure")
    if structure:
        parties = parties.filter(structure__slug=structure)
    rows, next_cursor = paginate(parties, cursor=cursor, limit=limit)
    return {
        "items": [
            {
                **party_ref(party),
                "structure": party.structure.slug,
                "code": party.code,
            }
            for party in rows
        ],
        "next_cursor": next_cursor,
    }
