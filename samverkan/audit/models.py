"""The security log: sign-ins, failed sign-ins, lock-outs and denials.

Changes to domain records are not here: django-simple-history keeps them,
field by field, next to each model.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One security-relevant event. Rows are only ever added."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Inloggning")
        SIGN_IN_FAILED = "sign_in_failed", _("Misslyckad inloggning")
        LOCKED_OUT = "locked_out", _("Spärrad inloggning")
        SIGNED_OUT = "signed_out", _("Utloggning")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Fel engångskod")
        PERMISSION_DENIED = "permission_denied", _("Nekad åtkomst")
        PERSON_REMOVED = "person_removed", _("Person borttagen")
        PERSON_EXPORTED = "person_exported", _("Personuppgifter exporterade")

    time = models.DateTimeField(_("tid"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("händelse"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    # What was typed at sign-in, kept also when no user matches.
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    path = models.CharField(_("adress"), max_length=500, blank=True)
    detail = models.CharField(_("detaljer"), max_length=500, blank=True)

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("logghändelse")
        verbose_name_plural = _("logghändelser")
        indexes = [
            # Throttling: recent failures for one username, newest first.
            models.Index(fields=["username", "kind", "time"], name="audit_throttle"),
            # Throttling: recent failures from one address (guessing many names).
            models.Index(
                fields=["ip_address", "kind", "time"], name="audit_throttle_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"
