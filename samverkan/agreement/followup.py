"""What the follow-up shows: series, comparisons, sentences and the economy.

Everything is computed from one query per agreement, so a dashboard costs
the same whatever the number of municipalities and periods.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from samverkan.organisation.models import Party, Side

from .models import Agreement, EconomicItem, Indicator, Measurement


@dataclass
class Period:
    period: str
    values: dict[str, float] = field(default_factory=dict)  # unit label -> value

    @property
    def mean(self) -> float | None:
        return (
            round(sum(self.values.values()) / len(self.values), 2)
            if self.values
            else None
        )


@dataclass
class IndicatorView:
    indicator: Indicator
    periods: list[Period]
    subregion_of: dict[str, str]

    @property
    def latest(self) -> Period | None:
        return self.periods[-1] if self.periods else None

    @property
    def previous(self) -> Period | None:
        return self.periods[-2] if len(self.periods) > 1 else None

    def meeting(self, period: Period) -> int:
        return sum(1 for v in period.values.values() if self.indicator.meets_target(v))

    def trend(self) -> list[tuple[str, float]]:
        return [(p.period, p.mean) for p in self.periods if p.mean is not None]

    def comparison(self) -> list[tuple[str, float]]:
        """Return the latest value of each unit, best first."""
        if not self.latest:
            return []
        higher = self.indicator.direction == Indicator.Direction.HIGHER
        return sorted(
            self.latest.values.items(),
            key=lambda kv: (-kv[1] if higher else kv[1], kv[0]),
        )

    def by_subregion(self) -> list[tuple[str, float]]:
        """Return the mean of the latest values per sub-region (municipal indicators)."""
        if (
            not self.latest
            or self.indicator.breakdown != Indicator.Breakdown.MUNICIPALITY
        ):
            return []
        groups: dict[str, list[float]] = defaultdict(list)
        for unit, value in self.latest.values.items():
            groups[self.subregion_of.get(unit, _("Ingen delregion"))].append(value)
        return sorted((name, round(sum(v) / len(v), 2)) for name, v in groups.items())

    def sentence(self) -> str:
        return indicator_sentence(self)


UNIT_NOUNS = {
    Indicator.Breakdown.MUNICIPALITY: (
        gettext_noop("kommun"),
        gettext_noop("kommuner"),
    ),
    Indicator.Breakdown.SUBREGION: (
        gettext_noop("delregion"),
        gettext_noop("delregioner"),
    ),
    Indicator.Breakdown.REGION_UNIT: (gettext_noop("enhet"), gettext_noop("enheter")),
}


def _number(value: float) -> str:
    return number_format(
        Decimal(str(value)).normalize(), decimal_pos=None, force_grouping=True
    )


def indicator_sentence(view: IndicatorView) -> str:
    """Describe the latest period against the target and the period before."""
    indicator, latest, previous = view.indicator, view.latest, view.previous
    if latest is None:
        return _("Inga värden än.")
    if indicator.breakdown == Indicator.Breakdown.STRUCTURE:
        return _structure_sentence(view)
    if indicator.target is None:
        return _("Medelvärdet %(period)s är %(value)s %(unit)s.") % {
            "period": latest.period,
            "value": _number(latest.mean),
            "unit": indicator.unit,
        }
    meeting, total = view.meeting(latest), len(latest.values)
    singular, plural = UNIT_NOUNS[indicator.breakdown]
    text = ngettext(
        "%(meeting)s av %(total)s %(noun)s når målet",
        "%(meeting)s av %(total)s %(noun)s når målet",
        total,
    ) % {
        "meeting": meeting,
        "total": total,
        "noun": _(plural) if total != 1 else _(singular),
    }
    if previous is None:
        return _("%(text)s %(period)s.") % {"text": text, "period": latest.period}
    difference = meeting - view.meeting(previous)
    if difference > 0:
        change = _("%(count)s fler än %(period)s") % {
            "count": difference,
            "period": previous.period,
        }
    elif difference < 0:
        change = _("%(count)s färre än %(period)s") % {
            "count": -difference,
            "period": previous.period,
        }
    else:
        change = _("lika många som %(period)s") % {"period": previous.period}
    return _("%(text)s %(period)s, %(change)s.") % {
        "text": text,
        "period": latest.period,
        "change": change,
    }


def _structure_sentence(view: IndicatorView) -> str:
    indicator, latest, previous = view.indicator, view.latest, view.previous
    value = latest.mean
    parts = [
        _("Värdet %(period)s är %(value)s %(unit)s")
        % {
            "period": latest.period,
            "value": _number(value),
            "unit": indicator.unit,
        }
    ]
    if previous is not None:
        change = round(value - previous.mean, 2)
        better = (
            change > 0
            if indicator.direction == Indicator.Direction.HIGHER
            else change < 0
        )
        if change == 0:
            parts.append(_("oförändrat sedan %(period)s") % {"period": previous.period})
        else:
            parts.append(
                (
                    _("%(change)s bättre än %(period)s")
                    if better
                    else _("%(change)s sämre än %(period)s")
                )
                % {"change": _number(abs(change)), "period": previous.period}
            )
    if indicator.target is not None:
        reached = indicator.meets_target(value)
        parts.append(
            (
                _("målet %(target)s är nått")
                if reached
                else _("målet %(target)s är inte nått")
            )
            % {"target": _number(float(indicator.target))}
        )
    return ", ".join(parts) + "."


def agreement_views(
    agreement: Agreement, *, first: str = "", last: str = "", unit: str = ""
) -> dict[int, list[IndicatorView]]:
    """Return the indicator views of every goal, keyed by goal id (one query)."""
    indicators = list(
        Indicator.objects.filter(goal__agreement=agreement).order_by("goal", "name")
    )
    measurements = (
        Measurement.objects.filter(indicator__in=indicators, is_current=True)
        .select_related("party__subregion", "subregion")
        .order_by("period_start")
    )
    if first:
        measurements = measurements.filter(period__gte=first)
    if last:
        measurements = measurements.filter(period__lte=last + "\uffff")
    periods: dict[int, dict[str, Period]] = defaultdict(dict)
    subregion_of: dict[str, str] = {}
    for m in measurements:
        label = m.unit_label
        if (
            unit
            and label != unit
            and (not m.party or not m.party.subregion or m.party.subregion.name != unit)
        ):
            continue
        if m.party and m.party.subregion:
            subregion_of[label] = m.party.subregion.name
        period = periods[m.indicator_id].setdefault(m.period, Period(m.period))
        period.values[label] = float(m.value)
    views: dict[int, list[IndicatorView]] = defaultdict(list)
    for indicator in indicators:
        series = list(periods[indicator.pk].values())
        views[indicator.goal_id].append(IndicatorView(indicator, series, subregion_of))
    return views


@dataclass
class EconomyYear:
    year: int
    region: int
    municipalities: int

    @property
    def balance(self) -> int:
        """The region's net minus the municipalities' net (positive favours the region)."""
        return self.region - self.municipalities


def economy(
    agreement: Agreement,
) -> tuple[list[EconomyYear], list[tuple[str, int, int]]]:
    """Return the net per side and year, and the net per party and year (SEK)."""
    per_side: dict[int, dict[str, int]] = defaultdict(
        lambda: {Side.REGION: 0, Side.MUNICIPALITIES: 0}
    )
    per_party: dict[tuple[str, int], int] = defaultdict(int)
    for item in EconomicItem.objects.filter(agreement=agreement).select_related(
        "party"
    ):
        side = (
            Side.REGION if item.party.kind == Party.Kind.REGION else Side.MUNICIPALITIES
        )
        per_side[item.year][side] += item.signed_amount
        per_party[(item.party.name, item.year)] += item.signed_amount
    years = [
        EconomyYear(year, sides[Side.REGION], sides[Side.MUNICIPALITIES])
        for year, sides in sorted(per_side.items())
    ]
    parties = sorted((name, year, net) for (name, year), net in per_party.items())
    return years, parties
