"""Search and suggestions: what the pages, the JSON endpoint and the API call.

Who may find what is never decided here: each entry names its owner record,
and the entries a user may see are those whose owner is in the queryset that
`accounts.permissions` returns for the user (a subquery), so counts and pages
are right and nothing else is ever read, ranked or shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.accounts.permissions import (
    meetings_with_readable_minutes,
    visible_agreements,
    visible_deviations,
    visible_matters,
    visible_meetings,
)
from samverkan.agreement.models import Agreement
from samverkan.deviations.models import Deviation
from samverkan.lib.errors import DomainError
from samverkan.matters.models import Matter
from samverkan.meetings.models import Meeting

from .backends import backend
from .models import Kind, Owner, SearchEntry
from .text import Query, highlight, snippet

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SUGGESTIONS = 8
MAX_QUERY_LENGTH = 200


class InvalidQuery(DomainError):
    """A search the service cannot run: too long, or a page out of range."""

    code = "invalid_query"


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    title: str
    title_html: SafeString
    snippet_html: SafeString
    url: str
    year: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "type_label": self.kind_label,
            "title": self.title,
            "title_html": str(self.title_html),
            "snippet_html": str(self.snippet_html),
            "url": self.url,
            "year": self.year,
        }


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: list[SearchHit]
    total: int
    page: int
    page_size: int
    # Words left out as too common to search for ("och", "att" …).
    ignored_everything: bool = False
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.page_size + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def as_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "page_size": self.page_size,
            "filters": self.filters,
            "results": [hit.as_json() for hit in self.hits],
        }


@dataclass(frozen=True)
class Suggestion:
    kind: str
    kind_label: str
    title: str
    title_html: SafeString
    url: str

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "type_label": self.kind_label,
            "title": self.title,
            "title_html": str(self.title_html),
            "url": self.url,
        }


def visible_entries(user: User | Any) -> QuerySet:
    """Return the index entries `user` may find: those whose owner it may see."""

    def owned(owner: str, records: QuerySet) -> Q:
        return Q(owner=owner, owner_id__in=records.values("pk"))

    return SearchEntry.objects.filter(
        Q(owner=Owner.PUBLIC)
        | owned(Owner.MATTER, visible_matters(user, Matter.objects.all()))
        | owned(Owner.MEETING, visible_meetings(user, Meeting.objects.all()))
        | owned(
            Owner.MINUTES, meetings_with_readable_minutes(user, Meeting.objects.all())
        )
        | owned(Owner.DEVIATION, visible_deviations(user, Deviation.objects.all()))
        | owned(Owner.AGREEMENT, visible_agreements(user, Agreement.objects.all()))
    )


def _filtered(
    entries: QuerySet,
    *,
    types: list[str] | None,
    body: int | None,
    year: int | None,
    party: int | None,
) -> QuerySet:
    if types:
        entries = entries.filter(kind__in=types)
    if body is not None:
        entries = entries.filter(bodies__contains=f",{body},")
    if year is not None:
        entries = entries.filter(year=year)
    if party is not None:
        entries = entries.filter(parties__contains=f",{party},")
    return entries


def _check(query: str, page: int, page_size: int, types: list[str] | None) -> None:
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidQuery(
            _("Sökfrågan är för lång (högst %(max)s tecken).")
            % {"max": MAX_QUERY_LENGTH}
        )
    if page < 1:
        raise InvalidQuery(_("Sidnumret måste vara 1 eller större."))
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidQuery(
            _("Antalet träffar per sida ska vara mellan 1 och %(max)s.")
            % {"max": MAX_PAGE_SIZE}
        )
    unknown = set(types or ()) - set(Kind.values)
    if unknown:
        raise InvalidQuery(
            _("Okänd typ: %(types)s.") % {"types": ", ".join(sorted(unknown))}
        )


def search(
    user: User | Any,
    query: str,
    *,
    types: list[str] | None = None,
    body: int | None = None,
    year: int | None = None,
    party: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> SearchPage:
    """Return one page of what `user` may find for `query`, best first.

    Words are matched on their Swedish stems (all words must match); the
    filters narrow to entry types (`Kind` values), a body, a year and a party.
    Raise InvalidQuery for a query or paging the service cannot run.
    """
    query = query.strip()
    _check(query, page, page_size, types)
    filters = {"types": types or [], "body": body, "year": year, "party": party}
    parsed = Query.parse(query)
    if not parsed:
        return SearchPage(
            query,
            [],
            0,
            page,
            page_size,
            ignored_everything=bool(query),
            filters=filters,
        )
    entries = _filtered(
        visible_entries(user), types=types, body=body, year=year, party=party
    )
    total, ids = backend().ranked(
        entries, parsed, limit=page_size, offset=(page - 1) * page_size
    )
    found = SearchEntry.objects.in_bulk(ids)
    hits = [
        SearchHit(
            kind=entry.kind,
            kind_label=str(entry.get_kind_display()),
            title=entry.title,
            title_html=highlight(entry.title, parsed),
            snippet_html=snippet(entry.text, parsed),
            url=entry.url,
            year=entry.year,
        )
        for entry in (found[pk] for pk in ids if pk in found)
    ]
    return SearchPage(query, hits, total, page, page_size, filters=filters)


def suggest(
    user: User | Any, prefix: str, *, limit: int = SUGGESTIONS
) -> list[Suggestion]:
    """Return up to `limit` things `user` may find whose words begin as typed.

    The last word is a prefix ("kommunikationsp" finds "kommunikationsplanen"),
    the words before it whole words, as in `search`.
    """
    prefix = prefix.strip()[:MAX_QUERY_LENGTH]
    parsed = Query.parse(prefix, prefix=True)
    if not parsed:
        return []
    _total, ids = backend().ranked(visible_entries(user), parsed, limit=limit, offset=0)
    found = SearchEntry.objects.in_bulk(ids)
    return [
        Suggestion(
            kind=entry.kind,
            kind_label=str(entry.get_kind_display()),
            title=entry.title,
            title_html=highlight(entry.title, parsed),
            url=entry.url,
        )
        for entry in (found[pk] for pk in ids if pk in found)
    ]
