"""Every write to matters: registration, workflow, routing, analysis, uptake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.documents import services as documents
from samverkan.documents.files import identify
from samverkan.lib.errors import DomainError, PreconditionFailed, TransitionNotAllowed
from samverkan.notifications.services import announce
from samverkan.organisation.composition import side_name
from samverkan.organisation.models import Body, Party, Person, Side

from .models import (
    ConsequenceAnalysis,
    CrossReference,
    EconomicEffect,
    Matter,
    MatterEvent,
    Recommendation,
    RegistryCounter,
    Uptake,
)
from .tasks import send_receipt

Status = Matter.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset(
        {Status.IN_PREPARATION, Status.SENT_BACK, Status.DISMISSED}
    ),
    Status.IN_PREPARATION: frozenset(
        {Status.READY, Status.SENT_BACK, Status.DISMISSED}
    ),
    Status.READY: frozenset({Status.ON_AGENDA, Status.IN_PREPARATION}),
    Status.ON_AGENDA: frozenset({Status.TREATED, Status.READY, Status.SENT_BACK}),
    Status.TREATED: frozenset({Status.FOLLOWING_UP, Status.CLOSED}),
    Status.FOLLOWING_UP: frozenset({Status.CLOSED}),
    Status.SENT_BACK: frozenset({Status.IN_PREPARATION, Status.DISMISSED}),
    Status.CLOSED: frozenset(),
    Status.DISMISSED: frozenset(),
    Status.ROUTED: frozenset(),
}
NEEDS_REASON = frozenset({Status.SENT_BACK, Status.DISMISSED})
ROUTABLE = frozenset({Status.RECEIVED, Status.IN_PREPARATION, Status.SENT_BACK})


def _validated(instance: object) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def next_registry_number(*, body: Body, year: int) -> int:
    """Take the next number of `body` in `year`, inside the registering transaction.

    The counter row is locked by its UPDATE until the transaction ends, so
    concurrent registrations queue and a rolled-back one gives its number back.
    """
    RegistryCounter.objects.get_or_create(body=body, year=year)
    RegistryCounter.objects.filter(body=body, year=year).update(last=F("last") + 1)
    return RegistryCounter.objects.values_list("last", flat=True).get(
        body=body, year=year
    )


@documents.files_removed_on_failure()
@transaction.atomic
def register_matter(
    *,
    body: Body,
    title: str,
    description: str,
    raised_by: Party,
    category: str,
    actor: User | None,
    contact: Person | None = None,
    visibility: str | None = None,
    affects_both_parties: bool = False,
    received_on: dt.date | None = None,
    attachments: Iterable[tuple[str, bytes]] = (),
) -> Matter:
    """Register a matter in `body` with the next registry number, e.g. CS 2024/7.

    `attachments` are (filename, content) pairs; a refused file refuses the
    whole registration.
    """
    attachments = list(attachments)
    for filename, content in attachments:
        identify(filename, content)
    if raised_by.structure_id != body.structure_id:
        raise DomainError(_("Parten hör till en annan samverkansstruktur än organet."))
    year = (received_on or timezone.localdate()).year
    matter = Matter(
        body=body,
        year=year,
        number=1,  # replaced below, once the fields are known to be valid
        title=title,
        description=description,
        raised_by=raised_by,
        contact=contact,
        category=category,
        affects_both_parties=affects_both_parties,
        preparing_body=body.prepared_by.order_by("position").first(),
        created_by=actor,
    )
    if visibility:
        matter.visibility = visibility
    _validated_fields(matter)
    matter.number = next_registry_number(body=body, year=year)
    matter.save()
    for filename, content in attachments:
        attach_document(matter=matter, filename=filename, content=content, actor=actor)
    MatterEvent.objects.create(matter=matter, to_status=matter.status, actor=actor)
    transaction.on_commit(lambda: send_receipt.enqueue(matter.pk))
    return matter


@transaction.atomic
def attach_document(
    *,
    matter: Matter,
    filename: str,
    content: bytes,
    actor: User | None,
    title: str = "",
) -> None:
    """Attach a file; one named like an attached document becomes its new version."""
    existing = matter.documents.filter(versions__filename=filename).first()
    if existing:
        documents.add_version(
            document=existing, filename=filename, content=content, actor=actor
        )
    else:
        document = documents.create_document(
            title=title or filename, filename=filename, content=content, actor=actor
        )
        matter.documents.add(document)


def _validated_fields(matter: Matter) -> None:
    try:
        matter.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


@transaction.atomic
def transition_matter(
    *, matter: Matter, to: str, actor: User | None, note: str = ""
) -> MatterEvent:
    """Move `matter` to status `to`, or raise TransitionNotAllowed."""
    locked = Matter.objects.select_for_update().get(pk=matter.pk)
    current = Status(locked.status)
    target = Status(to)
    if target not in TRANSITIONS[current]:
        raise TransitionNotAllowed(
            _("Ett ärende med status ”%(from)s” kan inte gå till ”%(to)s”.")
            % {"from": current.label, "to": target.label}
        )
    if target in NEEDS_REASON and not note.strip():
        raise PreconditionFailed(
            _("Ange ett skäl när ärendet %(to)s.") % {"to": target.label.lower()}
        )
    if target == Status.READY:
        _require_analyses(locked)
    locked.status = target
    locked._history_user = actor
    locked.save(update_fields=["status", "modified"])
    matter.status, matter.modified = locked.status, locked.modified
    event = MatterEvent.objects.create(
        matter=locked, from_status=current, to_status=target, actor=actor, note=note
    )
    announce("matter_status", event.pk, actor)
    return event


EDITABLE = frozenset(
    {"title", "description", "category", "visibility", "affects_both_parties"}
)
FINAL = frozenset({Status.CLOSED, Status.DISMISSED, Status.ROUTED})


@transaction.atomic
def update_matter(*, matter: Matter, actor: User | None, **changes: object) -> Matter:
    """Correct the registration details of `matter`: title, text, category ….

    A closed, dismissed or routed matter stays as it was; a matter already
    ready for treatment cannot start to affect both parties without both
    consequence analyses.
    """
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if matter.status in FINAL:
        raise TransitionNotAllowed(
            _("Ett ärende med status ”%(status)s” kan inte ändras.")
            % {"status": matter.get_status_display()}
        )
    for name, value in changes.items():
        setattr(matter, name, value)
    if matter.status in (Status.READY, Status.ON_AGENDA):
        _require_analyses(matter)
    _validated_fields(matter)
    matter._history_user = actor
    matter.save(update_fields=[*changes, "modified"])
    return matter


def missing_analyses(matter: Matter) -> list[Side]:
    """Return the sides whose consequence analysis is still missing."""
    if not matter.affects_both_parties:
        return []
    done = set(matter.analyses.filter(completed=True).values_list("side", flat=True))
    return [side for side in Side if side not in done]


def _require_analyses(matter: Matter) -> None:
    missing = missing_analyses(matter)
    if missing:
        raise PreconditionFailed(
            _(
                "Ärendet påverkar båda parter och kan inte bli klart för behandling "
                "förrän konsekvensanalysen är klar för %(sides)s."
            )
            % {"sides": _(" och ").join(side_name(side) for side in missing)}
        )


@transaction.atomic
def route_matter(
    *, matter: Matter, to_body: Body, actor: User | None, reason: str
) -> Matter:
    """Hand `matter` over to another body; return the receiving body's new matter."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if not reason.strip():
        raise PreconditionFailed(_("Ange varför ärendet överlämnas."))
    if to_body.pk == matter.body_id:
        raise DomainError(
            _("Ärendet ligger redan hos %(body)s.") % {"body": to_body.short_name}
        )
    if to_body.structure_id != matter.body.structure_id:
        raise DomainError(_("Organet hör till en annan samverkansstruktur."))
    if matter.status not in ROUTABLE:
        raise TransitionNotAllowed(
            _("Ett ärende med status ”%(status)s” kan inte överlämnas.")
            % {"status": matter.get_status_display()}
        )
    successor = register_matter(
        body=to_body,
        title=matter.title,
        description=matter.description,
        raised_by=matter.raised_by,
        category=matter.category,
        contact=matter.contact,
        visibility=matter.visibility,
        affects_both_parties=matter.affects_both_parties,
        actor=actor,
    )
    note = _("Överlämnat från %(number)s: %(reason)s") % {
        "number": matter.registry_number,
        "reason": reason,
    }
    MatterEvent.objects.filter(matter=successor).update(note=note)
    # The parties' own numbers follow the matter to where it is handled now.
    matter.references.update(matter=successor)
    previous = matter.status
    matter.status = Status.ROUTED
    matter.routed_to = successor
    matter._history_user = actor
    matter.save(update_fields=["status", "routed_to", "modified"])
    MatterEvent.objects.create(
        matter=matter,
        from_status=previous,
        to_status=Status.ROUTED,
        actor=actor,
        note=_("Överlämnat till %(body)s som %(number)s: %(reason)s")
        % {"body": to_body.name, "number": successor.registry_number, "reason": reason},
    )
    return successor


