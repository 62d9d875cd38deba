"""News a body publishes on its page and in its feed."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.organisation.models import Body, Timestamped


class NewsQuerySet(models.QuerySet):
    def published(self) -> "NewsQuerySet":
        return self.filter(published_at__isnull=False)


class NewsItem(Timestamped):
    """A short public notice (nyhet) from a body; a draft until published."""

    body = models.ForeignKey(
        Body, models.CASCADE, related_name="news", verbose_name=_("organ")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("text"), help_text=_("Formaterad text."))
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skriven av"),
    )
    history = HistoricalRecords()

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created"]
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publishing:news", args=[self.pk])
