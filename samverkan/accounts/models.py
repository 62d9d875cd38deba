"""Users, the roles granted to them, invitations and external identities."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A sign-in. The person it belongs to is `Person.user` (organisation)."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        swappable = "AUTH_USER_MODEL"


class Visibility(models.TextChoices):
    """Who may see a record with content; `permissions.visible_to` applies it."""

    PUBLIC = "public", _("Offentlig")
    INTERNAL = "internal", _("Intern")
    BODY = "body", _("Organets deltagare")
    RESTRICTED = "restricted", _("Begränsad till namngivna parter")


class RoleGrantQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> RoleGrantQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


class RoleGrant(models.Model):
    """A role given to a user in a structure, and for some roles a body or party.

    Chair, vice chair, member and the like are not granted: they follow from
    the memberships of the user's person.
    """

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("administratör")
        SECRETARY = "secretary", _("sekreterare")
        OFFICIAL = "official", _("tjänsteperson (beredning)")
        PARTY_CONTACT = "party_contact", _("partskontakt")
        ANALYST = "analyst", _("analytiker")

    # Which scope each role needs beyond the structure.
    NEEDS_BODY = frozenset({Role.SECRETARY})
    NEEDS_PARTY = frozenset({Role.PARTY_CONTACT})

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="role_grants",
        verbose_name=_("användare"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    structure = models.ForeignKey(
        "organisation.Structure",
        models.CASCADE,
        related_name="role_grants",
        verbose_name=_("struktur"),
    )
    body = models.ForeignKey(
        "organisation.Body",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("organ"),
    )
    party = models.ForeignKey(
        "organisation.Party",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("part"),
    )
    start = models.DateField(_("från och med"), default=timezone.localdate)
    end = models.DateField(_("till och med"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        ordering = ["structure", "role", "start"]
        verbose_name = _("rolltilldelning")
        verbose_name_plural = _("rolltilldelningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="role_grant_end_after_start",
                violation_error_message=_(
                    "Slutdatum måste vara samma dag som eller efter startdatum."
                ),
            )
        ]

    def __str__(self) -> str:
        scope = self.body or self.party or self.structure
        return f"{self.user} – {self.get_role_display()}, {scope}"

    def clean(self) -> None:
        errors = {}
        if self.role in self.NEEDS_BODY and not self.body_id:
            errors["body"] = _("Rollen gäller ett organ; ange vilket.")
        if self.role in self.NEEDS_PARTY and not self.party_id:
            errors["party"] = _("Rollen gäller en part; ange vilken.")
        for field in ("body", "party"):
            scoped = getattr(self, field)
            if scoped is not None and scoped.structure_id != self.structure_id:
                errors[field] = _("Hör till en annan samverkansstruktur.")
        if errors:
            raise ValidationError(errors)


def hash_token(token: str) -> str:
    """Return the digest under which a secret link token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mailed link that lets a person choose a password; it expires."""

    person = models.ForeignKey(
        "organisation.Person",
        models.CASCADE,
        related_name="invitations",
        verbose_name=_("person"),
    )
    email = models.EmailField(_("e-post"))
    # Only the digest is stored: a leaked database gives no working links.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("inbjuden av"),
    )
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    expires = models.DateTimeField(_("gäller till"))
    accepted = models.DateTimeField(_("använd"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self) -> str:
        return f"{self.person} <{self.email}>"

    def is_usable(self) -> bool:
        return self.accepted is None and self.expires > timezone.now()


class ExternalIdentity(models.Model):
    """A verified identity from an OpenID Connect provider, tied to a user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="external_identities",
        verbose_name=_("användare"),
    )
    issuer = models.CharField(_("utfärdare"), max_length=300)
    subject = models.CharField(_("identitet"), max_length=300)
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used = models.DateTimeField(_("senast använd"), null=True, blank=True)

    class Meta:
        verbose_name = _("extern identitet")
        verbose_name_plural = _("externa identiteter")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="unique_external_identity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.issuer})"