@transaction.atomic
def save_analysis(
    *,
    matter: Matter,
    side: str,
    actor: User | None,
    completed: bool = False,
    economy: Iterable[tuple[Party, int, Decimal | int, str]] = (),
    **texts: str,
) -> ConsequenceAnalysis:
    """Write one side's consequence analysis with its economy per party and year."""
    analysis, _created = ConsequenceAnalysis.objects.get_or_create(
        matter=matter, side=side
    )
    for field in ("patients", "organisation", "staff", "it", "legal"):
        if field in texts:
            setattr(analysis, field, texts[field])
    analysis.completed = completed
    if completed and not any(
        getattr(analysis, f).strip() for f in ("patients", "organisation")
    ):
        raise PreconditionFailed(
            _(
                "En klar konsekvensanalys beskriver åtminstone konsekvenserna för "
                "patienter eller för verksamheten."
            )
        )
    analysis._history_user = actor
    _validated(analysis)
    analysis.save()
    analysis.economy.all().delete()
    for party, year, amount, note in economy:
        if party.structure_id != matter.body.structure_id:
            raise DomainError(_("Parten hör till en annan samverkansstruktur."))
        EconomicEffect.objects.create(
            analysis=analysis, party=party, year=year, amount_sek=amount, note=note
        )
    return analysis


