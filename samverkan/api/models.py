"""Personal API tokens: created and revoked by their user, stored hashed."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# What a token looks like: "svk_" + 8 characters shown in lists + the secret.
TOKEN_PREFIX = "svk_"  # noqa: S105 - a marker, not a secret


def token_digest(token: str) -> str:
    """Return the SHA-256 of a token: what the database keeps instead of the token.

    The secret is 256 random bits, so a fast hash is as safe as a slow one
    and costs nothing on each request (GitHub keeps its tokens the same way).
    """
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Läsa")
        WRITE = "write", _("Läsa och skriva")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("användare"),
    )
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(_("början av nyckeln"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        _("behörighet"), max_length=10, choices=Scope.choices, default=Scope.READ
    )
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked = models.DateTimeField(_("återkallad"), null=True, blank=True)
    # Creation and revocation, with who; each use is `last_used`, not history.
    history = HistoricalRecords(excluded_fields=["digest", "last_used"])

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE
