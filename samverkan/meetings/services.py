"""Every write to meetings: the agenda, attendance, minutes, follow-ups, approval."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.documents import services as documents
from samverkan.lib.errors import DomainError, PreconditionFailed, TransitionNotAllowed
from samverkan.matters import services as matters
from samverkan.matters.models import Matter
from samverkan.notifications.services import announce
from samverkan.organisation.models import Body, Party, Person, RecordKind

from .models import (
    AgendaItem,
    Assignment,
    Attendance,
    ChangeProposal,
    Correction,
    FollowUp,
    Meeting,
    MeetingEvent,
    Presenter,
    Recusal,
    Signature,
    Statement,
)

Status = Meeting.Status
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.AGENDA_SENT, Status.HELD, Status.CANCELLED}),
    Status.AGENDA_SENT: frozenset({Status.HELD, Status.CANCELLED}),
    Status.HELD: frozenset({Status.MINUTES_DRAFT}),
    Status.MINUTES_DRAFT: frozenset({Status.MINUTES_APPROVED}),
    Status.MINUTES_APPROVED: frozenset({Status.PUBLISHED}),
    Status.PUBLISHED: frozenset(),
    Status.CANCELLED: frozenset({Status.PLANNED}),
}
APPROVAL_DAYS = 14


class NotesConflict(DomainError):
    """Someone else saved the item's notes since this version was read."""

    status_code = 409
    code = "notes_conflict"

    def __init__(self, *, current: str, current_version: int, yours: str) -> None:
        super().__init__(
            _(
                "Någon annan har sparat anteckningarna till den här punkten medan du "
                "skrev. Båda versionerna visas nedan; ingenting har gått förlorat."
            )
        )
        self.current, self.current_version, self.yours = current, current_version, yours


def _validated(instance: object) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def _event(
    meeting: Meeting, actor: User | None, to: str, note: str = "", previous: str = ""
) -> None:
    MeetingEvent.objects.create(
        meeting=meeting, from_status=previous, to_status=to, actor=actor, note=note
    )


def _unlocked(meeting: Meeting) -> None:
    # Read the status afresh: the caller's object may predate the approval.
    locked = (Status.MINUTES_APPROVED, Status.PUBLISHED)
    if Meeting.objects.filter(pk=meeting.pk, status__in=locked).exists():
        raise TransitionNotAllowed(
            _(
                "Anteckningarna är justerade och låsta. En ändring görs som en rättelse med skäl."
            )
        )


# The meeting and its agenda -------------------------------------------------


@transaction.atomic
def create_meeting(
    *,
    body: Body,
    starts_at: dt.datetime,
    actor: User | None,
    ends_at: dt.datetime | None = None,
    place: str = "",
    video_link: str = "",
    visibility: str | None = None,
    propose: bool = True,
) -> Meeting:
    """Plan a meeting; open follow-ups due in its month are proposed as items.

    `propose=False` leaves the agenda empty: an imported meeting keeps its
    own record.
    """
    meeting = Meeting(
        body=body,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
    )
    if visibility:
        meeting.visibility = visibility
    if ends_at and ends_at < starts_at:
        raise DomainError(_("Mötet kan inte sluta innan det börjar."))
    _validated(meeting)
    meeting._history_user = actor
    meeting.save()
    _event(meeting, actor, meeting.status)
    if propose:
        propose_follow_ups(meeting=meeting, actor=actor)
    return meeting


