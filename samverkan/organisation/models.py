"""Collaboration structures, parties, bodies, people and memberships."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Side(models.TextChoices):
    REGION = "region", _("Regionen")
    MUNICIPALITIES = "municipalities", _("Kommunerna")

    @property
    def other(self) -> Side:
        return Side.MUNICIPALITIES if self == Side.REGION else Side.REGION


class Timestamped(models.Model):
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    modified = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class TimelineEvent(models.Model):
    """One step on a record's timeline: who moved it, when, to what, and why.

    Subclasses add the record it belongs to and `to_status` with its choices.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class Structure(Timestamped):
    """A collaboration structure such as Vårdsamverkan Skåne: owns all below it."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=50, blank=True)
    slug = models.SlugField(_("adressnamn"), max_length=80, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    deviation_answer_days = models.PositiveSmallIntegerField(
        _("svarstid för avvikelser (dagar)"), default=28
    )
    deviation_working_days = models.BooleanField(
        _("svarstiden räknas i arbetsdagar"),
        default=False,
        help_text=_(
            "Annars kalenderdagar; en frist på en helgdag flyttas till nästa vardag."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("samverkansstruktur")
        verbose_name_plural = _("samverkansstrukturer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:structure", args=[self.slug])


class SubRegion(Timestamped):
    """A sub-region (delregion) grouping municipalities."""

    structure = models.ForeignKey(
        Structure, models.CASCADE, related_name="subregions", verbose_name=_("struktur")
    )
    name = models.CharField(_("namn"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["structure", "position", "name"]
        verbose_name = _("delregion")
        verbose_name_plural = _("delregioner")
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "name"], name="unique_subregion_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Party(Timestamped):
    """A party to the collaboration: the region, a municipality or an association."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Kommun")
        ASSOCIATION = "association", _("Kommunförbund")

    structure = models.ForeignKey(
        Structure, models.CASCADE, related_name="parties", verbose_name=_("struktur")
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("kommunkod"), max_length=10, blank=True, help_text=_("SCB:s kod, t.ex. 1280.")
    )
    subregion = models.ForeignKey(
        SubRegion,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("delregion"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["structure", "kind", "name"]
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "name"], name="unique_party_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def side(self) -> Side:
        return Side.REGION if self.kind == self.Kind.REGION else Side.MUNICIPALITIES

    def clean(self) -> None:
        if self.subregion_id and self.kind != self.Kind.MUNICIPALITY:
            raise ValidationError(
                {"subregion": _("Endast en kommun kan höra till en delregion.")}
            )
        if self.subregion_id and self.subregion.structure_id != self.structure_id:
            raise ValidationError(
                {"subregion": _("Delregionen hör till en annan samverkansstruktur.")}
            )


class Person(Timestamped):
    """A person who sits in, serves or owns a page of a body. Data kept minimal."""

    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    email = models.EmailField(_("e-post"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("användare"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:person", args=[self.pk])

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class RecordKind(models.TextChoices):
    MINUTES = "protocol", _("Protokoll")
    NOTES = "notes", _("Minnesanteckningar")


class Body(Timestamped):
    """A collaboration body (organ) with its mandate and composition rules."""

    class Level(models.TextChoices):
        CENTRAL = "central", _("Central nivå")
        SUBREGIONAL = "subregional", _("Delregional nivå")
        LOCAL = "local", _("Lokal nivå")

    class Kind(models.TextChoices):
        POLITICAL = "political", _("Politiskt organ")
        OFFICIALS = "officials", _("Tjänstemannaberedning")

    class ChairRule(models.TextChoices):
        ALTERNATING = "alternating", _("Alternerar årsvis mellan parterna")
        REGION = "region", _("Ordförande från regionen, vice från kommunerna")
        MUNICIPALITIES = (
            "municipalities",
            _("Ordförande från kommunerna, vice från regionen"),
        )
        NONE = "none", _("Ingen regel")

    structure = models.ForeignKey(
        Structure, models.CASCADE, related_name="bodies", verbose_name=_("struktur")
    )
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=50)
    slug = models.SlugField(_("adressnamn"), max_length=80)
    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnat organ"),
    )
    prepares_for = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepared_by",
        verbose_name=_("bereder ärenden för"),
    )
    subregion = models.ForeignKey(
        SubRegion,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("delregion"),
    )
    description = models.TextField(
        _("beskrivning"), blank=True, help_text=_("Inledande text, formaterad text.")
    )
    mandate = models.TextField(
        pgettext_lazy("body field", "uppdrag"),
        blank=True,
        help_text=_("Formaterad text."),
    )
    responsibilities = models.TextField(
        _("ansvar"),
        blank=True,
        help_text=_("Formaterad text; rubriker med ## blir egna avsnitt."),
    )
    is_decision_making = models.BooleanField(_("beslutande organ"), default=False)
    seats_region = models.PositiveSmallIntegerField(
        _("platser för regionen"),
        null=True,
        blank=True,
        help_text=_("Tomt betyder ingen gräns."),
    )
    seats_municipalities = models.PositiveSmallIntegerField(
        _("platser för kommunerna"),
        null=True,
        blank=True,
        help_text=_("Tomt betyder ingen gräns."),
    )
    region_appointed_by = models.CharField(
        _("utser regionens ledamöter"), max_length=200, blank=True
    )
    municipalities_appointed_by = models.CharField(
        _("utser kommunernas ledamöter"), max_length=200, blank=True
    )
    chair_rule = models.CharField(
        _("regel för ordförandeskap"),
        max_length=20,
        choices=ChairRule.choices,
        default=ChairRule.NONE,
    )
    chair_reference_year = models.PositiveSmallIntegerField(
        _("referensår för alternering"),
        null=True,
        blank=True,
        help_text=_("Ett år då ordföranden kom från parten nedan."),
    )
    chair_reference_side = models.CharField(
        _("ordförandens part referensåret"),
        max_length=20,
        choices=Side.choices,
        blank=True,
    )
    chair_term_start_month = models.PositiveSmallIntegerField(
        _("ordförandeåret börjar (månad)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 betyder att ordförandeskapet byts den 1 januari."),
    )
    page_owner = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_pages",
        verbose_name=_("sidansvarig"),
    )
    record_kind = models.CharField(
        _("mötesanteckningar"),
        max_length=20,
        choices=RecordKind.choices,
        default=RecordKind.NOTES,
        help_text=_(
            "Protokoll justeras av ordföranden och justerare; minnesanteckningar "
            "godkänns av ordföranden."
        ),
    )
    quorum_per_side = models.PositiveSmallIntegerField(
        _("minst antal närvarande per part"), default=1
    )
    quorum_majority = models.BooleanField(
        _("kräver majoritet av de besatta platserna"), default=True
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["structure", "position", "name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "slug"], name="unique_body_slug"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:body", args=[self.structure.slug, self.slug])

    def clean(self) -> None:
        errors = {}
        if self.chair_rule == self.ChairRule.ALTERNATING and not (
            self.chair_reference_year and self.chair_reference_side
        ):
            errors["chair_reference_year"] = _(
                "Ange ett referensår och ordförandens part det året när "
                "ordförandeskapet alternerar."
            )
        for field in ("parent", "prepares_for"):
            other = getattr(self, field)
            if other is None:
                continue
            if other.pk and other.pk == self.pk:
                errors[field] = _("Ett organ kan inte hänvisa till sig självt.")
            elif other.structure_id != self.structure_id:
                errors[field] = _("Organet hör till en annan samverkansstruktur.")
        if errors:
            raise ValidationError(errors)

    def seats_for(self, side: str) -> int | None:
        return self.seats_region if side == Side.REGION else self.seats_municipalities

    def chair_year_of(self, day: dt.date) -> int:
        """Return the chair year that `day` falls in (named by its starting year)."""
        return day.year if day.month >= self.chair_term_start_month else day.year - 1

    def chair_year_bounds(self, year: int) -> tuple[dt.date, dt.date]:
        start = dt.date(year, self.chair_term_start_month, 1)
        next_start = dt.date(year + 1, self.chair_term_start_month, 1)
        return start, next_start - dt.timedelta(days=1)

    def chair_side_for(self, year: int) -> Side | None:
        """Return the side the chair must come from in chair year `year`."""
        if self.chair_rule == self.ChairRule.REGION:
            return Side.REGION
        if self.chair_rule == self.ChairRule.MUNICIPALITIES:
            return Side.MUNICIPALITIES
        if self.chair_rule == self.ChairRule.ALTERNATING and self.chair_reference_year:
            reference = Side(self.chair_reference_side)
            same = (year - self.chair_reference_year) % 2 == 0
            return reference if same else reference.other
        return None


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> MembershipQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def overlapping(self, start: dt.date, end: dt.date | None) -> MembershipQuerySet:
        qs = self.filter(Q(end__isnull=True) | Q(end__gte=start))
        return qs if end is None else qs.filter(start__lte=end)


class Membership(Timestamped):
    """A person's role in a body for a period. Ended memberships are kept."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("ordförande")
        VICE_CHAIR = "vice_chair", _("vice ordförande")
        MEMBER = "member", _("ledamot")
        SUBSTITUTE = "substitute", _("ersättare")
        SECRETARY = "secretary", _("sekreterare")
        OFFICIAL = "official", _("tjänsteperson")
        CO_OPTED = "co_opted", _("adjungerad")

    SEAT_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER})

    body = models.ForeignKey(
        Body, models.CASCADE, related_name="memberships", verbose_name=_("organ")
    )
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    side = models.CharField(_("part"), max_length=20, choices=Side.choices, blank=True)
    party = models.ForeignKey(
        Party,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("företräder"),
    )
    appointed_by = models.CharField(_("utsedd av"), max_length=200, blank=True)
    start = models.DateField(_("från och med"))
    end = models.DateField(_("till och med"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        _("ordning"), default=0, help_text=_("Plats i listan över ledamöter.")
    )
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "side", "position", "start"]
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
                violation_error_message=_(
                    "Slutdatum måste vara samma dag som eller efter startdatum."
                ),
            )
        ]
        indexes = [
            # The composition of a body on a date: body = ? AND start <= day.
            models.Index(
                fields=["body", "start", "end"], name="membership_body_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body}"

    @property
    def holds_seat(self) -> bool:
        return self.role in self.SEAT_ROLES

    def is_active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def clean(self) -> None:
        # composition.py reads this module's classes; import it late.
        from .composition import membership_violations

        if not (self.body_id and self.person_id and self.start):
            return
        others = list(
            Membership.objects.filter(body_id=self.body_id)
            .exclude(pk=self.pk)
            .select_related("person", "party")
        )
        violations = membership_violations(self, others)
        if violations:
            raise ValidationError(violations)
