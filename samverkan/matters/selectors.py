"""Reads of matters shared by pages, exports and the API."""

from dataclasses import dataclass

from django.db.models import QuerySet

from samverkan.accounts.permissions import Visibility, visible_matters
from samverkan.organisation.models import Body, Party, Structure

from .models import Matter, Recommendation


def matters_for(user: object, structure: Structure) -> QuerySet[Matter]:
    """Return the structure's matters `user` may see, with what lists show."""
    queryset = Matter.objects.filter(body__structure=structure).select_related(
        "body", "raised_by"
    )
    return visible_matters(user, queryset).order_by(
        "-year", "body__short_name", "-number"
    )


def public_registry(body: Body, year: int) -> QuerySet[Matter]:
    """Return the body's public matters of `year` (the diarium)."""
    return (
        Matter.objects.filter(body=body, year=year, visibility=Visibility.PUBLIC)
        .select_related("body", "raised_by")
        .order_by("number")
    )


@dataclass
class UptakeSummary:
    municipalities: int
    municipalities_decided: int
    region_decided: bool | None

    def sentence(self) -> str:
        from django.utils.translation import gettext as _

        return _("%(decided)s av %(total)s kommuner har beslutat") % {
            "decided": self.municipalities_decided,
            "total": self.municipalities,
        }


def uptake_summary(recommendation: Recommendation) -> UptakeSummary:
    """Summarise the parties' uptake, e.g. '21 av 33 kommuner har beslutat'."""
    uptakes = list(recommendation.uptakes.all())
    municipal = [u for u in uptakes if u.party.kind == Party.Kind.MUNICIPALITY]
    regional = [u for u in uptakes if u.party.kind == Party.Kind.REGION]
    decided = "decided"
    return UptakeSummary(
        municipalities=len(municipal),
        municipalities_decided=sum(1 for u in municipal if u.status == decided),
        region_decided=(
            all(u.status == decided for u in regional) if regional else None
        ),
    )