def propose_follow_ups(*, meeting: Meeting, actor: User | None) -> list[AgendaItem]:
    """Put each open follow-up due at this meeting (or in its month) on its agenda."""
    local = timezone.localtime(meeting.starts_at).date()
    due = (
        FollowUp.objects.filter(status=FollowUp.Status.OPEN, target_body=meeting.body)
        .filter(
            Q(target_month=local.replace(day=1), target_meeting__isnull=True)
            | Q(target_meeting=meeting)
        )
        .exclude(proposed_items__meeting=meeting)
        .select_related("origin_item__meeting")
    )
    items = []
    for follow_up in due:
        items.append(
            add_item(
                meeting=meeting,
                title=_("Återkoppling: %(text)s")
                % {"text": follow_up.origin_item.title},
                kind=AgendaItem.Kind.INFORMATION,
                description=_("%(text)s (från mötet %(date)s)")
                % {
                    "text": follow_up.text,
                    "date": follow_up.origin_item.meeting.date_label,
                },
                actor=actor,
                proposed_from=follow_up,
            )
        )
    return items


@transaction.atomic
def transition_meeting(
    *, meeting: Meeting, to: str, actor: User | None, note: str = ""
) -> Meeting:
    """Move the meeting to status `to`, or raise TransitionNotAllowed."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    current, target = Status(locked.status), Status(to)
    if target not in TRANSITIONS[current]:
        raise TransitionNotAllowed(
            _("Ett möte med status ”%(from)s” kan inte gå till ”%(to)s”.")
            % {"from": current.label, "to": target.label}
        )
    if target == Status.MINUTES_APPROVED:
        raise TransitionNotAllowed(
            _("Anteckningarna justeras genom att justerarna skriver under.")
        )
    locked.status = target
    locked._history_user = actor
    locked.save()
    meeting.status = target
    _event(locked, actor, target, note, current)
    if target == Status.PUBLISHED:
        announce("minutes_published", locked.pk, actor)
    return locked


def _after_send_change(meeting: Meeting, actor: User | None, what: str) -> None:
    if meeting.agenda_sent_at:
        Meeting.objects.filter(pk=meeting.pk).update(agenda_changed_at=timezone.now())
        meeting.agenda_changed_at = timezone.now()
        _event(
            meeting,
            actor,
            meeting.status,
            _("Dagordningen ändrad efter utskick: %(what)s") % {"what": what},
        )


@transaction.atomic
def add_item(
    *,
    meeting: Meeting,
    title: str,
    actor: User | None,
    kind: str = AgendaItem.Kind.INFORMATION,
    description: str = "",
    presenters: Iterable[Person] = (),
    matter: Matter | None = None,
    proposed_from: FollowUp | None = None,
) -> AgendaItem:
    """Add an item last on the agenda; a ready matter is put on the agenda with it."""
    _unlocked(meeting)
    if not title.strip():
        raise DomainError(_("Punkten behöver en rubrik."))
    last = meeting.items.aggregate(last=Max("position"))["last"]
    item = AgendaItem(
        meeting=meeting,
        position=(last or 0) + 1,
        title=title.strip(),
        kind=kind,
        description=description,
        matter=matter,
        proposed_from=proposed_from,
    )
    _validated(item)
    item.save()
    set_presenters(item=item, presenters=presenters)
    if matter is not None:
        if matter.body_id != meeting.body_id:
            raise DomainError(_("Ärendet hör till ett annat organ."))
        matters.transition_matter(
            matter=matter,
            to=Matter.Status.ON_AGENDA,
            actor=actor,
            note=_("På dagordningen till mötet %(date)s.")
            % {"date": meeting.date_label},
        )
    _after_send_change(
        meeting, actor, _("ny punkt ”%(title)s”") % {"title": item.title}
    )
    return item


def set_presenters(*, item: AgendaItem, presenters: Iterable[Person]) -> None:
    """Set the item's presenters in the order given."""
    item.presenter_links.all().delete()
    Presenter.objects.bulk_create(
        [Presenter(item=item, person=p, position=i) for i, p in enumerate(presenters)]
    )


@transaction.atomic
def update_item(
    *,
    item: AgendaItem,
    actor: User | None,
    title: str,
    kind: str,
    description: str,
    presenters: Iterable[Person],
) -> AgendaItem:
    _unlocked(item.meeting)
    item.title, item.kind, item.description = title.strip(), kind, description
    item._history_user = actor
    _validated(item)
    item.save()
    set_presenters(item=item, presenters=presenters)
    _after_send_change(
        item.meeting, actor, _("punkten ”%(title)s” ändrad") % {"title": item.title}
    )
    return item


