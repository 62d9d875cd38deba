"""Meetings: agenda, attendance, minutes, outcomes, follow-ups and approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.accounts.models import Visibility
from samverkan.accounts.permissions import VisibilityScope
from samverkan.documents.models import Document
from samverkan.matters.models import Matter
from samverkan.organisation.models import (
    Body,
    Party,
    Person,
    Side,
    TimelineEvent,
    Timestamped,
)


class Meeting(Timestamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        AGENDA_SENT = "agenda_sent", _("Dagordning utskickad")
        HELD = "held", _("Genomfört")
        MINUTES_DRAFT = "minutes_draft", _("Anteckningar under arbete")
        MINUTES_APPROVED = "minutes_approved", _("Anteckningar justerade")
        PUBLISHED = "published", _("Publicerat")
        CANCELLED = "cancelled", _("Inställt")

    body = models.ForeignKey(
        Body, models.PROTECT, related_name="meetings", verbose_name=_("organ")
    )
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=300, blank=True)
    video_link = models.URLField(_("videolänk"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    visibility = models.CharField(
        _("synlighet"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    agenda_sent_at = models.DateTimeField(
        _("dagordningen skickad"), null=True, blank=True
    )
    agenda_changed_at = models.DateTimeField(
        _("dagordningen ändrad efter utskick"), null=True, blank=True
    )
    chair = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordförande vid mötet"),
    )
    approvers = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("justerare")
    )
    approval_due = models.DateField(_("justeras senast"), null=True, blank=True)
    approved_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    content_hash = models.CharField(
        _("kontrollsumma för justerad version"), max_length=64, blank=True
    )
    quorum_note = models.CharField(_("beslutsförhet"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["modified"])

    visibility_scope = VisibilityScope(structure="body__structure", body="body")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        indexes = [
            # A body's meetings by date, and follow-ups falling in a month.
            models.Index(fields=["body", "starts_at"], name="meeting_body_date"),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.date_label}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def date_label(self) -> str:
        return date_format(timezone.localtime(self.starts_at), "Y-m-d")

    @property
    def locked(self) -> bool:
        return self.status in (self.Status.MINUTES_APPROVED, self.Status.PUBLISHED)

    def proposals_pending(self) -> bool:
        return ChangeProposal.objects.filter(
            item__meeting=self, status=ChangeProposal.Status.PENDING
        ).exists()


class MeetingEvent(TimelineEvent):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="events")
    from_status = models.CharField(
        max_length=20, choices=Meeting.Status.choices, blank=True
    )
    to_status = models.CharField(max_length=20, choices=Meeting.Status.choices)

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.to_status}"


class AgendaItem(Timestamped):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Beslut")
        INFORMATION = "information", _("Information")
        DISCUSSION = "discussion", _("Diskussion")
        STANDING = "standing", _("Stående punkt")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Godkänns")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("Godkänns med förändringar")
        NOTED = "noted", _("Informationen noteras")
        RECOMMENDATION = "recommendation", _("Rekommendation")
        SENT_BACK = "sent_back", _("Återremitteras")
        POSTPONED = "postponed", _("Bordläggs")

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="items", verbose_name=_("möte")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=300)
    kind = models.CharField(
        _("typ"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION
    )
    description = models.TextField(
        _("beskrivning"), blank=True, help_text=_("Formaterad text.")
    )
    matter = models.ForeignKey(
        Matter,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("ärende"),
    )
    documents = models.ManyToManyField(
        Document, blank=True, related_name="agenda_items"
    )
    notes = models.TextField(
        _("anteckningar"), blank=True, help_text=_("Formaterad text.")
    )
    notes_version = models.PositiveIntegerField(default=0)
    outcome = models.CharField(
        _("utfall"), max_length=30, choices=Outcome.choices, blank=True
    )
    outcome_text = models.TextField(_("beslut eller rekommendation"), blank=True)
    changes = models.TextField(
        _("förändringar"), blank=True, help_text=_("En förändring per rad.")
    )
    immediate_approval = models.BooleanField(_("omedelbart justerad"), default=False)
    proposed_from = models.ForeignKey(
        "FollowUp",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_items",
    )
    history = HistoricalRecords(excluded_fields=["modified"])

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("punkter på dagordningen")

    def __str__(self) -> str:
        return self.title

    @property
    def change_list(self) -> list[str]:
        return [
            line.strip(" -•\t")
            for line in self.changes.splitlines()
            if line.strip(" -•\t")
        ]

    @property
    def presenter_names(self) -> str:
        return ", ".join(p.person.name for p in self.presenter_links.all())


class Presenter(models.Model):
    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="presenter_links")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="unique_presenter")
        ]

    def __str__(self) -> str:
        return self.person.name


class Attendance(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("ordförande")
        VICE_CHAIR = "vice_chair", _("vice ordförande")
        MEMBER = "member", _("ledamot")
        SUBSTITUTE = "substitute", _("ersättare")
        OFFICIAL = "official", _("tjänsteperson")
        SECRETARY = "secretary", _("sekreterare")
        GUEST = "guest", _("gäst")

    class Status(models.TextChoices):
        PRESENT = "present", _("Närvarande")
        APOLOGIES = "apologies", _("Förhinder")
        REPLACED = "replaced", _("Ersatt")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="attendance", verbose_name=_("person")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    side = models.CharField(_("part"), max_length=20, choices=Side.choices, blank=True)
    party = models.ForeignKey(
        Party,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("företräder"),
    )
    status = models.CharField(
        _("närvaro"), max_length=20, choices=Status.choices, default=Status.PRESENT
    )
    replaced_by = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ersatt av"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    MEMBER_ROLES = frozenset(
        {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.SUBSTITUTE}
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="unique_attendance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class Recusal(models.Model):
    """A member who declares a conflict of interest (jäv) takes no part in the item."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="recusals")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    note = models.CharField(_("anledning"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="unique_recusal")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.item}"


