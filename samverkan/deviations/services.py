"""Every write to deviations and disputes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.documents import services as documents
from samverkan.documents.files import extract_text, identify
from samverkan.lib.dates import deadline
from samverkan.lib.errors import (
    DomainError,
    PersonalIdentityFound,
    PreconditionFailed,
    TransitionNotAllowed,
)
from samverkan.lib.identity import find_identity_numbers
from samverkan.matters import services as matters
from samverkan.matters.models import Matter
from samverkan.notifications.services import announce
from samverkan.organisation.models import Body, Party, Side, Structure

from .models import Deviation, DeviationEvent, Dispute, DisputePosition, DisputeResponse

Status = Deviation.Status
Level = Body.Level
NEXT_LEVEL = {Level.LOCAL: Level.SUBREGIONAL, Level.SUBREGIONAL: Level.CENTRAL}


def guard_identity(
    *, texts: dict[str, str], attachments: Iterable[tuple[str, bytes]] = ()
) -> None:
    """Refuse text or files that hold a personnummer or samordningsnummer.

    `texts` maps a field's label to its text. The message says where each
    number stands, masked, so the reporter can find and remove it.
    """
    places = []
    for label, text in texts.items():
        for hit in find_identity_numbers(text):
            places.append(
                _("fältet ”%(field)s”, rad %(line)s, tecken %(column)s (%(masked)s)")
                % {
                    "field": label,
                    "line": hit.line,
                    "column": hit.column,
                    "masked": hit.masked,
                }
            )
    for filename, content in attachments:
        kind = identify(filename, content)
        for hit in find_identity_numbers(extract_text(kind, content)):
            places.append(
                _("filen %(name)s, rad %(line)s (%(masked)s)")
                % {"name": filename, "line": hit.line, "masked": hit.masked}
            )
    if places:
        raise PersonalIdentityFound(
            _(
                "Rapporten innehåller ett personnummer eller samordningsnummer i "
                "%(places)s. Ta bort det: avvikelser får aldrig innehålla patientens "
                "identitet. Ingenting har sparats."
            )
            % {"places": "; ".join(places)}
        )


def _validated(instance: object) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def _event(deviation: Deviation, actor: User | None, note: str = "") -> DeviationEvent:
    return DeviationEvent.objects.create(
        deviation=deviation,
        to_status=deviation.status,
        level=deviation.level,
        actor=actor,
        note=note,
    )


def answer_due(structure: Structure, start: dt.date) -> dt.date:
    return deadline(
        start,
        structure.deviation_answer_days,
        working_days=structure.deviation_working_days,
    )


@documents.files_removed_on_failure()
@transaction.atomic
def report_deviation(
    *,
    structure: Structure,
    reporting_party: Party,
    reporting_unit: str,
    concerned_party: Party,
    event_date: dt.date,
    category: str,
    description: str,
    consequence: str,
    actor: User | None,
    concerned_unit: str = "",
    improvement: str = "",
    attachments: Iterable[tuple[str, bytes]] = (),
    today: dt.date | None = None,
) -> Deviation:
    """Report a deviation to the concerned party; store nothing that names a patient."""
    today = today or timezone.localdate()
    attachments = list(attachments)
    guard_identity(
        texts={
            _("Rapporterande enhet"): reporting_unit,
            _("Berörd enhet"): concerned_unit,
            _("Vad hände"): description,
            _("Förslag till förbättring"): improvement,
        },
        attachments=attachments,
    )
    for party in (reporting_party, concerned_party):
        if party.structure_id != structure.pk:
            raise DomainError(
                _("%(party)s hör till en annan samverkansstruktur.")
                % {"party": party.name}
            )
    if reporting_party.side == concerned_party.side:
        raise DomainError(
            _(
                "En avvikelse gäller samverkan mellan parterna: den berörda parten "
                "ska höra "
                "till den andra sidan än den rapporterande."
            )
        )
    if event_date > today:
        raise DomainError(_("Händelsedatumet kan inte ligga i framtiden."))
    deviation = Deviation(
        structure=structure,
        reporting_party=reporting_party,
        reporting_unit=reporting_unit,
        concerned_party=concerned_party,
        concerned_unit=concerned_unit,
        event_date=event_date,
        category=category,
        description=description,
        consequence=consequence,
        improvement=improvement,
        answer_due=answer_due(structure, today),
        reported_by=actor,
    )
    _validated(deviation)
    deviation.save()
    for filename, content in attachments:
        deviation.documents.add(
            documents.create_document(
                title=filename, filename=filename, content=content, actor=actor
            )
        )
    _event(deviation, actor)
    from .tasks import notify_concerned

    transaction.on_commit(lambda: notify_concerned.enqueue(deviation.pk))
    announce("deviation_reported", deviation.pk, actor)
    return deviation


@transaction.atomic
def answer_deviation(
    *, deviation: Deviation, answer: str, actor: User | None
) -> Deviation:
    """Record the concerned party's (or the handling body's) answer."""
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    if deviation.status not in (Status.SENT, Status.ESCALATED):
        raise TransitionNotAllowed(
            _("Avvikelsen har status ”%(status)s” och kan inte besvaras.")
            % {"status": deviation.get_status_display()}
        )
    if not answer.strip():
        raise PreconditionFailed(_("Skriv ett svar."))
    guard_identity(texts={_("Svar"): answer})
    deviation.answer = answer
    deviation.answered_at = timezone.now()
    deviation.answered_by = actor
    deviation.status = Status.ANSWERED
    deviation._history_user = actor
    deviation.save()
    _event(deviation, actor)
    return deviation


@transaction.atomic
def close_deviation(
    *, deviation: Deviation, actor: User | None, note: str = ""
) -> Deviation:
    """The reporter accepts the answer and closes the deviation."""
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    if deviation.status != Status.ANSWERED:
        raise TransitionNotAllowed(_("Bara en besvarad avvikelse kan avslutas."))
    deviation.status = Status.CLOSED
    deviation.closed_at = timezone.now()
    deviation._history_user = actor
    deviation.save()
    _event(deviation, actor, note)
    return deviation


def _body_for(structure: Structure, level: str, deviation: Deviation) -> Body | None:
    bodies = Body.objects.filter(
        structure=structure, level=level, kind=Body.Kind.POLITICAL
    )
    if level == Level.SUBREGIONAL:
        municipality = next(
            (
                p
                for p in (deviation.concerned_party, deviation.reporting_party)
                if p.subregion_id
            ),
            None,
        )
        if municipality is None:
            return None
        bodies = bodies.filter(subregion_id=municipality.subregion_id)
    return bodies.order_by("position").first()


@transaction.atomic
def escalate_deviation(
    *, deviation: Deviation, actor: User | None, reason: str
) -> Deviation:
    """Lift the deviation one level: local → sub-regional body → the central body.

    At the central body the deviation becomes a matter (deviation/dispute),
    linked both ways. A level without a body of its own is passed over.
    """
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    if not reason.strip():
        raise PreconditionFailed(_("Ange varför avvikelsen lyfts."))
    overdue = (
        deviation.status == Status.SENT and deviation.answer_due < timezone.localdate()
    )
    if deviation.status not in (Status.ANSWERED, Status.ESCALATED) and not overdue:
        raise TransitionNotAllowed(
            _(
                "En avvikelse lyfts när den är besvarad, eller när svarstiden har "
                "gått ut."
            )
        )
    level, body = deviation.level, None
    while body is None:
        level = NEXT_LEVEL.get(level)
        if level is None:
            raise TransitionNotAllowed(_("Avvikelsen hanteras redan på central nivå."))
        body = _body_for(deviation.structure, level, deviation)
    deviation.level, deviation.body, deviation.status = level, body, Status.ESCALATED
    if level == Level.CENTRAL:
        deviation.matter = matters.register_matter(
            body=body,
            title=_("Avvikelse %(reference)s: %(category)s")
            % {
                "reference": deviation.reference,
                "category": deviation.get_category_display(),
            },
            description=_("%(description)s\n\nLyft av %(party)s: %(reason)s")
            % {
                "description": deviation.description,
                "party": deviation.reporting_party.name,
                "reason": reason,
            },
            raised_by=deviation.reporting_party,
            category=Matter.Category.DEVIATION,
            affects_both_parties=True,
            actor=actor,
        )
    deviation._history_user = actor
    deviation.save()
    _event(deviation, actor, reason)
    return deviation


def remind_deviations(*, today: dt.date) -> int:
    """Remind the concerned party before the answer date and weekly after it."""
    from django.core.mail import send_mail

    sent = 0
    due = Deviation.objects.filter(
        status=Status.SENT, answer_due__lte=today + dt.timedelta(days=3)
    ).select_related("concerned_party")
    for deviation in due:
        if deviation.last_reminded and deviation.last_reminded > today - dt.timedelta(
            days=7
        ):
            continue
        recipients = matters.uptake_contacts(deviation.concerned_party, today)
        if not recipients:
            continue
        late = deviation.answer_due < today
        send_mail(
            (
                _("Försenat svar: avvikelse %(reference)s")
                if late
                else _("Påminnelse: avvikelse %(reference)s")
            )
            % {"reference": deviation.reference},
            _("%(party)s ska svara på avvikelse %(reference)s senast %(due)s.")
            % {
                "party": deviation.concerned_party.name,
                "reference": deviation.reference,
                "due": deviation.answer_due.isoformat(),
            },
            None,
            recipients,
        )
        Deviation.objects.filter(pk=deviation.pk).update(last_reminded=today)
        sent += 1
    return sent


# Disputes -------------------------------------------------------------------


def central_body(structure: Structure) -> Body:
    body = (
        Body.objects.filter(
            structure=structure, level=Level.CENTRAL, kind=Body.Kind.POLITICAL
        )
        .order_by("position")
        .first()
    )
    if body is None:
        raise DomainError(
            _("Strukturen har inget centralt politiskt organ som hanterar tvister.")
        )
    return body


@transaction.atomic
def open_dispute(
    *,
    structure: Structure,
    opened_by: Party,
    question: str,
    actor: User | None,
    deviation: Deviation | None = None,
) -> Dispute:
    """Open a dispute; the central body handles it as a matter in its meetings."""
    if not question.strip():
        raise PreconditionFailed(_("Beskriv tvistefrågan."))
    guard_identity(texts={_("Tvistefråga"): question})
    if deviation is not None and hasattr(deviation, "dispute"):
        raise DomainError(_("Avvikelsen har redan en tvist."))
    matter = (
        deviation.matter
        if deviation and deviation.matter
        else matters.register_matter(
            body=central_body(structure),
            title=_("Tvist: %(question)s") % {"question": question[:200]},
            description=question,
            raised_by=opened_by,
            category=Matter.Category.DEVIATION,
            affects_both_parties=True,
            actor=actor,
        )
    )
    return Dispute.objects.create(
        structure=structure,
        opened_by=opened_by,
        question=question,
        deviation=deviation,
        matter=matter,
    )


@transaction.atomic
def write_position(
    *, dispute: Dispute, side: str, text: str, actor: User | None
) -> DisputePosition:
    """Write (or rewrite) one side's position, until the recommendation is given."""
    if dispute.status != Dispute.Status.OPEN:
        raise TransitionNotAllowed(_("Ståndpunkter skrivs innan rekommendationen ges."))
    guard_identity(texts={_("Ståndpunkt"): text})
    position, _created = DisputePosition.objects.update_or_create(
        dispute=dispute, side=side, defaults={"text": text, "written_by": actor}
    )
    return position


