"""The OParl 1.1 read API under /oparl/v1/: public data only, as JSON.

Its answers are the same for every client, so they are served from the page
cache (operations/pagecache.py) until anything they show changes; the files
themselves stream from the document store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Min, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samverkan.accounts.permissions import public
from samverkan.documents.views import file_response
from samverkan.operations.pagecache import cached_page
from samverkan.organisation.models import Structure

from . import representations as rep
from . import selectors
from .models import Kind, Tombstone

FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}
TERMS = "legislativeterm"


class BadRequest(Exception):
    pass


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}
    )
    if status >= 400:
        response["Content-Type"] = "application/problem+json"
    # OParl clients run in browsers too.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _problem(status: int, title: str, detail: str) -> JsonResponse:
    return _json(
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status,
    )


def _not_found() -> JsonResponse:
    return _problem(
        404, _("Finns inte"), _("Objektet finns inte eller är inte offentligt.")
    )


def _filters(request: HttpRequest) -> dict[str, dt.datetime]:
    """Read the OParl date filters; raise BadRequest on an unreadable one."""
    found = {}
    for name in FILTERS:
        text = request.GET.get(name)
        if text is None:
            continue
        try:
            moment = parse_datetime(text.strip())
        except ValueError:
            moment = None
        if moment is None:
            raise BadRequest(
                _("%(name)s måste vara en tidpunkt enligt ISO 8601, t.ex. %(example)s.")
                % {"name": name, "example": "2024-01-31T12:00:00+01:00"}
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        found[name] = moment
    return found


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("page", "1")
    if not text.isdigit() or int(text) < 1:
        raise BadRequest(_("page måste vara ett positivt heltal."))
    return int(text)


def _narrow(queryset: QuerySet, filters: dict, fields: dict[str, str]) -> QuerySet:
    for name, moment in filters.items():
        field, lookup = FILTERS[name]
        queryset = queryset.filter(**{f"{fields[field]}__{lookup}": moment})
    return queryset


@public
@require_GET
@cached_page
def system(request: HttpRequest) -> JsonResponse:
    return _json(rep.system(rep.Links(request)))


def _terms(structure: Structure) -> list[rep.Term]:
    first = selectors.memberships(structure.pk).aggregate(first=Min("start"))["first"]
    return rep.terms_of(structure, first)


@public
@require_GET
@cached_page
def bodies(request: HttpRequest) -> JsonResponse:
    links = rep.Links(request)
    structures = Structure.objects.order_by("pk")
    return _paged(
        request,
        structures,
        Tombstone.objects.none(),
        lambda s: rep.body(links, s, _terms(s)),
        links,
    )


@public
@require_GET
@cached_page
def body(request: HttpRequest, pk: int) -> JsonResponse:
    structure = Structure.objects.filter(pk=pk).first()
    if structure is None:
        return _not_found()
    return _json(rep.body(rep.Links(request), structure, _terms(structure)))


@public
@require_GET
@cached_page
def object_list(request: HttpRequest, pk: int, kind: str) -> JsonResponse:
    """One page of a body's objects of one type, tombstones after the living."""
    structure = Structure.objects.filter(pk=pk).first()
    if structure is None or (kind not in Kind.values and kind != TERMS):
        return _not_found()
    links = rep.Links(request)
    if kind == TERMS:
        terms = [rep.legislative_term(links, t) for t in _terms(structure)]
        return _paged(request, terms, Tombstone.objects.none(), lambda t: t, links)
    living = selectors.SELECTORS[kind](structure.pk).order_by("pk")
    dead = Tombstone.objects.filter(structure_id=structure.pk, kind=kind).order_by("pk")
    render = rep.RENDER[kind]
    return _paged(
        request,
        rep.prepared(kind, living),
        dead,
        lambda record: render(links, record),
        links,
    )