@transaction.atomic
def save_preparation(
    *,
    matter: Matter,
    preparing_body: Body | None,
    preparers: Iterable[Person],
    notes: str,
    actor: User | None,
) -> Matter:
    """Assign the preparation to a body and named officials, with notes."""
    if preparing_body and preparing_body.structure_id != matter.body.structure_id:
        raise DomainError(_("Organet hör till en annan samverkansstruktur."))
    matter.preparing_body = preparing_body
    matter.preparation_notes = notes
    matter._history_user = actor
    matter.save(update_fields=["preparing_body", "preparation_notes", "modified"])
    matter.preparers.set(preparers)
    return matter


@transaction.atomic
def add_cross_reference(
    *, matter: Matter, party: Party, registry_number: str
) -> CrossReference:
    """Record the matter's number in `party`'s own case-management system."""
    reference = CrossReference(
        matter=matter, party=party, registry_number=registry_number.strip()
    )
    if CrossReference.objects.filter(
        party=party, registry_number=reference.registry_number
    ).exists():
        raise DomainError(
            _("%(party)s har redan ett ärende med diarienummer %(number)s här.")
            % {"party": party.name, "number": reference.registry_number}
        )
    _validated(reference)
    reference.save()
    return reference


@transaction.atomic
def issue_recommendation(
    *,
    matter: Matter,
    text: str,
    issued_on: dt.date,
    actor: User | None,
    answer_by: dt.date | None = None,
    parties: Iterable[Party] | None = None,
) -> Recommendation:
    """Record the body's recommendation with one uptake row per party concerned.

    By default every party of the structure that decides for itself (the
    region and each municipality) is concerned.
    """
    matter.refresh_from_db(fields=["status"])
    if matter.status not in (Status.TREATED, Status.FOLLOWING_UP):
        raise TransitionNotAllowed(
            _("En rekommendation ges först när ärendet är behandlat.")
        )
    if answer_by and answer_by < issued_on:
        raise DomainError(
            _("Svarsdatumet kan inte ligga före rekommendationens datum.")
        )
    recommendation = Recommendation(
        matter=matter, text=text, issued_on=issued_on, answer_by=answer_by
    )
    _validated(recommendation)
    recommendation.save()
    if parties is None:
        parties = matter.body.structure.parties.exclude(kind=Party.Kind.ASSOCIATION)
    Uptake.objects.bulk_create(
        [Uptake(recommendation=recommendation, party=party) for party in parties]
    )
    if matter.status == Status.TREATED:
        transition_matter(
            matter=matter,
            to=Status.FOLLOWING_UP,
            actor=actor,
            note=_("Rekommendation till parterna %(date)s.")
            % {"date": issued_on.isoformat()},
        )
    return recommendation


