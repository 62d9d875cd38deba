"""Deviations in the collaboration between the parties, and disputes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.documents.models import Document
from samverkan.matters.models import Matter
from samverkan.organisation.models import (
    Body,
    Party,
    Side,
    Structure,
    TimelineEvent,
    Timestamped,
)


class Deviation(Timestamped):
    class Category(models.TextChoices):
        INFORMATION = "information", _("Informationsöverföring och vårdplanering")
        DISCHARGE = "discharge", _("Utskrivning")
        MEDICATION = "medication", _("Läkemedel")
        HOME_CARE = "home_care", _("Hemsjukvård")
        AIDS = "aids", _("Hjälpmedel")
        COMMUNICATION = "communication", _("Kommunikation")
        OTHER = "other", _("Övrigt")

    class Consequence(models.TextChoices):
        NONE = "none", _("Ingen")
        MINOR = "minor", _("Lindrig")
        SERIOUS = "serious", _("Allvarlig")

    class Status(models.TextChoices):
        SENT = "sent", _("Skickad till berörd part")
        ANSWERED = "answered", _("Besvarad")
        CLOSED = "closed", _("Avslutad")
        ESCALATED = "escalated", _("Lyft till nästa nivå")

    structure = models.ForeignKey(
        Structure, models.PROTECT, related_name="deviations", verbose_name=_("struktur")
    )
    reporting_party = models.ForeignKey(
        Party,
        models.PROTECT,
        related_name="reported_deviations",
        verbose_name=_("rapporterande part"),
    )
    reporting_unit = models.CharField(_("rapporterande enhet"), max_length=200)
    concerned_party = models.ForeignKey(
        Party,
        models.PROTECT,
        related_name="concerning_deviations",
        verbose_name=_("berörd part"),
    )
    concerned_unit = models.CharField(_("berörd enhet"), max_length=200, blank=True)
    event_date = models.DateField(_("händelsedatum"))
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    description = models.TextField(_("vad hände"))
    consequence = models.CharField(
        _("konsekvens för patienten"), max_length=10, choices=Consequence.choices
    )
    improvement = models.TextField(_("förslag till förbättring"), blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="deviations")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    level = models.CharField(
        _("nivå"), max_length=20, choices=Body.Level.choices, default=Body.Level.LOCAL
    )
    body = models.ForeignKey(
        Body,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
        verbose_name=_("hanteras av"),
    )
    answer = models.TextField(_("svar"), blank=True)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_due = models.DateField(_("svar senast"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    matter = models.OneToOneField(
        Matter, models.SET_NULL, null=True, blank=True, related_name="deviation"
    )
    last_reminded = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("avvikelse")
        verbose_name_plural = _("avvikelser")
        indexes = [
            # Statistics: one structure over a period, grouped by month.
            models.Index(fields=["structure", "created"], name="deviation_period"),
            # Overdue answers: status = sent AND answer_due < today.
            models.Index(fields=["status", "answer_due"], name="deviation_due"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("deviations:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"AVV-{self.pk}"


class DeviationEvent(TimelineEvent):
    deviation = models.ForeignKey(Deviation, models.CASCADE, related_name="events")
    to_status = models.CharField(max_length=20, choices=Deviation.Status.choices)
    level = models.CharField(max_length=20, choices=Body.Level.choices)

    def __str__(self) -> str:
        return f"{self.deviation_id}: {self.to_status}"


class Dispute(Timestamped):
    """A disagreement between the parties on responsibility or cost."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        RECOMMENDED = "recommended", _("Rekommendation given")
        CLOSED = "closed", _("Avslutad")

    structure = models.ForeignKey(Structure, models.PROTECT, related_name="disputes")
    opened_by = models.ForeignKey(
        Party, models.PROTECT, related_name="+", verbose_name=_("öppnad av")
    )
    question = models.TextField(_("tvistefråga"))
    deviation = models.OneToOneField(
        Deviation, models.SET_NULL, null=True, blank=True, related_name="dispute"
    )
    matter = models.OneToOneField(
        Matter, models.SET_NULL, null=True, blank=True, related_name="dispute"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    recommendation = models.TextField(_("rekommendation"), blank=True)
    recommended_on = models.DateField(_("rekommendation given"), null=True, blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="disputes")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("tvist")
        verbose_name_plural = _("tvister")

    def __str__(self) -> str:
        return f"TVIST-{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("deviations:dispute", args=[self.pk])


class DisputePosition(Timestamped):
    """One side's position, written by that side."""

    dispute = models.ForeignKey(Dispute, models.CASCADE, related_name="positions")
    side = models.CharField(_("part"), max_length=20, choices=Side.choices)
    text = models.TextField(_("ståndpunkt"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dispute", "side"], name="one_position_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispute}: {self.side}"


class DisputeResponse(Timestamped):
    """One side's response to the recommendation."""

    dispute = models.ForeignKey(Dispute, models.CASCADE, related_name="responses")
    side = models.CharField(_("part"), max_length=20, choices=Side.choices)
    accepted = models.BooleanField(_("accepterar rekommendationen"))
    comment = models.TextField(_("kommentar"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dispute", "side"], name="one_response_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispute}: {self.side} {self.accepted}"
