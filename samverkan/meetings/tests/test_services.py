import datetime as dt
import email

import pytest
from icalendar import Calendar

from samverkan.lib.errors import DomainError, PreconditionFailed, TransitionNotAllowed
from samverkan.matters import services as matters
from samverkan.matters.models import Matter
from samverkan.meetings import services
from samverkan.meetings.followups import parse_follow_up
from samverkan.meetings.models import (
    AgendaItem,
    Attendance,
    ChangeProposal,
    FollowUp,
    Meeting,
)
from samverkan.meetings.selectors import attendance_summary, meeting_attendance
from samverkan.organisation.models import Body, Person, RecordKind

from .conftest import ZONE

D = dt.date
Status = Meeting.Status


def person(name: str) -> Person:
    first, _sep, last = name.partition(" ")
    return Person.objects.get(first_name=first, last_name=last)


def test_a_meeting_moves_only_along_its_workflow(plan, jill):
    meeting = plan()

    with pytest.raises(
        TransitionNotAllowed, match="”Planerat” kan inte gå till ”Publicerat”"
    ):
        services.transition_meeting(meeting=meeting, to=Status.PUBLISHED, actor=jill)
    services.transition_meeting(meeting=meeting, to=Status.HELD, actor=jill)
    services.transition_meeting(meeting=meeting, to=Status.MINUTES_DRAFT, actor=jill)
    with pytest.raises(TransitionNotAllowed, match="skriver under"):
        services.transition_meeting(
            meeting=meeting, to=Status.MINUTES_APPROVED, actor=jill
        )

    assert list(meeting.events.values_list("to_status", flat=True)) == [
        "planned",
        "held",
        "minutes_draft",
    ]


def test_a_cancelled_meeting_can_be_planned_again(plan, jill):
    meeting = plan()
    services.transition_meeting(meeting=meeting, to=Status.CANCELLED, actor=jill)
    services.transition_meeting(meeting=meeting, to=Status.PLANNED, actor=jill)

    assert Meeting.objects.get(pk=meeting.pk).status == Status.PLANNED


def test_items_are_ordered_and_moved_and_removed(plan, jill):
    meeting = plan()
    a, b, c = (services.add_item(meeting=meeting, title=t, actor=jill) for t in "ABC")

    services.move_item(item=c, up=True, actor=jill)
    services.move_item(item=a, up=True, actor=jill)  # already first: nothing happens
    services.remove_item(item=b, actor=jill)

    assert list(meeting.items.values_list("title", flat=True)) == ["A", "C"]
    assert [i.position for i in meeting.items.all()] == [1, 2]


def test_presenters_keep_their_order(plan, jill):
    item = services.add_item(
        meeting=plan(),
        title="Rutiner",
        actor=jill,
        presenters=[person("Sara Österberg"), person("Johan Cosmo")],
    )

    assert item.presenter_names == "Sara Österberg, Johan Cosmo"


def test_a_change_after_send_out_is_shown(plan, jill):
    meeting = plan()
    services.add_item(meeting=meeting, title="Välkommen", actor=jill)
    services.send_agenda(meeting=meeting, actor=jill)
    assert meeting.agenda_changed_at is None

    services.add_item(meeting=meeting, title="Sent tillkommen punkt", actor=jill)

    meeting.refresh_from_db()
    assert meeting.agenda_changed_at is not None
    assert "ny punkt ”Sent tillkommen punkt”" in meeting.events.last().note


def test_sending_the_agenda_mails_an_invitation_to_the_body(
    plan, jill, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = plan(place="Skånes Kommuner, Malmö")
    services.add_item(
        meeting=meeting,
        title="Rutiner för delregional samverkan",
        actor=jill,
        presenters=[person("Johan Cosmo")],
    )
    lisa = person("Lisa Flinth")
    lisa.email = "lisa@skane.example"
    lisa.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.send_agenda(meeting=meeting, actor=jill)

    message = mailoutbox[0]
    assert (
        "lisa@skane.example" in message.to and "jill.persson@example.org" in message.to
    )
    assert "1. Rutiner för delregional samverkan – Johan Cosmo" in message.body
    name, content, mimetype = message.attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert name == "mote.ics" and mimetype.startswith("text/calendar")
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["location"]) == "Skånes Kommuner, Malmö"
    assert Meeting.objects.get(pk=meeting.pk).status == Status.AGENDA_SENT


