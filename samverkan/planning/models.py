import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's private calendar address; a new one revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("användare"),
    )
    token = models.CharField(_("nyckel"), max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("kalendernyckel")
        verbose_name_plural = _("kalendernycklar")

    def __str__(self) -> str:
        return f"{self.user}"