@transaction.atomic
def move_item(*, item: AgendaItem, up: bool, actor: User | None) -> None:
    """Swap the item with its neighbour above (or below)."""
    _unlocked(item.meeting)
    items = list(item.meeting.items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    neighbour = index - 1 if up else index + 1
    if not 0 <= neighbour < len(items):
        return
    items[index], items[neighbour] = items[neighbour], items[index]
    now = timezone.now()
    for position, other in enumerate(items, start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(
                position=position, modified=now
            )
    # The order is part of the meeting's agenda, as the open data shows it.
    Meeting.objects.filter(pk=item.meeting_id).update(modified=now)
    _after_send_change(item.meeting, actor, _("ordningen ändrad"))


@transaction.atomic
def remove_item(*, item: AgendaItem, actor: User | None) -> None:
    _unlocked(item.meeting)
    meeting = item.meeting
    if item.matter_id and item.matter.status == Matter.Status.ON_AGENDA:
        matters.transition_matter(
            matter=item.matter,
            to=Matter.Status.READY,
            actor=actor,
            note=_("Borttaget från dagordningen."),
        )
    title = item.title
    item.delete()
    _after_send_change(
        meeting, actor, _("punkten ”%(title)s” borttagen") % {"title": title}
    )


@transaction.atomic
def attach_to_item(
    *, item: AgendaItem, filename: str, content: bytes, actor: User | None
) -> None:
    """Attach a document; one named like an attached document becomes its new version."""
    existing = item.documents.filter(versions__filename=filename).first()
    if existing:
        documents.add_version(
            document=existing, filename=filename, content=content, actor=actor
        )
    else:
        item.documents.add(
            documents.create_document(
                title=filename, filename=filename, content=content, actor=actor
            )
        )
    _after_send_change(
        item.meeting, actor, _("dokumentet %(name)s") % {"name": filename}
    )


@transaction.atomic
def send_agenda(*, meeting: Meeting, actor: User | None) -> Meeting:
    """Send the agenda to the body's members and officials (e-mail with iCalendar)."""
    if not meeting.items.exists():
        raise PreconditionFailed(_("Dagordningen är tom."))
    if meeting.status == Status.PLANNED:
        transition_meeting(meeting=meeting, to=Status.AGENDA_SENT, actor=actor)
    elif meeting.status != Status.AGENDA_SENT:
        raise TransitionNotAllowed(_("Dagordningen skickas före mötet."))
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_sent_at=now, agenda_changed_at=None
    )
    meeting.agenda_sent_at, meeting.agenda_changed_at = now, None
    from .tasks import send_agenda_email

    transaction.on_commit(lambda: send_agenda_email.enqueue(meeting.pk))
    announce("agenda_sent", meeting.pk, actor)
    return meeting


# Attendance ---------------------------------------------------------------


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    person: Person,
    role: str,
    actor: User | None,
    status: str = Attendance.Status.PRESENT,
    side: str = "",
    party: Party | None = None,
    replaced_by: Person | None = None,
) -> Attendance:
    """Record one person's attendance (a second call updates it)."""
    _unlocked(meeting)
    if status == Attendance.Status.REPLACED and replaced_by is None:
        raise PreconditionFailed(
            _("Ange vem som ersätter %(person)s.") % {"person": person.name}
        )
    if party is not None and side and party.side != side:
        raise DomainError(
            _("%(party)s hör inte till den parten.") % {"party": party.name}
        )
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "role": role,
            "status": status,
            "side": side,
            "party": party,
            "replaced_by": replaced_by,
        },
    )
    return attendance


