"""Write what the readers found: a meeting with its minutes, or memberships.

Each file is planned first (`plan_minutes`: which body, which people, does it
exist already?) and then written in one transaction (`import_minutes`) by the
meetings services, so the import follows the same rules as the pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.lib.errors import DomainError
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Attendance, Meeting
from samverkan.organisation.models import Body, Membership, Party, Person, Structure

from .composition import ParsedComposition, parse_composition
from .minutes import ParsedMinutes, parse_minutes
from .models import ImportBatch, ImportedFile, ImportFile, Kind
from .people import Match, match_people, normalise, resolve
from .text import UnreadableFile, read_text

DECISION_OUTCOMES = {"approved", "approved_with_changes", "recommendation"}
STANDING_TITLES = {"välkommen", "mötets öppnande", "övriga frågor", "nästa möte"}


class AlreadyImported(DomainError):
    """The file, or the meeting it records, is already in Samverkan."""

    status_code = 409
    code = "already_imported"


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_minutes(filename: str, content: bytes) -> ParsedMinutes:
    """Read a .txt, .pdf or .docx file of minutes; raise UnreadableFile if it cannot."""
    text = read_text(filename, content)
    return parse_minutes(
        text,
        municipalities=Party.objects.filter(kind=Party.Kind.MUNICIPALITY)
        .values_list("name", flat=True)
        .distinct(),
        body_names=Body.objects.values_list("name", flat=True).distinct(),
    )


@dataclass
class MinutesPlan:
    """What importing one file would do, for the preview and the command."""

    parsed: ParsedMinutes
    sha256: str
    body: Body | None = None
    existing_meeting: Meeting | None = None
    already: ImportedFile | None = None
    matches: dict[str, Match] = field(default_factory=dict)
    parties: dict[str, Party | None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.already:
            return "duplicate"
        if self.problems:
            return "failed"
        if self.existing_meeting:
            return "exists"
        if any(m.status != "exact" for m in self.matches.values()):
            return "confirm"
        return "ready"

    def open_matches(self) -> list[Match]:
        return [m for m in self.matches.values() if m.status != "exact"]


def find_body(name: str, structure: Structure | None = None) -> Body | None:
    """Return the one body called `name` (its name or short name), or None."""
    bodies = Body.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name))
    if structure is not None:
        bodies = bodies.filter(structure=structure)
    found = list(bodies.select_related("structure")[:2])
    return found[0] if len(found) == 1 else None


def plan_minutes(
    *, parsed: ParsedMinutes, sha256: str, body: Body | None = None
) -> MinutesPlan:
    """Decide where the minutes go and who the people are; write nothing."""
    plan = MinutesPlan(parsed=parsed, sha256=sha256)
    plan.already = (
        ImportedFile.objects.filter(kind=Kind.MINUTES, sha256=sha256)
        .select_related("meeting__body")
        .first()
    )
    plan.problems = list(parsed.problems)
    if body is None and parsed.body:
        body = find_body(parsed.body)
        if body is None:
            plan.problems.append(
                _("Organet ”%(name)s” finns inte (eller finns i flera strukturer).")
                % {"name": parsed.body}
            )
    elif (
        body is not None
        and parsed.body
        and find_body(parsed.body)
        not in (
            None,
            body,
        )
    ):
        plan.notes.append(
            _("Anteckningarna gäller ”%(name)s” men importeras till %(body)s.")
            % {"name": parsed.body, "body": body.name}
        )
    plan.body = body
    if body is None or parsed.date is None:
        return plan
    plan.existing_meeting = (
        body.meetings.filter(starts_at__date=parsed.date)
        .exclude(status=Meeting.Status.CANCELLED)
        .first()
    )
    plan.matches = match_people(parsed.names())
    parties = {p.name.lower(): p for p in body.structure.parties.all()}
    for attendee in [*parsed.participants, *parsed.officials]:
        if attendee.municipality and attendee.municipality not in plan.parties:
            party = parties.get(attendee.municipality.lower())
            plan.parties[attendee.municipality] = party
            if party is None:
                plan.notes.append(
                    _(
                        "Kommunen ”%(name)s” finns inte; %(person)s registreras utan kommun."
                    )
                    % {"name": attendee.municipality, "person": attendee.name}
                )
    return plan


def _kind(item_title: str, outcome: str) -> str:
    if outcome in DECISION_OUTCOMES:
        return AgendaItem.Kind.DECISION
    if item_title.lower() in STANDING_TITLES:
        return AgendaItem.Kind.STANDING
    if item_title.lower().startswith("diskussion"):
        return AgendaItem.Kind.DISCUSSION
    return AgendaItem.Kind.INFORMATION


@transaction.atomic
def import_minutes(
    *,
    plan: MinutesPlan,
    filename: str,
    actor: User | None,
    decisions: dict[str, str] | None = None,
) -> Meeting:
    """Create the meeting of `plan` with attendance, items and outcomes, or nothing.

    Raise AlreadyImported when the file or the meeting is already there,
    PreconditionFailed while a name is not confirmed, DomainError for
    anything the meetings services refuse; nothing is then written.
    """
    parsed, body = plan.parsed, plan.body
    if plan.problems or body is None or parsed.date is None:
        raise DomainError(" ".join(plan.problems) or _("Filen kan inte importeras."))
    already = ImportedFile.objects.filter(kind=Kind.MINUTES, sha256=plan.sha256)
    if already.exists():
        raise AlreadyImported(
            _("Filen %(name)s är redan importerad.") % {"name": filename}
        )
    existing = body.meetings.filter(starts_at__date=parsed.date).exclude(
        status=Meeting.Status.CANCELLED
    )
    if existing.exists():
        raise AlreadyImported(
            _("%(body)s har redan ett möte %(date)s; ingenting importerades.")
            % {"body": body.short_name, "date": parsed.date.isoformat()}
        )
    people = resolve(plan.matches, decisions or {})
    zone = timezone.get_current_timezone()
    hour, minute = map(int, (parsed.time or "00:00").split(":"))
    meeting = meetings.create_meeting(
        body=body,
        starts_at=dt.datetime.combine(parsed.date, dt.time(hour, minute), tzinfo=zone),
        actor=actor,
        propose=False,
    )
    items = []
    for spec in parsed.items:
        items.append(
            meetings.add_item(
                meeting=meeting,
                title=spec.title[:300],
                kind=_kind(spec.title, spec.outcome),
                presenters=[people[n] for n in spec.presenters if people.get(n)],
                actor=actor,
            )
        )
    meetings.transition_meeting(
        meeting=meeting,
        to=Meeting.Status.HELD,
        actor=actor,
        note=_("Importerat från %(file)s (SHA-256 %(hash)s).")
        % {"file": filename, "hash": plan.sha256},
    )
    _record_attendance(meeting, plan, people, actor)
    for spec, item in zip(parsed.items, items, strict=True):
        _record_item(item, spec, body, actor)
    meeting.refresh_from_db()
    if meeting.status == Meeting.Status.HELD:
        meetings.transition_meeting(
            meeting=meeting, to=Meeting.Status.MINUTES_DRAFT, actor=actor
        )
    ImportedFile.objects.create(
        kind=Kind.MINUTES,
        sha256=plan.sha256,
        filename=filename[-255:],
        body=body,
        meeting=meeting,
        imported_by=actor,
    )
    meeting.refresh_from_db()
    return meeting


def _record_attendance(
    meeting: Meeting,
    plan: MinutesPlan,
    people: dict[str, Person | None],
    actor: User | None,
) -> None:
    parsed = plan.parsed
    memberships = {
        m.person_id: m
        for m in meeting.body.memberships.active_on(parsed.date).select_related("party")
    }
    region = meeting.body.structure.parties.filter(kind=Party.Kind.REGION).first()
    seats = {Membership.Role.CHAIR, Membership.Role.VICE_CHAIR}
    two_chairs = sum(a.role == "chair" for a in parsed.participants) > 1
    rows = []
    for attendee in parsed.participants:
        person = people.get(attendee.name)
        membership = memberships.get(person.pk) if person else None
        role = attendee.role
        if two_chairs and role in seats and membership and membership.role in seats:
            # "(ordförande)" on both sides: the composition says who chaired.
            role = membership.role
        party = plan.parties.get(attendee.municipality)
        if party is None and attendee.side == "region":
            party = region
        if party is None and membership and membership.side == attendee.side:
            party = membership.party
        rows.append((person, role, attendee.side, party, Attendance.Status.PRESENT))
    for attendee in parsed.officials:
        rows.append(
            (
                people.get(attendee.name),
                Attendance.Role.OFFICIAL,
                attendee.side,
                plan.parties.get(attendee.municipality),
                Attendance.Status.PRESENT,
            )
        )
    for name in parsed.absent:
        person = people.get(name)
        membership = memberships.get(person.pk) if person else None
        rows.append(
            (
                person,
                membership.role
                if membership and membership.role in Attendance.Role.values
                else Attendance.Role.MEMBER,
                membership.side if membership else "",
                membership.party if membership else None,
                Attendance.Status.APOLOGIES,
            )
        )
    if parsed.secretary:
        rows.append(
            (
                people.get(parsed.secretary),
                Attendance.Role.SECRETARY,
                "",
                None,
                Attendance.Status.PRESENT,
            )
        )
    for position, (person, role, side, party, status) in enumerate(rows):
        if person is None:
            continue
        if party is not None and side and party.side != side:
            party = None
        attendance = meetings.record_attendance(
            meeting=meeting,
            person=person,
            role=role,
            side=side,
            party=party,
            status=status,
            actor=actor,
        )
        Attendance.objects.filter(pk=attendance.pk).update(position=position)


def _record_item(item: AgendaItem, spec, body: Body, actor: User | None) -> None:  # noqa: ANN001
    notes = spec.text
    missing = [link for link in spec.links if link not in notes]
    if missing:
        notes = "\n\n".join(filter(None, [notes, *missing]))
    if notes:
        # The outcome saves the whole item: carry the notes just written.
        item = meetings.save_notes(item=item, text=notes, base_version=0, actor=actor)
    if spec.outcome:
        outcome = spec.outcome
        if outcome == AgendaItem.Outcome.APPROVED_WITH_CHANGES and not spec.changes:
            outcome = AgendaItem.Outcome.APPROVED
        meetings.record_outcome(
            item=item,
            outcome=outcome,
            outcome_text=spec.outcome_text,
            changes="\n".join(spec.changes),
            actor=actor,
        )
    for follow_up in spec.follow_ups:
        target = find_body(follow_up.target_body, body.structure) or body
        meetings.add_follow_up(
            item=item,
            text=follow_up.text[:500],
            target_body=target,
            target_month=dt.date.fromisoformat(follow_up.target_month + "-01"),
            actor=actor,
        )


# Uploads on the import page ------------------------------------------------


def create_batch(
    *, body: Body, files: list[tuple[str, bytes]], actor: User
) -> ImportBatch:
    """Keep the uploaded files until they are read and confirmed."""
    if not files:
        raise DomainError(_("Välj minst en fil."))
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=Kind.MINUTES, body=body, created_by=actor
        )
        ImportFile.objects.bulk_create(
            [
                ImportFile(
                    batch=batch,
                    position=n,
                    filename=name[-255:],
                    content=content,
                    sha256=checksum(content),
                )
                for n, (name, content) in enumerate(files)
            ]
        )
    return batch


def read_upload(*, upload: ImportFile, body: Body) -> ImportFile:
    """Read one uploaded file and store what was found and what it would do."""
    try:
        parsed = read_minutes(upload.filename, bytes(upload.content))
    except UnreadableFile as error:
        upload.status, upload.message = ImportFile.Status.FAILED, error.message
        upload.save(update_fields=["status", "message"])
        return upload
    upload.parsed = parsed.to_dict()
    plan = plan_minutes(parsed=parsed, sha256=upload.sha256, body=body)
    upload.status = {
        "duplicate": ImportFile.Status.DUPLICATE,
        "failed": ImportFile.Status.FAILED,
        "exists": ImportFile.Status.EXISTS,
    }.get(plan.status, ImportFile.Status.READY)
    upload.message = " ".join(plan.problems)
    upload.save(update_fields=["status", "message", "parsed"])
    return upload


def plan_upload(upload: ImportFile) -> MinutesPlan:
    return plan_minutes(
        parsed=ParsedMinutes.from_dict(upload.parsed),
        sha256=upload.sha256,
        body=upload.batch.body,
    )


def import_upload(
    *, upload: ImportFile, decisions: dict[str, str], actor: User
) -> Meeting:
    """Import a read file with the user's choice of people; whole or not at all."""
    if upload.status != ImportFile.Status.READY:
        raise AlreadyImported(_("Filen är redan hanterad."))
    with transaction.atomic():
        meeting = import_minutes(
            plan=plan_upload(upload),
            filename=upload.filename,
            decisions=decisions,
            actor=actor,
        )
        upload.status, upload.meeting, upload.content = (
            ImportFile.Status.IMPORTED,
            meeting,
            b"",
        )
        upload.save(update_fields=["status", "meeting", "content"])
    return meeting


