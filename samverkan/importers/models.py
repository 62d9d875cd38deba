"""What was imported from which file, and uploads waiting to be read or confirmed."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.meetings.models import Meeting
from samverkan.organisation.models import Body, Timestamped


class Kind(models.TextChoices):
    MINUTES = "minutes", _("Minnesanteckningar")
    COMPOSITION = "composition", _("Sammansättning")


class ImportedFile(models.Model):
    """A file imported once; its checksum makes a second import create nothing."""

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    sha256 = models.CharField(_("kontrollsumma"), max_length=64)
    filename = models.CharField(_("filnamn"), max_length=255)
    body = models.ForeignKey(
        Body, models.CASCADE, related_name="+", verbose_name=_("organ")
    )
    meeting = models.ForeignKey(
        Meeting,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("möte"),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("importerad fil")
        verbose_name_plural = _("importerade filer")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "sha256"], name="import_once_per_file"
            )
        ]

    def __str__(self) -> str:
        return self.filename


class ImportBatch(Timestamped):
    """Files uploaded together on the import page, read in the background."""

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    body = models.ForeignKey(
        Body, models.CASCADE, related_name="+", verbose_name=_("organ")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+"
    )
    start = models.DateField(_("gäller från"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created:%Y-%m-%d %H:%M}"

    def _url(self, name: str, pk: int) -> str:
        return reverse(name, args=[self.body.structure.slug, self.body.slug, pk])

    def get_absolute_url(self) -> str:
        return self._url("importers:batch", self.pk)

    def progress_url(self) -> str:
        return self._url("importers:progress", self.pk)

    @property
    def reading(self) -> bool:
        return any(f.status in ImportFile.WAITING for f in self.files.all())

    @property
    def percent(self) -> int:
        files = list(self.files.all())
        if not files:
            return 100
        done = sum(f.status not in ImportFile.WAITING for f in files)
        return round(100 * done / len(files))


class ImportFile(models.Model):
    """One uploaded file: its bytes until imported, what was read, the outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Väntar på att läsas")
        READING = "reading", _("Läses")
        READY = "ready", _("Klar att granska")
        FAILED = "failed", _("Kunde inte läsas")
        DUPLICATE = "duplicate", _("Redan importerad")
        EXISTS = "exists", _("Mötet finns redan")
        IMPORTED = "imported", _("Importerad")

    WAITING = frozenset({Status.QUEUED, Status.READING})

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField(default=0)
    filename = models.CharField(_("filnamn"), max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    parsed = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    meeting = models.ForeignKey(
        Meeting, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["batch", "position"]

    def __str__(self) -> str:
        return self.filename

    def confirm_url(self) -> str:
        return self.batch._url("importers:confirm", self.pk)

    def composition_url(self) -> str:
        return self.batch._url("importers:composition", self.pk)