@transaction.atomic
def attendance_from_composition(*, meeting: Meeting, actor: User | None) -> int:
    """Fill the attendance list from the body's composition on the meeting day."""
    from samverkan.organisation.models import Membership

    day = timezone.localtime(meeting.starts_at).date()
    created = 0
    memberships = meeting.body.memberships.active_on(day).select_related(
        "person", "party"
    )
    role_of = {
        Membership.Role.CHAIR: Attendance.Role.CHAIR,
        Membership.Role.VICE_CHAIR: Attendance.Role.VICE_CHAIR,
        Membership.Role.MEMBER: Attendance.Role.MEMBER,
        Membership.Role.SUBSTITUTE: Attendance.Role.SUBSTITUTE,
        Membership.Role.SECRETARY: Attendance.Role.SECRETARY,
        Membership.Role.OFFICIAL: Attendance.Role.OFFICIAL,
        Membership.Role.CO_OPTED: Attendance.Role.GUEST,
    }
    for position, membership in enumerate(memberships.order_by("side", "position")):
        _attendance, made = Attendance.objects.get_or_create(
            meeting=meeting,
            person=membership.person,
            defaults={
                "role": role_of[membership.role],
                "side": membership.side,
                "party": membership.party,
                "position": position,
            },
        )
        created += made
    return created


@transaction.atomic
def declare_recusal(
    *, item: AgendaItem, person: Person, note: str, actor: User | None
) -> Recusal:
    """Record that `person` takes no part in `item` (jäv)."""
    _unlocked(item.meeting)
    recusal, _created = Recusal.objects.update_or_create(
        item=item, person=person, defaults={"note": note}
    )
    return recusal


# Minutes ------------------------------------------------------------------


@transaction.atomic
def save_notes(
    *, item: AgendaItem, text: str, base_version: int, actor: User | None
) -> AgendaItem:
    """Save the item's notes if nobody saved since `base_version`, else raise NotesConflict."""
    locked = (
        AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    )
    _unlocked(locked.meeting)
    if locked.immediate_approval:
        raise TransitionNotAllowed(
            _("Punkten är omedelbart justerad och kan inte ändras.")
        )
    if locked.notes_version != base_version:
        raise NotesConflict(
            current=locked.notes, current_version=locked.notes_version, yours=text
        )
    # The row is locked until the transaction ends, so counting here is safe.
    locked.notes = text
    locked.notes_version += 1
    locked._history_user = actor
    locked.save(update_fields=["notes", "notes_version", "modified"])
    if locked.meeting.status == Status.HELD:
        transition_meeting(meeting=locked.meeting, to=Status.MINUTES_DRAFT, actor=actor)
    return locked


OUTCOME_TO_MATTER = {
    AgendaItem.Outcome.APPROVED: Matter.Status.TREATED,
    AgendaItem.Outcome.APPROVED_WITH_CHANGES: Matter.Status.TREATED,
    AgendaItem.Outcome.NOTED: Matter.Status.TREATED,
    AgendaItem.Outcome.RECOMMENDATION: Matter.Status.TREATED,
    AgendaItem.Outcome.SENT_BACK: Matter.Status.SENT_BACK,
    AgendaItem.Outcome.POSTPONED: Matter.Status.READY,
}


@transaction.atomic
def record_outcome(
    *,
    item: AgendaItem,
    outcome: str,
    actor: User | None,
    outcome_text: str = "",
    changes: str = "",
) -> AgendaItem:
    """Record the item's outcome; a treated matter follows it (status and outcome)."""
    _unlocked(item.meeting)
    if outcome == AgendaItem.Outcome.APPROVED_WITH_CHANGES and not changes.strip():
        raise PreconditionFailed(_("Ange förändringarna, en per rad."))
    item.outcome, item.outcome_text, item.changes = outcome, outcome_text, changes
    item._history_user = actor
    _validated(item)
    item.save()
    matter = item.matter
    if matter is not None and matter.status == Matter.Status.ON_AGENDA and outcome:
        label = str(AgendaItem.Outcome(outcome).label)
        text = "; ".join(filter(None, [label, outcome_text, *item.change_list]))
        matters.transition_matter(
            matter=matter,
            to=OUTCOME_TO_MATTER[outcome],
            actor=actor,
            note=_("%(body)s %(date)s: %(text)s")
            % {
                "body": item.meeting.body.short_name,
                "date": item.meeting.date_label,
                "text": text,
            },
        )
        if OUTCOME_TO_MATTER[outcome] == Matter.Status.TREATED:
            Matter.objects.filter(pk=matter.pk).update(outcome=text)
    return item


