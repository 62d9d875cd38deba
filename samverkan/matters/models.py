"""Matters (ärenden): raised by a party, numbered per body and year, prepared,
treated, recommended and taken up by each party."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.accounts.models import Visibility
from samverkan.accounts.permissions import VisibilityScope
from samverkan.documents.models import Document
from samverkan.organisation.models import (
    Body,
    Party,
    Person,
    Side,
    TimelineEvent,
    Timestamped,
)


class RegistryCounter(models.Model):
    """The last registry number given in one body and year (no gaps, no repeats)."""

    body = models.ForeignKey(Body, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="unique_counter")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last}"


class Matter(Timestamped):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Inkommet")
        IN_PREPARATION = "in_preparation", _("Under beredning")
        READY = "ready", _("Klart för behandling")
        ON_AGENDA = "on_agenda", _("På dagordningen")
        TREATED = "treated", _("Behandlat")
        FOLLOWING_UP = "following_up", _("Uppföljning")
        CLOSED = "closed", _("Avslutat")
        SENT_BACK = "sent_back", _("Återremitterat")
        DISMISSED = "dismissed", _("Avvisat")
        ROUTED = "routed", _("Överlämnat till annan nivå")

    class Category(models.TextChoices):
        AGREEMENT = "agreement", _("Hälso- och sjukvårdsavtalet")
        DEVIATION = "deviation", _("Avvikelse eller tvist")
        EHEALTH = "ehealth", _("E-hälsa och informationsöverföring")
        COMPETENCE = "competence", _("Kompetensförsörjning")
        NATIONAL = "national", _("Nationella frågor")
        INFORMATION = "information", _("Informationsutbyte")
        OTHER = "other", _("Övrigt")

    body = models.ForeignKey(
        Body, models.PROTECT, related_name="matters", verbose_name=_("organ")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(
        _("löpnummer"), validators=[MinValueValidator(1)]
    )
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), help_text=_("Formaterad text."))
    raised_by = models.ForeignKey(
        Party, models.PROTECT, related_name="raised_matters", verbose_name=_("väckt av")
    )
    contact = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_for_matters",
        verbose_name=_("kontaktperson"),
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    visibility = models.CharField(
        _("synlighet"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    affects_both_parties = models.BooleanField(
        _("påverkar båda parter"),
        default=False,
        help_text=_("Kräver en konsekvensanalys för varje part före behandling."),
    )
    preparing_body = models.ForeignKey(
        Body,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepared_matters",
        verbose_name=_("beredande organ"),
    )
    preparers = models.ManyToManyField(
        Person, blank=True, related_name="preparing_matters", verbose_name=_("beredare")
    )
    preparation_notes = models.TextField(_("beredningsanteckningar"), blank=True)
    outcome = models.TextField(_("utfall"), blank=True)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="matters", verbose_name=_("dokument")
    )
    routed_to = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="routed_from",
        verbose_name=_("överlämnat till"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    visibility_scope = VisibilityScope(
        structure="body__structure", body="body", parties="raised_by"
    )

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="unique_registry_number"
            )
        ]
        indexes = [
            # The registry and list views: one body, newest first, by status.
            models.Index(fields=["body", "status"], name="matter_body_status"),
        ]

    def __str__(self) -> str:
        return f"{self.registry_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("matters:detail", args=[self.pk])

    @property
    def registry_number(self) -> str:
        return f"{self.body.short_name} {self.year}/{self.number}"

    @property
    def side(self) -> Side:
        return self.raised_by.side


class MatterEvent(TimelineEvent):
    """One step on a matter's timeline: a status change, routing or note."""

    matter = models.ForeignKey(Matter, models.CASCADE, related_name="events")
    from_status = models.CharField(
        max_length=20, choices=Matter.Status.choices, blank=True
    )
    to_status = models.CharField(max_length=20, choices=Matter.Status.choices)

    def __str__(self) -> str:
        return f"{self.matter_id}: {self.from_status} → {self.to_status}"


class ConsequenceAnalysis(Timestamped):
    """The consequences of a matter for one side, written in preparation."""

    matter = models.ForeignKey(
        Matter, models.CASCADE, related_name="analyses", verbose_name=_("ärende")
    )
    side = models.CharField(_("part"), max_length=20, choices=Side.choices)
    patients = models.TextField(_("konsekvenser för patienter"), blank=True)
    organisation = models.TextField(_("konsekvenser för verksamheten"), blank=True)
    staff = models.TextField(_("personal och kompetens"), blank=True)
    it = models.TextField(_("IT och informationsöverföring"), blank=True)
    legal = models.TextField(_("juridiska konsekvenser"), blank=True)
    completed = models.BooleanField(_("klar"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("konsekvensanalys")
        verbose_name_plural = _("konsekvensanalyser")
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "side"], name="one_analysis_per_side"
            )
        ]


class EconomicEffect(models.Model):
    """Cost (negative) or saving/revenue (positive) in SEK for one party and year."""

    analysis = models.ForeignKey(
        ConsequenceAnalysis, models.CASCADE, related_name="economy"
    )
    party = models.ForeignKey(Party, models.PROTECT, verbose_name=_("part"))
    year = models.PositiveSmallIntegerField(_("år"))
    amount_sek = models.DecimalField(_("belopp (kr)"), max_digits=14, decimal_places=0)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "party", "year"], name="one_effect_per_party_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.year}: {self.amount_sek} kr"


class CrossReference(models.Model):
    """The matter's number in a party's own case-management system."""

    matter = models.ForeignKey(Matter, models.CASCADE, related_name="references")
    party = models.ForeignKey(Party, models.PROTECT, verbose_name=_("part"))
    registry_number = models.CharField(_("partens diarienummer"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["party", "registry_number"], name="unique_party_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.registry_number}"


class Recommendation(Timestamped):
    """What the body recommends the parties to decide, from a treated matter."""

    matter = models.ForeignKey(Matter, models.CASCADE, related_name="recommendations")
    text = models.TextField(_("rekommendation"))
    issued_on = models.DateField(_("datum"))
    answer_by = models.DateField(_("svar senast"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("rekommendation")
        verbose_name_plural = _("rekommendationer")


class Uptake(Timestamped):
    """One party's handling of a recommendation in its own organisation."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ej påbörjad")
        IN_PROGRESS = "in_progress", _("Pågår")
        DECIDED = "decided", _("Beslutad")
        DECLINED = "declined", _("Avböjd")

    recommendation = models.ForeignKey(
        Recommendation, models.CASCADE, related_name="uptakes"
    )
    party = models.ForeignKey(Party, models.PROTECT, verbose_name=_("part"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    party_registry_number = models.CharField(
        _("partens diarienummer"), max_length=100, blank=True
    )
    decision_url = models.URLField(_("länk till beslutet"), blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    last_reminded = models.DateField(_("senast påmind"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party__kind", "party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "party"], name="one_uptake_per_party"
            )
        ]

    @property
    def answered(self) -> bool:
        return self.status != self.Status.NOT_STARTED
