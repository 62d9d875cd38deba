"""Deviation statistics, computed in the database so they scale to many reports.

Percentiles use the nearest-rank method: the p-th percentile of n sorted
answer times is the value at rank ceil(p/100 · n).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth

from samverkan.organisation.models import Party, Structure

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


def _percentiles(
    answered: QuerySet, count: int, percents: tuple[int, ...]
) -> list[float | None]:
    """The answer times in days at `percents`, in one sort of the answered."""
    if not count:
        return [None for _percent in percents]
    ranks = [math.ceil(percent / 100 * count) for percent in percents]
    durations = dict(
        answered.annotate(duration=F("answered_at") - F("created"))
        .annotate(rank=Window(RowNumber(), order_by=F("duration").asc()))
        .filter(rank__in=set(ranks))
        .values_list("rank", "duration")
    )
    return [round(durations[rank].total_seconds() / 86400, 1) for rank in ranks]


def deviation_statistics(
    structure: Structure, filters: Filters, *, today: dt.date
) -> Statistics:
    """Return the statistics of the structure's deviations matching `filters`.

    Four queries whatever the number of reports: counts per month (quarters
    are summed from them), counts per category and pair of parties with the
    answered, overdue and late among them (the category, party and sub-region
    tables and the totals are summed from them), the names of those parties,
    and the two percentiles.
    """
    from django.utils.translation import gettext as _

    queryset = filtered(structure, filters).order_by()
    categories = dict(Deviation.Category.choices)
    by_month = [
        (month.strftime("%Y-%m"), n)
        for month, n in _grouped(queryset, TruncMonth("created"))
    ]
    quarters: dict[str, int] = {}
    for month, n in by_month:
        year, number = int(month[:4]), int(month[5:])
        label = f"{year} K{(number - 1) // 3 + 1}"
        quarters[label] = quarters.get(label, 0) + n
    pairs = list(
        queryset.values("category", "reporting_party", "concerned_party")
        .annotate(
            n=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            overdue_open=Count(
                "id", filter=Q(status=Deviation.Status.SENT, answer_due__lt=today)
            ),
            answered_late=Count(
                "id",
                filter=Q(
                    answered_at__isnull=False, answered_at__date__gt=F("answer_due")
                ),
            ),
        )
        .order_by()
    )
    parties = {
        party["pk"]: party
        for party in Party.objects.filter(
            pk__in={p["reporting_party"] for p in pairs}
            | {p["concerned_party"] for p in pairs}
        ).values("pk", "name", "subregion__name")
    }
    no_subregion = _("Ingen delregion")

    def summed(key: Callable[[dict], str]) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for pair in pairs:
            counts[key(pair)] = counts.get(key(pair), 0) + pair["n"]
        return sorted(counts.items(), key=lambda row: (-row[1], row[0]))

    def subregion(pair: dict) -> str:
        reporting = parties[pair["reporting_party"]]["subregion__name"]
        concerned = parties[pair["concerned_party"]]["subregion__name"]
        return reporting or concerned or no_subregion

    by_category = sorted(
        ((str(categories[key]), n) for key, n in summed(lambda pair: pair["category"])),
        key=lambda row: -row[1],
    )
    totals = {
        name: sum(pair[name] for pair in pairs)
        for name in ("n", "answered", "overdue_open", "answered_late")
    }
    median, p90 = _percentiles(
        queryset.filter(answered_at__isnull=False), totals["answered"], (50, 90)
    )
    statistics = Statistics(
        total=totals["n"],
        by_month=by_month,
        by_quarter=list(quarters.items()),
        by_category=by_category,
        by_reporting_party=summed(
            lambda pair: parties[pair["reporting_party"]]["name"]
        ),
        by_concerned_party=summed(
            lambda pair: parties[pair["concerned_party"]]["name"]
        ),
        by_subregion=summed(subregion),
        answered=totals["answered"],
        median_days=median,
        p90_days=p90,
        overdue_open=totals["overdue_open"],
        answered_late=totals["answered_late"],
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