class FollowUp(Timestamped):
    """'Återkoppling till CS i april 2024': a question that must come back."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        DONE = "done", _("Återrapporterad")

    origin_item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="follow_ups"
    )
    text = models.CharField(_("återkoppling"), max_length=500)
    target_body = models.ForeignKey(
        Body, models.PROTECT, related_name="follow_ups", verbose_name=_("till organ")
    )
    target_month = models.DateField(
        _("månad"), null=True, blank=True, help_text=_("Den första dagen i månaden.")
    )
    target_meeting = models.ForeignKey(
        Meeting,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("till möte"),
    )
    responsible = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("ansvariga")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolved_item = models.ForeignKey(
        AgendaItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolves",
        verbose_name=_("återrapporterad i"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["target_month", "pk"]
        verbose_name = _("återkoppling")
        verbose_name_plural = _("återkopplingar")

    def __str__(self) -> str:
        return self.text


class Assignment(Timestamped):
    """A task given to people at a meeting (uppdrag)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ej påbörjat")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Klart")

    origin_item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="assignments"
    )
    title = models.CharField(_("uppdrag"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    owners = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("ansvariga")
    )
    due = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    return_body = models.ForeignKey(
        Body,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkommer till"),
    )
    return_meeting = models.ForeignKey(
        "Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="returning_assignments",
        verbose_name=_("återkommer till mötet"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")

    def __str__(self) -> str:
        return self.title


class Statement(Timestamped):
    """A statement entered in the minutes for an item, or a side's differing position."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", _("Protokollsanteckning")
        POSITION = "position", _("Partens ståndpunkt")

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="statements")
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    side = models.CharField(_("part"), max_length=20, choices=Side.choices, blank=True)
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class ChangeProposal(Timestamped):
    """An approver's proposed wording for an item's notes (ändringsförslag)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        ACCEPTED = "accepted", _("Godtaget")
        REJECTED = "rejected", _("Avslaget")

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey(Person, models.PROTECT, related_name="+")
    text = models.TextField(_("föreslagen lydelse"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()}"


class Signature(models.Model):
    """An approver's (or the chair's) signature of the minutes, with time."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="signatures")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_signature_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.signed_at:%Y-%m-%d %H:%M}"


class Correction(models.Model):
    """A correction of approved minutes: the reason, before and after."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="corrections")
    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="corrections")
    reason = models.TextField(_("skäl"))
    before = models.TextField()
    after = models.TextField()
    content_hash = models.CharField(max_length=64)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.item}: {self.reason[:40]}"