@transaction.atomic
def recommend(
    *, dispute: Dispute, text: str, on: dt.date, actor: User | None
) -> Dispute:
    """Record the central body's recommended solution."""
    if dispute.status != Dispute.Status.OPEN:
        raise TransitionNotAllowed(_("Tvisten har redan en rekommendation."))
    if not text.strip():
        raise PreconditionFailed(_("Skriv rekommendationen."))
    dispute.recommendation, dispute.recommended_on = text, on
    dispute.status = Dispute.Status.RECOMMENDED
    dispute._history_user = actor
    dispute.save()
    return dispute


@transaction.atomic
def respond(
    *,
    dispute: Dispute,
    side: str,
    accepted: bool,
    actor: User | None,
    comment: str = "",
) -> DisputeResponse:
    """Record one side's response; the dispute closes when both have responded."""
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.status != Dispute.Status.RECOMMENDED:
        raise TransitionNotAllowed(
            _("Parterna svarar på rekommendationen när den är given.")
        )
    if dispute.responses.filter(side=side).exists():
        raise DomainError(_("Den parten har redan svarat."))
    response = DisputeResponse.objects.create(
        dispute=dispute,
        side=side,
        accepted=accepted,
        comment=comment,
        responded_by=actor,
    )
    if set(dispute.responses.values_list("side", flat=True)) == set(Side.values):
        dispute.status = Dispute.Status.CLOSED
        dispute._history_user = actor
        dispute.save()
    return response
