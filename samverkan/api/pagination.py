"""Pagination by cursor: stable under inserts, cheap at any depth."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Generic, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from .errors import ApiError

T = TypeVar("T")
DEFAULT_LIMIT = 25
MAX_LIMIT = 100
BAD_CURSOR = _("Markören (cursor) är ogiltig. Använd next_cursor från förra sidan.")


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(pk: int) -> str:
    raw = json.dumps({"before": pk}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        before = value["before"]
    except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error) as error:
        raise ApiError(400, "invalid_cursor", BAD_CURSOR) from error
    if not isinstance(before, int) or isinstance(before, bool) or before < 1:
        raise ApiError(400, "invalid_cursor", BAD_CURSOR)
    return before


def paginate(
    queryset: QuerySet, *, cursor: str | None, limit: int
) -> tuple[list, str | None]:
    """Return one page of `queryset`, newest first, and the cursor of the next.

    The cursor holds the last id seen; the next page starts below it, so
    rows added meanwhile neither repeat nor push rows off a page.
    """
    if cursor:
        queryset = queryset.filter(pk__lt=decode_cursor(cursor))
    rows = list(queryset.order_by("-pk")[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], encode_cursor(rows[limit - 1].pk)
    return rows, None