@transaction.atomic
def add_follow_up(
    *,
    item: AgendaItem,
    text: str,
    target_body: Body,
    actor: User | None,
    target_month: dt.date | None = None,
    target_meeting: Meeting | None = None,
    responsible: Iterable[Person] = (),
) -> FollowUp:
    """Record that the question must come back to `target_body` in a month or at a meeting."""
    if target_month is None and target_meeting is None:
        raise PreconditionFailed(_("Ange månad eller möte för återkopplingen."))
    if target_body.structure_id != item.meeting.body.structure_id:
        raise DomainError(_("Organet hör till en annan samverkansstruktur."))
    follow_up = FollowUp(
        origin_item=item,
        text=text,
        target_body=target_body,
        target_month=target_month.replace(day=1) if target_month else None,
        target_meeting=target_meeting,
    )
    _validated(follow_up)
    follow_up.save()
    follow_up.responsible.set(responsible)
    # A meeting already planned in that month gets it on its agenda at once.
    if target_meeting is None:
        for meeting in Meeting.objects.filter(
            body=target_body,
            status__in=(Status.PLANNED, Status.AGENDA_SENT),
            starts_at__year=follow_up.target_month.year,
            starts_at__month=follow_up.target_month.month,
        ):
            propose_follow_ups(meeting=meeting, actor=actor)
    elif not target_meeting.locked:
        propose_follow_ups(meeting=target_meeting, actor=actor)
    return follow_up


@transaction.atomic
def resolve_follow_up(
    *, follow_up: FollowUp, actor: User | None, item: AgendaItem | None = None
) -> FollowUp:
    """Mark a follow-up as reported back (at `item`, when it came back at a meeting)."""
    follow_up.status = FollowUp.Status.DONE
    follow_up.resolved_item = item
    follow_up._history_user = actor
    follow_up.save()
    return follow_up


@transaction.atomic
def add_assignment(
    *,
    item: AgendaItem,
    title: str,
    actor: User | None,
    description: str = "",
    owners: Iterable[Person] = (),
    due: dt.date | None = None,
    return_body: Body | None = None,
    return_meeting: Meeting | None = None,
) -> Assignment:
    """Give an assignment (uppdrag) at the item; it comes back to `return_body`."""
    assignment = Assignment(
        origin_item=item,
        title=title,
        description=description,
        due=due,
        return_body=return_body or item.meeting.body,
    )
    if return_meeting is not None:
        if return_meeting.starts_at <= item.meeting.starts_at:
            raise DomainError(_("Uppdraget återkommer till ett senare möte."))
        assignment.return_meeting = return_meeting
        assignment.return_body = return_meeting.body
    _validated(assignment)
    assignment.save()
    assignment.owners.set(owners)
    return assignment


@transaction.atomic
def set_assignment_status(
    *, assignment: Assignment, status: str, actor: User | None
) -> Assignment:
    """Move an assignment to not started, in progress or done."""
    if status not in Assignment.Status.values:
        raise DomainError(_("Okänd status för uppdraget."))
    assignment.status = status
    assignment._history_user = actor
    assignment.save(update_fields=["status", "modified"])
    return assignment