def test_an_empty_agenda_is_not_sent(plan, jill):
    with pytest.raises(PreconditionFailed, match="tom"):
        services.send_agenda(meeting=plan(), actor=jill)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("Återkoppling till CS i april 2024.", ("CS", D(2024, 4, 1))),
        ("återkopplas till DS Nordväst i sept 2025", ("DS Nordväst", D(2025, 9, 1))),
        ("Återkoppling till CS senast i december 2024", ("CS", D(2024, 12, 1))),
        ("Återkommer med ett förslag", None),
        ("Återkoppling till CS i vår 2024", None),
    ],
)
def test_follow_ups_are_read_the_swedish_way(text, parsed):
    assert parse_follow_up(text) == parsed


def test_a_follow_up_comes_back_on_the_agenda_of_a_meeting_in_its_month(plan, cs, jill):
    december = plan(starts_at=dt.datetime(2023, 12, 8, 9, tzinfo=ZONE))
    origin = services.add_item(
        meeting=december, title="Uppdragsbeskrivning avtalsuppföljning", actor=jill
    )
    services.add_follow_up(
        item=origin,
        text="Återkoppling till CS i april 2024.",
        target_body=cs,
        target_month=D(2024, 4, 17),
        actor=jill,
    )

    march = plan(starts_at=dt.datetime(2024, 3, 8, 9, tzinfo=ZONE))
    april = plan(starts_at=dt.datetime(2024, 4, 12, 9, tzinfo=ZONE))

    assert not march.items.exists()
    proposed = april.items.get()
    assert proposed.title == "Återkoppling: Uppdragsbeskrivning avtalsuppföljning"
    assert proposed.proposed_from.target_month == D(2024, 4, 1)
    services.propose_follow_ups(meeting=april, actor=jill)
    assert april.items.count() == 1  # never twice


def test_a_follow_up_added_later_joins_a_planned_meeting_of_that_month(plan, cs, jill):
    april = plan(starts_at=dt.datetime(2024, 4, 12, 9, tzinfo=ZONE))
    origin = services.add_item(
        meeting=plan(starts_at=dt.datetime(2023, 12, 8, 9, tzinfo=ZONE)),
        title="Mobila team",
        actor=jill,
    )

    services.add_follow_up(
        item=origin,
        text="Återkoppling till CS i april 2024",
        target_body=cs,
        target_month=D(2024, 4, 1),
        actor=jill,
    )

    assert april.items.get().proposed_from.text == "Återkoppling till CS i april 2024"


def test_a_follow_up_needs_a_month_or_a_meeting(plan, cs, jill):
    item = services.add_item(meeting=plan(), title="X", actor=jill)

    with pytest.raises(PreconditionFailed):
        services.add_follow_up(
            item=item, text="Återkoppling", target_body=cs, actor=jill
        )


def test_the_seed_meeting_counts_attendance_per_side(seed_meeting):
    summary = attendance_summary(seed_meeting, meeting_attendance(seed_meeting))

    assert summary.sentence() == "Region Skåne 7 av 8, kommunerna 4 av 8, 4 vakanta"
    assert summary.quorum_met


def test_both_sides_must_be_present(plan, jill):
    meeting = plan()
    for name in (
        "Anna Mannfalk",
        "Lisa Flinth",
        "Patrik Holmberg",
        "Mätta Ivarsson",
        "Marianne Eriksson",
        "Jacqueline Maly",
        "Anders Lundström",
    ):
        services.record_attendance(
            meeting=meeting,
            person=person(name),
            role="member",
            side="region",
            actor=jill,
        )

    summary = attendance_summary(meeting, meeting_attendance(meeting))

    assert not summary.quorum_met
    assert summary.quorum_problems == ["Minst 1 från kommunerna måste vara närvarande."]


def test_a_majority_of_filled_seats_must_be_present(plan, jill):
    meeting = plan()
    services.record_attendance(
        meeting=meeting,
        person=person("Anna Mannfalk"),
        role="chair",
        side="region",
        actor=jill,
    )
    services.record_attendance(
        meeting=meeting,
        person=person("Anders Rubin"),
        role="vice_chair",
        side="municipalities",
        actor=jill,
    )

    problems = attendance_summary(meeting, meeting_attendance(meeting)).quorum_problems

    assert problems == [
        "En majoritet av de 12 besatta platserna måste vara närvarande (nu 2)."
    ]


def test_a_replaced_member_needs_the_substitute(plan, jill):
    with pytest.raises(PreconditionFailed, match="Ange vem som ersätter"):
        services.record_attendance(
            meeting=plan(),
            person=person("Lisa Flinth"),
            role="member",
            side="region",
            status=Attendance.Status.REPLACED,
            actor=jill,
        )