# Composition pages ---------------------------------------------------------


@dataclass
class CompositionPlan:
    """What importing a members table would change in the body's memberships."""

    parsed: ParsedComposition
    sha256: str
    body: Body
    start: dt.date
    already: ImportedFile | None = None
    matches: dict[str, Match] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.already:
            return "duplicate"
        if self.problems:
            return "failed"
        if any(m.status != "exact" for m in self.matches.values()):
            return "confirm"
        return "ready"

    def open_matches(self) -> list[Match]:
        return [m for m in self.matches.values() if m.status != "exact"]


def read_composition(filename: str, content: bytes) -> ParsedComposition:
    return parse_composition(
        read_text(filename, content),
        municipalities=Party.objects.filter(kind=Party.Kind.MUNICIPALITY)
        .values_list("name", flat=True)
        .distinct(),
        people=[p.name for p in Person.objects.only("first_name", "last_name")],
    )


def plan_composition(
    *, parsed: ParsedComposition, sha256: str, body: Body, start: dt.date
) -> CompositionPlan:
    """Match the people and parties of the table; write nothing."""
    plan = CompositionPlan(parsed=parsed, sha256=sha256, body=body, start=start)
    plan.already = ImportedFile.objects.filter(
        kind=Kind.COMPOSITION, sha256=sha256
    ).first()
    if not parsed.seats:
        plan.problems.append(_("Inga ledamöter hittades på sidan."))
    parties = {p.name.lower(): p for p in body.structure.parties.all()}
    for seat in parsed.seats:
        if seat.municipality and seat.municipality.lower() not in parties:
            plan.problems.append(
                _("Kommunen ”%(name)s” finns inte.") % {"name": seat.municipality}
            )
    plan.matches = match_people(seat.name for seat in parsed.seats)
    return plan


