"""The health-care agreement and its follow-up: goals, indicators, measurements
and economic consequences for each party."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.documents.models import Document
from samverkan.organisation.models import Party, Structure, SubRegion, Timestamped


class Agreement(Timestamped):
    structure = models.ForeignKey(
        Structure, models.PROTECT, related_name="agreements", verbose_name=_("struktur")
    )
    name = models.CharField(_("namn"), max_length=300)
    short_name = models.CharField(_("kortnamn"), max_length=50)
    slug = models.SlugField(_("adressnamn"), max_length=80)
    description = models.TextField(_("beskrivning"), blank=True)
    start = models.DateField(_("gäller från"))
    end = models.DateField(_("gäller till"), null=True, blank=True)
    documents = models.ManyToManyField(
        Document,
        blank=True,
        related_name="agreements",
        verbose_name=_("versioner och bilagor"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("avtal")
        verbose_name_plural = _("avtal")
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "slug"], name="unique_agreement_slug"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="agreement_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agreement:dashboard", args=[self.structure.slug, self.slug])


class FocusArea(models.Model):
    class Kind(models.TextChoices):
        IMPLEMENTATION = "implementation", _("Implementering")
        MANAGEMENT = "management", _("Förvaltning")
        DEVELOPMENT = "development", _("Utveckling")
        FOLLOW_UP = "follow_up", _("Uppföljning och utvärdering")
        EHEALTH = "ehealth", _("E-hälsa")
        COMPETENCE = "competence", _("Kompetens")

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="focus_areas")
    kind = models.CharField(_("område"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "position"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind"], name="unique_focus_area"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Goal(Timestamped):
    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="goals")
    focus_area = models.ForeignKey(
        FocusArea, models.SET_NULL, null=True, blank=True, related_name="goals"
    )
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    # Assignments from meetings that report on the goal (e.g. the follow-up
    # of the agreement CS gave in December 2023).
    assignments = models.ManyToManyField(
        "meetings.Assignment",
        blank=True,
        related_name="goals",
        verbose_name=_("uppdrag"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "position", "title"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.title


class Indicator(Timestamped):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("Högre är bättre")
        LOWER = "lower", _("Lägre är bättre")

    class Frequency(models.TextChoices):
        YEAR = "year", _("År")
        QUARTER = "quarter", _("Kvartal")
        MONTH = "month", _("Månad")

    class Breakdown(models.TextChoices):
        STRUCTURE = "structure", _("Hela strukturen")
        SUBREGION = "subregion", _("Delregion")
        MUNICIPALITY = "municipality", _("Kommun")
        REGION_UNIT = "region_unit", _("Regionens enhet")

    goal = models.ForeignKey(Goal, models.CASCADE, related_name="indicators")
    code = models.SlugField(
        _("kod"), max_length=50, help_text=_("Används i importfiler, t.ex. sip-andel.")
    )
    name = models.CharField(_("namn"), max_length=300)
    definition = models.TextField(_("definition"))
    unit = models.CharField(
        _("enhet"), max_length=30, help_text=_("T.ex. %, dagar, antal.")
    )
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices
    )
    target = models.DecimalField(
        _("målvärde"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("källa"), max_length=300, blank=True)
    frequency = models.CharField(
        _("frekvens"), max_length=10, choices=Frequency.choices, default=Frequency.YEAR
    )
    breakdown = models.CharField(
        _("nedbrytning"),
        max_length=20,
        choices=Breakdown.choices,
        default=Breakdown.MUNICIPALITY,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "code"], name="unique_indicator_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def meets_target(self, value: float) -> bool | None:
        if self.target is None:
            return None
        target = float(self.target)
        return (
            value >= target
            if self.direction == self.Direction.HIGHER
            else value <= target
        )


PERIOD_PATTERNS = {
    Indicator.Frequency.YEAR: re.compile(r"^(\d{4})$"),
    Indicator.Frequency.QUARTER: re.compile(r"^(\d{4})-K([1-4])$"),
    Indicator.Frequency.MONTH: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}


def period_start(frequency: str, period: str) -> dt.date | None:
    """Return the first day of `period` ('2024', '2024-K2', '2024-05'), or None if malformed."""
    match = PERIOD_PATTERNS[frequency].match(period.strip())
    if not match or not 1900 <= int(match.group(1)) <= 2200:
        return None
    year = int(match.group(1))
    if frequency == Indicator.Frequency.YEAR:
        return dt.date(year, 1, 1)
    if frequency == Indicator.Frequency.QUARTER:
        return dt.date(year, (int(match.group(2)) - 1) * 3 + 1, 1)
    return dt.date(year, int(match.group(2)), 1)


class Measurement(models.Model):
    """A value of an indicator for one period and unit. Revisions keep the earlier value."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="measurements"
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    party = models.ForeignKey(
        Party,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
    )
    subregion = models.ForeignKey(
        SubRegion,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delregion"),
    )
    region_unit = models.CharField(_("regionens enhet"), max_length=200, blank=True)
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=2)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    is_current = models.BooleanField(default=True)
    replaces = models.OneToOneField(
        "self", models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("mätvärde")
        verbose_name_plural = _("mätvärden")
        indexes = [
            # Dashboards: the current values of one indicator by period.
            models.Index(
                fields=["indicator", "is_current", "period_start"],
                name="measurement_series",
            ),
        ]
        # One current value per indicator, period and unit (the unit is a
        # municipality, a sub-region, or a region unit / the whole structure).
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "party"],
                condition=Q(is_current=True, party__isnull=False),
                name="one_current_value_per_party",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "subregion"],
                condition=Q(is_current=True, subregion__isnull=False),
                name="one_current_value_per_subregion",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "region_unit"],
                condition=Q(
                    is_current=True, party__isnull=True, subregion__isnull=True
                ),
                name="one_current_value_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} {self.unit_label}: {self.value}"

    @property
    def unit_label(self) -> str:
        if self.party_id:
            return self.party.name
        if self.subregion_id:
            return self.subregion.name
        return self.region_unit or str(_("Hela strukturen"))


class EconomicItem(Timestamped):
    """A cost or revenue for one party and year under the agreement (SEK)."""

    class Kind(models.TextChoices):
        COST = "cost", _("Kostnad")
        REVENUE = "revenue", _("Intäkt")

    class Category(models.TextChoices):
        STAFF = "staff", _("Personal")
        IT = "it", _("IT")
        AIDS = "aids", _("Hjälpmedel")
        REIMBURSEMENT = "reimbursement", _("Ersättning")
        OTHER = "other", _("Övrigt")

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="economy")
    party = models.ForeignKey(
        Party, models.PROTECT, related_name="+", verbose_name=_("part")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    amount_sek = models.DecimalField(_("belopp (kr)"), max_digits=14, decimal_places=0)
    description = models.CharField(_("beskrivning"), max_length=300)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "party__name"]
        verbose_name = _("ekonomisk konsekvens")
        verbose_name_plural = _("ekonomiska konsekvenser")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_sek__gte=0), name="economic_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.year}: {self.get_kind_display()} {self.amount_sek}"

    @property
    def signed_amount(self) -> int:
        return (
            int(self.amount_sek)
            if self.kind == self.Kind.REVENUE
            else -int(self.amount_sek)
        )