def test_attendance_is_filled_from_the_composition_of_the_day(plan, jill):
    meeting = plan()

    created = services.attendance_from_composition(meeting=meeting, actor=jill)

    assert created == 13  # 8 + 4 members and the secretary
    roles = dict(meeting.attendance.values_list("person__last_name", "role"))
    assert roles["Persson"] == "secretary"


def test_two_people_saving_the_same_item_get_a_conflict_and_nothing_is_lost(plan, jill):
    item = services.add_item(meeting=plan(), title="Rutiner", actor=jill)
    first = services.save_notes(
        item=item, text="Första versionen.", base_version=0, actor=jill
    )
    assert first.notes_version == 1

    with pytest.raises(services.NotesConflict) as conflict:
        services.save_notes(
            item=item, text="Andra versionen.", base_version=0, actor=jill
        )

    assert conflict.value.current == "Första versionen."
    assert conflict.value.yours == "Andra versionen."
    assert conflict.value.current_version == 1
    assert AgendaItem.objects.get(pk=item.pk).notes == "Första versionen."
    merged = services.save_notes(
        item=item, text="Första. Andra.", base_version=1, actor=jill
    )
    assert (merged.notes, merged.notes_version) == ("Första. Andra.", 2)


def test_writing_notes_after_the_meeting_starts_the_draft(plan, jill):
    meeting = plan()
    item = services.add_item(meeting=meeting, title="A", actor=jill)
    services.transition_meeting(meeting=meeting, to=Status.HELD, actor=jill)

    services.save_notes(item=item, text="x", base_version=0, actor=jill)

    assert Meeting.objects.get(pk=meeting.pk).status == Status.MINUTES_DRAFT


def test_approved_with_changes_needs_the_changes(plan, jill):
    item = services.add_item(meeting=plan(), title="Rutiner", actor=jill)

    with pytest.raises(PreconditionFailed, match="förändringarna"):
        services.record_outcome(item=item, outcome="approved_with_changes", actor=jill)
    services.record_outcome(
        item=item,
        outcome="approved_with_changes",
        changes="- att A\n- att B\n",
        actor=jill,
    )

    assert AgendaItem.objects.get(pk=item.pk).change_list == ["att A", "att B"]


@pytest.fixture
def ready_matter(cs, jill):
    matter = matters.register_matter(
        body=cs,
        title="Rutin för utskrivning",
        description="x",
        raised_by=cs.structure.parties.get(name="Lund"),
        category="agreement",
        actor=jill,
    )
    for status in ("in_preparation", "ready"):
        matters.transition_matter(matter=matter, to=status, actor=jill)
    return matter


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        ("approved", "treated"),
        ("recommendation", "treated"),
        ("sent_back", "sent_back"),
        ("postponed", "ready"),
    ],
)
def test_a_matter_placed_on_the_agenda_follows_the_outcome(
    plan, jill, ready_matter, outcome, status
):
    item = services.add_item(
        meeting=plan(), title=ready_matter.title, matter=ready_matter, actor=jill
    )
    ready_matter.refresh_from_db()
    assert ready_matter.status == "on_agenda"

    services.record_outcome(
        item=item, outcome=outcome, outcome_text="Enligt förslaget.", actor=jill
    )

    ready_matter.refresh_from_db()
    assert ready_matter.status == status
    assert "CS 2024-04-12" in ready_matter.events.last().note
    if status == "treated":
        assert ready_matter.outcome.endswith("Enligt förslaget.")
    assert list(ready_matter.agenda_items.all()) == [item]


def test_a_matter_not_ready_cannot_be_put_on_the_agenda(plan, jill, cs):
    matter = matters.register_matter(
        body=cs,
        title="Ny",
        description="x",
        raised_by=cs.structure.parties.get(name="Lund"),
        category="agreement",
        actor=jill,
    )

    with pytest.raises(TransitionNotAllowed):
        services.add_item(meeting=plan(), title=matter.title, matter=matter, actor=jill)
    assert Matter.objects.get(pk=matter.pk).status == "received"