@transaction.atomic
def import_composition(
    *,
    plan: CompositionPlan,
    filename: str,
    actor: User | None,
    decisions: dict[str, str] | None = None,
) -> dict[str, list[str]]:
    """Make the body's seats what the table says from `plan.start`; return the changes.

    Seat holders not in the table end the day before; a changed role starts
    anew; everyone else is added. A broken composition rule raises
    CompositionRuleBroken and nothing is written.
    """
    from samverkan.organisation import services as organisation

    if plan.problems:
        raise DomainError(" ".join(plan.problems))
    if ImportedFile.objects.filter(kind=Kind.COMPOSITION, sha256=plan.sha256).exists():
        raise AlreadyImported(
            _("Filen %(name)s är redan importerad.") % {"name": filename}
        )
    body, start = plan.body, plan.start
    people = resolve(plan.matches, decisions or {})
    parties = {p.name.lower(): p for p in body.structure.parties.all()}
    region = next((p for p in parties.values() if p.kind == Party.Kind.REGION), None)
    current = {
        m.person_id: m
        for m in body.memberships.active_on(start).filter(
            role__in=Membership.SEAT_ROLES
        )
    }
    wanted = {}
    for position, seat in enumerate(plan.parsed.seats):
        person = people.get(seat.name)
        if person is not None:
            wanted[person.pk] = (person, seat, position)
    changes: dict[str, list[str]] = {
        "ended": [],
        "changed": [],
        "added": [],
        "same": [],
    }
    for person_id, membership in current.items():
        if person_id not in wanted:
            organisation.end_membership(
                membership=membership,
                end=max(start - dt.timedelta(days=1), membership.start),
                actor=actor,
            )
            changes["ended"].append(membership.person.name)
    for person, seat, position in wanted.values():
        party = (
            parties.get(seat.municipality.lower()) if seat.municipality else None
        ) or (region if seat.side == "region" else None)
        membership = current.get(person.pk)
        if membership and (membership.role, membership.side, membership.party_id) == (
            seat.role,
            seat.side,
            party.pk if party else None,
        ):
            changes["same"].append(person.name)
            continue
        if membership and membership.start >= start:
            # Begun the same day: correct it rather than end it.
            membership.role, membership.side, membership.party = (
                seat.role,
                seat.side,
                party,
            )
            organisation.save_membership(membership=membership, actor=actor)
            changes["changed"].append(person.name)
            continue
        if membership:
            organisation.end_membership(
                membership=membership, end=start - dt.timedelta(days=1), actor=actor
            )
            changes["changed"].append(person.name)
        else:
            changes["added"].append(person.name)
        organisation.save_membership(
            membership=Membership(
                body=body,
                person=person,
                role=seat.role,
                side=seat.side,
                party=party,
                start=start,
                position=position,
            ),
            actor=actor,
        )
    ImportedFile.objects.create(
        kind=Kind.COMPOSITION,
        sha256=plan.sha256,
        filename=filename[-255:],
        body=body,
        imported_by=actor,
    )
    return changes


