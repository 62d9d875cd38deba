"""What happened that a user should know of, and how each user wants to hear it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    AGENDA_SENT = "agenda_sent", _("Dagordning utskickad")
    MINUTES_PUBLISHED = "minutes_published", _("Minnesanteckningar publicerade")
    MATTER_STATUS = "matter_status", _("Ärende har bytt status")
    DEVIATION_TO_ANSWER = "deviation_to_answer", _("Avvikelse att besvara")
    DEVIATION_OVERDUE = "deviation_overdue", _("Avvikelse utan svar i tid")
    FOLLOW_UP_DUE = "follow_up_due", _("Återkoppling att lämna")
    ASSIGNMENT_DUE = "assignment_due", _("Uppdrag som ska vara klart")


class Delivery(models.TextChoices):
    NONE = "none", _("Ingen e-post")
    IMMEDIATE = "immediate", _("E-post direkt")
    DIGEST = "digest", _("Daglig sammanfattning")


# What a user gets before choosing: urgent work at once, news once a day.
DEFAULT_DELIVERY = {
    Kind.AGENDA_SENT: Delivery.DIGEST,
    Kind.MINUTES_PUBLISHED: Delivery.DIGEST,
    Kind.MATTER_STATUS: Delivery.DIGEST,
    Kind.DEVIATION_TO_ANSWER: Delivery.IMMEDIATE,
    Kind.DEVIATION_OVERDUE: Delivery.IMMEDIATE,
    Kind.FOLLOW_UP_DUE: Delivery.DIGEST,
    Kind.ASSIGNMENT_DUE: Delivery.IMMEDIATE,
}


class Preference(models.Model):
    """One user's choice for one kind; without a row the default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("användare"),
    )
    kind = models.CharField(_("händelse"), max_length=30, choices=Kind.choices)
    in_app = models.BooleanField(_("visa i Samverkan"), default=True)
    email = models.CharField(
        _("e-post"), max_length=10, choices=Delivery.choices, default=Delivery.DIGEST
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notification_preference_once"
            )
        ]
        verbose_name = _("notisinställning")
        verbose_name_plural = _("notisinställningar")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"


class EmailState(models.TextChoices):
    NOT_WANTED = "not_wanted", _("Ingen e-post")
    PENDING = "pending", _("Väntar")
    SENT = "sent", _("Skickad")
    FAILED = "failed", _("Misslyckades")


class Notification(models.Model):
    """A message to one user: listed in the app, e-mailed as the user chose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("användare"),
    )
    kind = models.CharField(_("händelse"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("adress"), max_length=500, blank=True)
    # Repeated reminders of the same thing carry the same key and arrive once.
    key = models.CharField(_("nyckel"), max_length=200, blank=True)
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    in_app = models.BooleanField(_("visas i Samverkan"), default=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    delivery = models.CharField(
        _("e-post"), max_length=10, choices=Delivery.choices, default=Delivery.NONE
    )
    email_state = models.CharField(
        _("e-poststatus"),
        max_length=12,
        choices=EmailState.choices,
        default=EmailState.NOT_WANTED,
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)
    emailed_at = models.DateTimeField(_("e-post skickad"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(
                fields=["email_state", "delivery"], name="notification_outbox"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~Q(key=""),
                name="notification_key_once",
            )
        ]
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")

    def __str__(self) -> str:
        return self.title
