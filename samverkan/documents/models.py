"""Documents with versions: a new upload never replaces the old file."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def version_path(version: "DocumentVersion", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"documents/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    title = models.CharField(_("titel"), max_length=300)
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    modified = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> "DocumentVersion | None":
        versions = list(self.versions.all())
        return versions[-1] if versions else None


class DocumentVersion(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"
        ODT = "odt", "OpenDocument (ODT)"

    document = models.ForeignKey(Document, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fil"), upload_to=version_path, max_length=300)
    filename = models.CharField(_("filnamn"), max_length=255)
    kind = models.CharField(_("filtyp"), max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    text = models.TextField(_("text"), blank=True)
    text_extracted = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded = models.DateTimeField(_("uppladdad"), auto_now_add=True)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("dokumentversion")
        verbose_name_plural = _("dokumentversioner")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
