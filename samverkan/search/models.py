"""The search index: one entry per thing a user can find.

An entry holds the text to search and show, and the record whose visibility
decides who may find it (`owner`, `owner_id`): a matter, a meeting (its agenda),
a meeting's minutes, a deviation, an agreement, or nothing (public). Who may
see the owner is asked of `accounts.permissions` at query time, so a change of
visibility needs no reindexing. The full-text columns are added by a migration
for each database: an FTS5 table on SQLite, a tsvector with a GIN index on
PostgreSQL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MATTER = "matter", _("Ärende")
    ITEM = "item", _("Punkt på dagordningen")
    MINUTES = "minutes", _("Anteckningar och utfall")
    FOLLOW_UP = "follow_up", _("Återkoppling och uppdrag")
    DEVIATION = "deviation", _("Avvikelse")
    DOCUMENT = "document", _("Dokument")
    PERSON = "person", _("Person")
    BODY = "body", _("Organ")


class Owner(models.TextChoices):
    PUBLIC = "public", _("Offentlig")
    MATTER = "matter", _("Ärende")
    MEETING = "meeting", _("Möte")
    MINUTES = "minutes", _("Anteckningar")
    DEVIATION = "deviation", _("Avvikelse")
    AGREEMENT = "agreement", _("Avtal")


class SearchEntry(models.Model):
    # "matter:12", "minutes:7", "document:3@matter:12": one per thing found.
    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    owner = models.CharField(max_length=20, choices=Owner.choices)
    owner_id = models.BigIntegerField(null=True)
    # Filters: ",4,9," so that a body or party is looked up as ",4,".
    bodies = models.CharField(max_length=500, blank=True)
    parties = models.CharField(max_length=2000, blank=True)
    year = models.PositiveSmallIntegerField(null=True)
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    # The folded words (samverkan.search.text.terms) PostgreSQL stems.
    title_terms = models.TextField(blank=True)
    text_terms = models.TextField(blank=True)

    class Meta:
        # No index on the owner: a search starts from the full-text index and
        # checks the owner of what matches; an owner index only tempted
        # PostgreSQL to read the ids of half the entries first.
        indexes = [
            # Filters by type and year.
            models.Index(fields=["kind", "year"], name="search_kind_year"),
        ]

    def __str__(self) -> str:
        return self.key