@transaction.atomic
def update_uptake(
    *,
    uptake: Uptake,
    status: str,
    actor: User | None,
    decided_on: dt.date | None = None,
    party_registry_number: str = "",
    decision_url: str = "",
    comment: str = "",
) -> Uptake:
    """Record a party's handling of a recommendation."""
    if status in (Uptake.Status.DECIDED, Uptake.Status.DECLINED) and not decided_on:
        raise PreconditionFailed(_("Ange datumet för partens beslut."))
    if decided_on and decided_on < uptake.recommendation.issued_on:
        raise DomainError(_("Beslutet kan inte vara fattat före rekommendationen."))
    uptake.status = status
    uptake.decided_on = decided_on
    uptake.party_registry_number = party_registry_number.strip()
    uptake.decision_url = decision_url.strip()
    uptake.comment = comment
    uptake._history_user = actor
    _validated(uptake)
    uptake.save()
    return uptake


REMIND_BEFORE = dt.timedelta(days=7)
REMIND_EVERY = dt.timedelta(days=7)


def uptake_contacts(party: Party, day: dt.date) -> list[str]:
    """Return the e-mail addresses of the people who currently represent `party`."""
    from samverkan.organisation.models import Membership

    return sorted(
        set(
            Membership.objects.active_on(day)
            .filter(party=party)
            .exclude(person__email="")
            .values_list("person__email", flat=True)
        )
    )


def remind_uptakes(*, today: dt.date) -> int:
    """E-mail the parties that have not answered a recommendation; return the count.

    A party is reminded a week before the answer date, then weekly while it
    has not answered. Each uptake records when it was last reminded.
    """
    from django.core.mail import send_mail

    due = (
        Uptake.objects.filter(
            status=Uptake.Status.NOT_STARTED,
            recommendation__answer_by__isnull=False,
            recommendation__answer_by__lte=today + REMIND_BEFORE,
        )
        .select_related("party", "recommendation__matter__body")
        .order_by("party__name")
    )
    sent = 0
    for uptake in due:
        if uptake.last_reminded and uptake.last_reminded > today - REMIND_EVERY:
            continue
        recipients = uptake_contacts(uptake.party, today)
        if not recipients:
            continue
        matter = uptake.recommendation.matter
        send_mail(
            _("Påminnelse: svar på rekommendation i %(number)s")
            % {"number": matter.registry_number},
            _(
                "%(body)s rekommenderade %(date)s: %(text)s\n\n%(party)s har ännu inte "
                "rapporterat sitt beslut. Svara senast %(answer_by)s i Samverkan."
            )
            % {
                "body": matter.body.name,
                "date": uptake.recommendation.issued_on.isoformat(),
                "text": uptake.recommendation.text,
                "party": uptake.party.name,
                "answer_by": uptake.recommendation.answer_by.isoformat(),
            },
            None,
            recipients,
        )
        Uptake.objects.filter(pk=uptake.pk).update(last_reminded=today)
        sent += 1
    return sent