@transaction.atomic
def add_statement(
    *,
    item: AgendaItem,
    kind: str,
    text: str,
    actor: User | None,
    side: str = "",
    person: Person | None = None,
) -> Statement:
    """Enter a statement (protokollsanteckning) or a side's differing position."""
    _unlocked(item.meeting)
    if kind == Statement.Kind.POSITION and not side:
        raise PreconditionFailed(_("Ange vilken parts ståndpunkt det är."))
    statement = Statement(item=item, kind=kind, text=text, side=side, person=person)
    _validated(statement)
    statement.save()
    return statement


# Approval (justering) -----------------------------------------------------


def minutes_content(meeting: Meeting) -> dict:
    """Return the minutes as plain data, the same for the hash and every output."""
    items = meeting.items.prefetch_related("follow_ups", "statements").order_by(
        "position", "pk"
    )
    return {
        "meeting": meeting.pk,
        "attendance": sorted(
            [a.person_id, a.role, a.status, a.side] for a in meeting.attendance.all()
        ),
        "items": [
            {
                "title": i.title,
                "notes": i.notes,
                "outcome": i.outcome,
                "outcome_text": i.outcome_text,
                "changes": i.change_list,
                "follow_ups": [f.text for f in i.follow_ups.all()],
                "statements": [s.text for s in i.statements.all()],
            }
            for i in items
        ],
    }


def content_hash(meeting: Meeting) -> str:
    """Return the SHA-256 of the minutes' content (shown, and stored when approved)."""
    data = json.dumps(minutes_content(meeting), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def required_signers(meeting: Meeting) -> set[int]:
    """Minnesanteckningar are approved by the chair; a protokoll also by the approvers."""
    signers = {meeting.chair_id} if meeting.chair_id else set()
    if meeting.body.record_kind == RecordKind.MINUTES:
        signers |= set(meeting.approvers.values_list("pk", flat=True))
    return signers


@transaction.atomic
def name_approvers(
    *,
    meeting: Meeting,
    chair: Person,
    actor: User | None,
    approvers: Iterable[Person] = (),
    due: dt.date | None = None,
) -> Meeting:
    """Name the chair and the approvers (justerare) and the approval deadline."""
    approvers = list(approvers)
    if meeting.body.record_kind == RecordKind.MINUTES and not 1 <= len(approvers) <= 2:
        raise PreconditionFailed(
            _("Ett protokoll justeras av en eller två justerare utöver ordföranden.")
        )
    meeting.chair = chair
    meeting.approval_due = due or (
        timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=APPROVAL_DAYS)
    )
    meeting._history_user = actor
    meeting.save()
    meeting.approvers.set(approvers)
    return meeting


@transaction.atomic
def approve_item_at_once(*, item: AgendaItem, actor: User | None) -> AgendaItem:
    """Approve an item at the meeting itself (omedelbar justering): it is locked."""
    if not item.outcome:
        raise PreconditionFailed(_("Ange beslutet innan punkten justeras omedelbart."))
    item.immediate_approval = True
    item._history_user = actor
    item.save(update_fields=["immediate_approval", "modified"])
    return item


@transaction.atomic
def propose_change(*, item: AgendaItem, proposer: Person, text: str) -> ChangeProposal:
    """An approver proposes another wording of the item's notes."""
    _unlocked(item.meeting)
    if proposer.pk not in required_signers(item.meeting):
        raise DomainError(_("Bara ordföranden och justerarna lämnar ändringsförslag."))
    return ChangeProposal.objects.create(item=item, proposer=proposer, text=text)


@transaction.atomic
def decide_change(
    *, proposal: ChangeProposal, accept: bool, actor: User | None
) -> ChangeProposal:
    """The secretary accepts (the notes take the wording) or rejects a proposal."""
    if proposal.status != ChangeProposal.Status.PENDING:
        raise TransitionNotAllowed(_("Förslaget är redan avgjort."))
    if accept:
        item = AgendaItem.objects.get(pk=proposal.item_id)
        save_notes(
            item=item, text=proposal.text, base_version=item.notes_version, actor=actor
        )
    proposal.status = (
        ChangeProposal.Status.ACCEPTED if accept else ChangeProposal.Status.REJECTED
    )
    proposal.decided_by, proposal.decided_at = actor, timezone.now()
    proposal.save()
    return proposal