def draft(plan, jill, *, protocol: bool = False):
    meeting = plan()
    if protocol:
        Body.objects.filter(pk=meeting.body_id).update(record_kind=RecordKind.MINUTES)
        meeting.refresh_from_db()
    item = services.add_item(meeting=meeting, title="Rutiner", actor=jill)
    for name, role, side in (
        ("Anna Mannfalk", "chair", "region"),
        ("Anders Rubin", "vice_chair", "municipalities"),
        ("Lisa Flinth", "member", "region"),
    ):
        services.record_attendance(
            meeting=meeting, person=person(name), role=role, side=side, actor=jill
        )
    services.transition_meeting(meeting=meeting, to=Status.HELD, actor=jill)
    services.save_notes(
        item=item, text="CS godkänner rutinen.", base_version=0, actor=jill
    )
    return meeting, item


def test_notes_are_approved_by_the_chair_alone_and_then_locked(
    plan, jill, django_user_model
):
    meeting, item = draft(plan, jill)
    anna = person("Anna Mannfalk")
    anna.user = django_user_model.objects.create_user("anna")
    anna.save()
    services.name_approvers(meeting=meeting, chair=anna, actor=jill)
    assert meeting.approval_due == D(2024, 4, 26)

    services.sign_minutes(meeting=meeting, person=anna, user=anna.user)

    meeting.refresh_from_db()
    assert meeting.status == Status.MINUTES_APPROVED and meeting.approved_at
    assert meeting.content_hash == services.content_hash(meeting)
    assert meeting.signatures.get().content_hash == meeting.content_hash
    item.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match="låsta"):
        services.save_notes(
            item=item,
            text="Ändrad i efterhand",
            base_version=item.notes_version,
            actor=jill,
        )
    with pytest.raises(TransitionNotAllowed):
        services.record_outcome(item=item, outcome="approved", actor=jill)


def test_a_protocol_needs_approvers_and_every_signature(plan, jill, django_user_model):
    meeting, item = draft(plan, jill, protocol=True)
    anna, anders, lisa = (
        person("Anna Mannfalk"),
        person("Anders Rubin"),
        person("Lisa Flinth"),
    )
    for p, username in ((anna, "anna"), (anders, "anders"), (lisa, "lisa")):
        p.user = django_user_model.objects.create_user(username)
        p.save()

    with pytest.raises(PreconditionFailed, match="justerare"):
        services.name_approvers(meeting=meeting, chair=anna, actor=jill)
    services.name_approvers(meeting=meeting, chair=anna, approvers=[anders], actor=jill)
    with pytest.raises(DomainError, match="Bara ordföranden och justerarna"):
        services.propose_change(item=item, proposer=lisa, text="x")

    proposal = services.propose_change(
        item=item, proposer=anders, text="CS godkänner rutinen med ändringar."
    )
    with pytest.raises(PreconditionFailed, match="ändringsförslag"):
        services.sign_minutes(meeting=meeting, person=anna, user=anna.user)
    services.decide_change(proposal=proposal, accept=True, actor=jill)
    services.sign_minutes(meeting=meeting, person=anna, user=anna.user)
    assert Meeting.objects.get(pk=meeting.pk).status == Status.MINUTES_DRAFT
    with pytest.raises(DomainError, match="ska inte justera"):
        services.sign_minutes(meeting=meeting, person=lisa, user=lisa.user)
    services.sign_minutes(meeting=meeting, person=anders, user=anders.user)

    meeting.refresh_from_db()
    assert meeting.status == Status.MINUTES_APPROVED
    assert (
        AgendaItem.objects.get(pk=item.pk).notes
        == "CS godkänner rutinen med ändringar."
    )
    assert ChangeProposal.objects.get().status == "accepted"


def test_a_correction_after_approval_keeps_the_reason_and_changes_the_hash(
    plan, jill, django_user_model
):
    meeting, item = draft(plan, jill)
    anna = person("Anna Mannfalk")
    anna.user = django_user_model.objects.create_user("anna")
    anna.save()
    services.name_approvers(meeting=meeting, chair=anna, actor=jill)
    services.sign_minutes(meeting=meeting, person=anna, user=anna.user)
    approved_hash = Meeting.objects.get(pk=meeting.pk).content_hash

    with pytest.raises(PreconditionFailed, match="skälet"):
        services.correct_minutes(item=item, text="Rättad text.", reason="", actor=jill)
    correction = services.correct_minutes(
        item=item, text="Rättad text.", reason="Felstavat namn", actor=jill
    )

    meeting.refresh_from_db()
    assert (correction.before, correction.after) == (
        "CS godkänner rutinen.",
        "Rättad text.",
    )
    assert (
        meeting.content_hash != approved_hash == meeting.signatures.get().content_hash
    )
    assert (
        meeting.content_hash
        == correction.content_hash
        == services.content_hash(meeting)
    )