def _paged(
    request: HttpRequest,
    living: QuerySet | list[dict],
    dead: QuerySet[Tombstone],
    render: Callable[[Any], dict],
    links: rep.Links,
) -> JsonResponse:
    """Answer one page: the living records in a stable order, then the tombstones."""
    try:
        filters = _filters(request)
        number = _page_number(request)
    except BadRequest as error:
        return _problem(400, _("Felaktig fråga"), str(error))
    if isinstance(living, list):  # the few derived terms of office
        living = [r for r in living if _matches(r, filters)]
    else:
        living = _narrow(
            living, filters, {"created": "created", "modified": "modified"}
        )
    dead = _narrow(dead, filters, {"created": "created", "modified": "deleted"})
    size = settings.OPARL_PAGE_SIZE
    alive = len(living) if isinstance(living, list) else living.count()
    buried = dead.count()
    start, stop = (number - 1) * size, number * size
    rows = [render(r) for r in living[start:stop]] if start < alive else []
    if stop > alive:
        rows += [
            rep.tombstone(links, t) for t in dead[max(start - alive, 0) : stop - alive]
        ]
    return _json(_envelope(request, rows, alive + buried, number))


def _matches(data: dict, filters: dict[str, dt.datetime]) -> bool:
    for name, moment in filters.items():
        field, lookup = FILTERS[name]
        value = parse_datetime(data[field])
        if (value < moment) if lookup == "gte" else (value > moment):
            return False
    return True


def _envelope(request: HttpRequest, rows: list[dict], total: int, number: int) -> dict:
    """Wrap one page of `rows` in OParl's list envelope with its links."""
    size = settings.OPARL_PAGE_SIZE
    pages = max(1, -(-total // size))
    base = request.build_absolute_uri(request.path)
    query = {k: v for k, v in request.GET.items() if k != "page"}

    def page(n: int) -> str:
        return f"{base}?{urlencode({**query, 'page': n})}"

    navigation = {"first": page(1), "last": page(pages)}
    if number > 1:
        navigation["prev"] = page(min(number - 1, pages))
    if number < pages:
        navigation["next"] = page(number + 1)
    return {
        "data": rows,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": size,
            "currentPage": number,
            "totalPages": pages,
        },
        "links": navigation,
    }


@public
@require_GET
@cached_page
def object_detail(request: HttpRequest, kind: str, pk: int) -> JsonResponse:
    """One object by its URL; a tombstone when it is gone, 404 when never public."""
    if kind not in Kind.values:
        return _not_found()
    links = rep.Links(request)
    record = rep.prepared(kind, selectors.SELECTORS[kind]()).filter(pk=pk).first()
    if record is not None:
        return _json(rep.RENDER[kind](links, record))
    buried = (
        Tombstone.objects.filter(kind=kind, object_id=pk).order_by("-deleted").first()
    )
    if buried is None:
        return _not_found()
    return _json(rep.tombstone(links, buried))


@public
@require_GET
@cached_page
def legislative_term(request: HttpRequest, pk: int, year: int) -> JsonResponse:
    structure = Structure.objects.filter(pk=pk).first()
    terms = [t for t in _terms(structure) if t.year == year] if structure else []
    if not terms:
        return _not_found()
    return _json(rep.legislative_term(rep.Links(request), terms[0]))


def _meeting_record(pk: int, *, agenda: bool):  # noqa: ANN202
    chosen = selectors.meetings() if agenda else selectors.meetings_with_minutes()
    return chosen.select_related("body").filter(pk=pk).first()


@public
@require_GET
@cached_page
def agenda_file(request: HttpRequest, pk: int) -> JsonResponse:
    meeting = _meeting_record(pk, agenda=True)
    if meeting is None:
        return _not_found()
    return _json(rep.record_file(rep.Links(request), meeting, agenda=True))


@public
@require_GET
@cached_page
def minutes_file(request: HttpRequest, pk: int) -> JsonResponse:
    meeting = _meeting_record(pk, agenda=False)
    if meeting is None:
        return _not_found()
    return _json(rep.record_file(rep.Links(request), meeting, agenda=False))


def _public_version(pk: int):  # noqa: ANN202
    document = selectors.files().filter(pk=pk).first()
    if document is None:
        raise Http404
    version = document.versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


@public
@require_GET
def file_access(request: HttpRequest, pk: int):  # noqa: ANN201
    """The current version of a public document, shown in the browser."""
    response = file_response(_public_version(pk))
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    return response


@public
@require_GET
def file_download(request: HttpRequest, pk: int):  # noqa: ANN201
    """The current version of a public document, as a download."""
    return file_response(_public_version(pk))