@transaction.atomic
def sign_minutes(*, meeting: Meeting, person: Person, user: User) -> Signature:
    """Sign the minutes; when every required signer has signed they are approved and locked."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in (Status.HELD, Status.MINUTES_DRAFT):
        raise TransitionNotAllowed(
            _("Anteckningarna kan inte justeras i det här skedet.")
        )
    signers = required_signers(meeting)
    if person.pk not in signers:
        raise DomainError(
            _("%(person)s ska inte justera anteckningarna.") % {"person": person.name}
        )
    if meeting.proposals_pending():
        raise PreconditionFailed(_("Sekreteraren har ändringsförslag kvar att avgöra."))
    digest = content_hash(meeting)
    signature, created = Signature.objects.get_or_create(
        meeting=meeting, person=person, defaults={"user": user, "content_hash": digest}
    )
    if not created:
        raise DomainError(_("Du har redan justerat."))
    signed = set(meeting.signatures.values_list("person_id", flat=True))
    if signers <= signed:
        previous = meeting.status
        meeting.status = Status.MINUTES_APPROVED
        meeting.approved_at = timezone.now()
        meeting.content_hash = digest
        meeting._history_user = user
        meeting.save()
        _event(
            meeting,
            user,
            meeting.status,
            _("Kontrollsumma %(hash)s") % {"hash": digest},
            previous,
        )
    return signature


@transaction.atomic
def correct_minutes(
    *, item: AgendaItem, text: str, reason: str, actor: User
) -> Correction:
    """Correct approved minutes: the reason, before and after are kept and shown."""
    meeting = Meeting.objects.get(pk=item.meeting_id)
    if not meeting.locked:
        raise TransitionNotAllowed(
            _("Rättelser görs i justerade anteckningar; ändra annars direkt.")
        )
    if not reason.strip():
        raise PreconditionFailed(_("Ange skälet till rättelsen."))
    before = AgendaItem.objects.values_list("notes", flat=True).get(pk=item.pk)
    AgendaItem.objects.filter(pk=item.pk).update(
        notes=text, notes_version=F("notes_version") + 1
    )
    digest = content_hash(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(content_hash=digest)
    return Correction.objects.create(
        meeting=meeting,
        item=item,
        reason=reason,
        before=before,
        after=text,
        content_hash=digest,
        by=actor,
    )


def remind_approvals(*, today: dt.date) -> int:
    """Remind those who have not signed when the approval deadline is two days off or past."""
    from django.core.mail import send_mail

    sent = 0
    due = Meeting.objects.filter(
        status__in=(Status.HELD, Status.MINUTES_DRAFT),
        approval_due__isnull=False,
        approval_due__lte=today + dt.timedelta(days=2),
    ).select_related("body")
    for meeting in due:
        signed = set(meeting.signatures.values_list("person_id", flat=True))
        missing = Person.objects.filter(
            pk__in=required_signers(meeting) - signed
        ).exclude(email="")
        for person in missing:
            send_mail(
                _("Justering av %(meeting)s") % {"meeting": str(meeting)},
                _("Anteckningarna från %(body)s %(date)s ska justeras senast %(due)s.")
                % {
                    "body": meeting.body.name,
                    "date": meeting.date_label,
                    "due": meeting.approval_due.isoformat(),
                },
                None,
                [person.email],
            )
            sent += 1
    return sent


@transaction.atomic
def publish(*, meeting: Meeting, actor: User | None) -> Meeting:
    return transition_meeting(meeting=meeting, to=Status.PUBLISHED, actor=actor)