def composition_batch(
    *, body: Body, filename: str, content: bytes, start: dt.date, actor: User
) -> ImportFile:
    """Read a composition page at once and keep what was read for the preview."""
    parsed = read_composition(filename, content)  # UnreadableFile: nothing kept
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=Kind.COMPOSITION, body=body, created_by=actor, start=start
        )
        return ImportFile.objects.create(
            batch=batch,
            filename=filename[-255:],
            content=b"",
            sha256=checksum(content),
            status=ImportFile.Status.READY,
            parsed=parsed.to_dict(),
        )


def plan_composition_upload(upload: ImportFile) -> CompositionPlan:
    return plan_composition(
        parsed=ParsedComposition.from_dict(upload.parsed),
        sha256=upload.sha256,
        body=upload.batch.body,
        start=upload.batch.start,
    )


@transaction.atomic
def import_composition_upload(
    *, upload: ImportFile, decisions: dict[str, str], actor: User
) -> dict[str, list[str]]:
    """Import a previewed members table with the user's choice of people; return the changes."""
    changes = import_composition(
        plan=plan_composition_upload(upload),
        filename=upload.filename,
        decisions=decisions,
        actor=actor,
    )
    upload.status = ImportFile.Status.IMPORTED
    upload.save(update_fields=["status"])
    return changes


def seats_to_end(plan: CompositionPlan) -> list[Membership]:
    """The seat holders on the start day whose names are not in the table."""
    named = {normalise(seat.name) for seat in plan.parsed.seats}
    return [
        m
        for m in plan.body.memberships.active_on(plan.start)
        .filter(role__in=Membership.SEAT_ROLES)
        .select_related("person")
        if normalise(m.person.name) not in named
    ]