def test_the_hash_shows_any_tampering(plan, jill):
    meeting, item = draft(plan, jill)
    before = services.content_hash(meeting)

    AgendaItem.objects.filter(pk=item.pk).update(notes="Ändrat direkt i databasen")

    assert services.content_hash(meeting) != before


def test_an_item_approved_at_once_is_locked(plan, jill):
    meeting, item = draft(plan, jill)
    with pytest.raises(PreconditionFailed):
        services.approve_item_at_once(item=item, actor=jill)
    services.record_outcome(item=item, outcome="approved", actor=jill)
    services.approve_item_at_once(item=item, actor=jill)
    item.refresh_from_db()

    with pytest.raises(TransitionNotAllowed, match="omedelbart justerad"):
        services.save_notes(
            item=item, text="x", base_version=item.notes_version, actor=jill
        )


def test_the_approval_deadline_is_reminded(plan, jill, mailoutbox):
    meeting, _item = draft(plan, jill)
    anna = person("Anna Mannfalk")
    anna.email = "anna@skane.example"
    anna.save()
    services.name_approvers(meeting=meeting, chair=anna, due=D(2024, 4, 26), actor=jill)

    assert services.remind_approvals(today=D(2024, 4, 20)) == 0
    assert services.remind_approvals(today=D(2024, 4, 24)) == 1
    assert mailoutbox[0].to == ["anna@skane.example"]
    assert "senast 2024-04-26" in mailoutbox[0].body


def test_a_position_needs_its_side_and_a_recusal_is_recorded(plan, jill):
    item = services.add_item(meeting=plan(), title="Tvist", actor=jill)

    with pytest.raises(PreconditionFailed):
        services.add_statement(item=item, kind="position", text="Vi anser", actor=jill)
    services.add_statement(
        item=item,
        kind="position",
        side="municipalities",
        text="Kommunerna anser",
        actor=jill,
    )
    services.declare_recusal(
        item=item, person=person("Teddy Nilsson"), note="Anhörig", actor=jill
    )

    assert item.statements.get().side == "municipalities"
    assert item.recusals.get().person.last_name == "Nilsson"


def test_follow_ups_stay_open_until_resolved(seed_meeting, cs, jill):
    follow_up = FollowUp.objects.get(text__startswith="Återkoppling till CS i april")
    later = services.create_meeting(
        body=cs, starts_at=dt.datetime(2024, 4, 12, 9, tzinfo=ZONE), actor=jill
    )
    item = later.items.get(proposed_from=follow_up)

    services.resolve_follow_up(follow_up=follow_up, item=item, actor=jill)

    assert FollowUp.objects.get(pk=follow_up.pk).status == "done"


def test_the_seed_meeting_was_sent_out_approved_and_published(seed_meeting):
    assert seed_meeting.status == Status.PUBLISHED
    assert seed_meeting.items.count() == 7
    assert seed_meeting.content_hash
    changes = seed_meeting.items.get(
        title="Rutiner för delregional samverkan"
    ).change_list
    assert len(changes) == 3
    assert (
        Attendance.objects.get(
            meeting=seed_meeting, person__last_name="Wahlberg"
        ).status
        == "apologies"
    )


def test_email_body_lists_the_document_links(
    plan, jill, mailoutbox, sample_files, django_capture_on_commit_callbacks
):
    meeting = plan()
    item = services.add_item(meeting=meeting, title="Rutiner", actor=jill)
    services.attach_to_item(
        item=item, filename="rutin.pdf", content=sample_files["pdf"], actor=jill
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.send_agenda(meeting=meeting, actor=jill)

    message = email.message_from_bytes(mailoutbox[0].message().as_bytes())
    assert "rutin.pdf" in mailoutbox[0].body
    assert message.is_multipart()


def test_an_assignment_comes_back_to_a_later_meeting(plan, jill):
    december = plan(starts_at=dt.datetime(2023, 12, 8, 9, tzinfo=ZONE))
    april = plan(starts_at=dt.datetime(2024, 4, 12, 9, tzinfo=ZONE))
    item = services.add_item(meeting=december, title="Kommunikationsplan", actor=jill)

    with pytest.raises(DomainError, match="senare möte"):
        services.add_assignment(
            item=item, title="x", return_meeting=december, actor=jill
        )
    assignment = services.add_assignment(
        item=item, title="Ta fram planen", return_meeting=april, actor=jill
    )

    assert assignment.return_meeting == april and assignment.return_body == april.body
    assert list(april.returning_assignments.all()) == [assignment]
