"""What OParl clients must learn was removed: tombstones of public objects."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The OParl object types Samverkan serves from its records."""

    ORGANIZATION = "organization", "Organization"
    PERSON = "person", "Person"
    MEMBERSHIP = "membership", "Membership"
    MEETING = "meeting", "Meeting"
    AGENDA_ITEM = "agendaitem", "AgendaItem"
    PAPER = "paper", "Paper"
    CONSULTATION = "consultation", "Consultation"
    FILE = "file", "File"
    LOCATION = "location", "Location"


class Tombstone(models.Model):
    """A public object that was deleted or stopped being public.

    Lists keep serving it as `deleted: true`, so a client that synchronises
    with `modified_since` removes its copy. The structure is a plain id: the
    tombstones of a deleted structure must outlive it within the deletion.
    """

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("objekt"))
    structure_id = models.PositiveBigIntegerField(_("samverkansstruktur"))
    created = models.DateTimeField(_("skapad"))
    deleted = models.DateTimeField(_("borttagen"))

    class Meta:
        verbose_name = _("borttaget objekt")
        verbose_name_plural = _("borttagna objekt")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "structure_id"], name="one_tombstone"
            )
        ]
        indexes = [
            # A list page: one structure and type, changed since a time.
            models.Index(
                fields=["structure_id", "kind", "deleted"], name="tombstone_list"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
