"""Reads of the organisation that pages and the API share."""

import datetime as dt

from django.db.models import Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from .composition import Composition, composition_on
from .models import Body, Membership, Party, Structure


def get_body(structure_slug: str, body_slug: str) -> Body:
    return get_object_or_404(
        Body.objects.select_related(
            "structure", "page_owner", "prepares_for", "parent"
        ),
        structure__slug=structure_slug,
        slug=body_slug,
    )


def body_memberships(body: Body) -> list[Membership]:
    """Return every membership of `body`, any period, with person and party."""
    return list(body.memberships.select_related("person", "party").order_by("start"))


def body_composition(body: Body, day: dt.date) -> Composition:
    return composition_on(body, day, body_memberships(body))


def region_name(structure: Structure) -> str:
    """Return the name of the structure's region party, e.g. 'Region Skåne'."""
    region = structure.parties.filter(kind=Party.Kind.REGION).values("name").first()
    return region["name"] if region else str(Party.Kind.REGION.label)


def _latest(rows: QuerySet, field: str) -> Subquery:
    return Subquery(rows.order_by(f"-{field}").values(field)[:1])


def last_updated(body: Body) -> dt.datetime:
    """Return when anything shown on the body's page last changed.

    The memberships' history counts too: a membership that was deleted left
    the table, and that is a change of the page.
    """
    changes = (
        Body.objects.filter(pk=body.pk)
        .values(
            "modified",
            membership=_latest(body.memberships.all(), "modified"),
            membership_history=_latest(
                Membership.history.filter(body_id=body.pk), "history_date"
            ),
            person=_latest(body.memberships.all(), "person__modified"),
        )
        .get()
    )
    return max(value for value in changes.values() if value)


def structure_bodies(structure: Structure) -> list[Body]:
    """Return the structure's bodies with what they prepare and belong under."""
    return list(
        structure.bodies.select_related(
            "prepares_for", "parent", "subregion"
        ).prefetch_related(
            Prefetch("prepared_by", queryset=Body.objects.order_by("position", "name"))
        )
    )
