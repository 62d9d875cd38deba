"""Deviation statistics, computed in the database so they scale to many reports.

Percentiles use the nearest-rank method: the p-th percentile of n sorted
answer times is the value at rank ceil(p/100 · n).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter

from samverkan.organisation.models import Structure

from .models import Deviation


@dataclass
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    category: str = ""
    party_id: int | None = None
    subregion_id: int | None = None


@dataclass
class Statistics:
    total: int
    by_month: list[tuple[str, int]]
    by_quarter: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_reporting_party: list[tuple[str, int]]
    by_concerned_party: list[tuple[str, int]]
    by_subregion: list[tuple[str, int]]
    answered: int
    median_days: float | None
    p90_days: float | None
    overdue_open: int
    answered_late: int
    tables: list[tuple[str, str, list[tuple[str, int]]]] = field(default_factory=list)


def filtered(structure: Structure, filters: Filters) -> QuerySet[Deviation]:
    queryset = Deviation.objects.filter(structure=structure)
    if filters.start:
        queryset = queryset.filter(created__date__gte=filters.start)
    if filters.end:
        queryset = queryset.filter(created__date__lte=filters.end)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.party_id:
        queryset = queryset.filter(
            reporting_party_id=filters.party_id
        ) | queryset.filter(concerned_party_id=filters.party_id)
    if filters.subregion_id:
        queryset = queryset.filter(
            reporting_party__subregion_id=filters.subregion_id
        ) | queryset.filter(concerned_party__subregion_id=filters.subregion_id)
    return queryset


def _grouped(
    queryset: QuerySet, key: object, label: str = "key"
) -> list[tuple[object, int]]:
    rows = (
        queryset.annotate(**{label: key})
        .values(label)
        .annotate(n=Count("id"))
        .order_by(label)
    )
    return [(row[label], row["n"]) for row in rows]


def _percentile(answered: QuerySet, count: int, percent: int) -> float | None:
    if not count:
        return None
    rank = math.ceil(percent / 100 * count)
    duration = (
        answered.annotate(duration=F("answered_at") - F("created"))
        .order_by("duration")
        .values_list("duration", flat=True)[rank - 1]
    )
    return round(duration.total_seconds() / 86400, 1)


def deviation_statistics(
    structure: Structure, filters: Filters, *, today: dt.date
) -> Statistics:
    """Return the statistics of the structure's deviations matching `filters`."""
    from django.utils.translation import gettext as _

    queryset = filtered(structure, filters).order_by()
    categories = dict(Deviation.Category.choices)
    by_month = [
        (month.strftime("%Y-%m"), n)
        for month, n in _grouped(queryset, TruncMonth("created"))
    ]
    by_quarter = [
        (f"{quarter.year} K{(quarter.month - 1) // 3 + 1}", n)
        for quarter, n in _grouped(queryset, TruncQuarter("created"))
    ]
    by_category = sorted(
        ((str(categories[key]), n) for key, n in _grouped(queryset, F("category"))),
        key=lambda row: -row[1],
    )

    def by_name(path: str) -> list[tuple[str, int]]:
        return sorted(
            (
                (name or _("Ingen delregion"), n)
                for name, n in _grouped(queryset, F(path))
            ),
            key=lambda row: (-row[1], row[0]),
        )

    by_subregion = sorted(
        (
            (name or _("Ingen delregion"), n)
            for name, n in _grouped(
                queryset,
                Coalesce(
                    "reporting_party__subregion__name",
                    "concerned_party__subregion__name",
                ),
            )
        ),
        key=lambda row: (-row[1], row[0]),
    )
    answered = queryset.filter(answered_at__isnull=False)
    answered_count = answered.count()
    statistics = Statistics(
        total=queryset.count(),
        by_month=by_month,
        by_quarter=by_quarter,
        by_category=by_category,
        by_reporting_party=by_name("reporting_party__name"),
        by_concerned_party=by_name("concerned_party__name"),
        by_subregion=by_subregion,
        answered=answered_count,
        median_days=_percentile(answered, answered_count, 50),
        p90_days=_percentile(answered, answered_count, 90),
        overdue_open=queryset.filter(
            status=Deviation.Status.SENT, answer_due__lt=today
        ).count(),
        answered_late=answered.filter(answered_at__date__gt=F("answer_due")).count(),
    )
    statistics.tables = [
        ("month", _("Per månad"), statistics.by_month),
        ("quarter", _("Per kvartal"), statistics.by_quarter),
        ("category", _("Per kategori"), statistics.by_category),
        ("reporting", _("Per rapporterande part"), statistics.by_reporting_party),
        ("concerned", _("Per berörd part"), statistics.by_concerned_party),
        ("subregion", _("Per delregion"), statistics.by_subregion),
    ]
    return statistics
