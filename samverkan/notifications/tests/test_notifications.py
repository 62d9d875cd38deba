"""Notifications: who hears of what, in the app and by e-mail, and retries."""

import datetime as dt
import smtplib
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samverkan.deviations import services as deviations
from samverkan.matters import services as matters
from samverkan.meetings import services as meetings
from samverkan.meetings.models import Meeting
from samverkan.notifications import reminders, services
from samverkan.notifications.models import (
    Delivery,
    EmailState,
    Kind,
    Notification,
    Preference,
)

ZONE = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:  # noqa: ANN001
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


@pytest.fixture
def meeting(persona_body, secretary) -> Meeting:
    return meetings.create_meeting(
        body=persona_body,
        starts_at=timezone.now() + dt.timedelta(days=10),
        actor=secretary,
    )


@pytest.fixture
def send_agenda(meeting, secretary, django_capture_on_commit_callbacks):  # noqa: ANN001
    def send() -> Meeting:
        meetings.add_item(meeting=meeting, title="Kommunikationsplan", actor=secretary)
        with django_capture_on_commit_callbacks(execute=True):
            meetings.send_agenda(meeting=meeting, actor=secretary)
        return meeting

    return send


def test_sending_the_agenda_tells_the_members_and_not_the_outsider(
    send_agenda, member, chair, official, outsider, secretary
) -> None:
    send_agenda()
    for user in (member, chair, official):
        assert len(titles(user)) == 1
        assert "Dagordningen till Centralt Samverkansorgan" in titles(user)[0]
    assert titles(outsider) == []
    # The secretary sent it and is not told of her own action.
    assert titles(secretary) == []


def test_news_waits_for_the_daily_digest_by_default(send_agenda, member) -> None:
    mail.outbox.clear()
    send_agenda()
    notification = Notification.objects.get(user=member)
    assert notification.delivery == Delivery.DIGEST
    assert notification.email_state == EmailState.PENDING
    assert [m for m in mail.outbox if member.email in m.to] == []

    assert services.send_digests(today=timezone.localdate()) == 1
    digest = [m for m in mail.outbox if m.to == [member.email]]
    assert len(digest) == 1
    assert "Dagordningen till Centralt Samverkansorgan" in digest[0].body
    assert "http://127.0.0.1:8000/moten/" in digest[0].body or "/mote" in digest[0].body
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    # Nothing left: the next digest sends nothing.
    assert services.send_digests(today=timezone.localdate()) == 0


def test_a_user_who_chose_immediate_gets_the_email_at_once(send_agenda, member) -> None:
    Preference.objects.create(
        user=member, kind=Kind.AGENDA_SENT, email=Delivery.IMMEDIATE
    )
    mail.outbox.clear()
    send_agenda()
    mine = [m for m in mail.outbox if m.to == [member.email]]
    assert len(mine) == 1
    assert mine[0].subject.startswith("Dagordningen till Centralt Samverkansorgan")
    assert Notification.objects.get(user=member).email_state == EmailState.SENT


def test_a_user_who_turned_a_kind_off_gets_nothing(send_agenda, member) -> None:
    Preference.objects.create(
        user=member, kind=Kind.AGENDA_SENT, in_app=False, email=Delivery.NONE
    )
    send_agenda()
    assert titles(member) == []


def test_email_only_is_not_listed_in_the_app(send_agenda, member, client) -> None:
    Preference.objects.create(
        user=member, kind=Kind.AGENDA_SENT, in_app=False, email=Delivery.IMMEDIATE
    )
    send_agenda()
    assert Notification.objects.get(user=member).email_state == EmailState.SENT
    client.force_login(member)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Du har inga notiser." in page


def test_a_failed_email_is_retried_and_never_blocks_the_action(
    send_agenda, member, meeting, monkeypatch
) -> None:
    Preference.objects.create(
        user=member, kind=Kind.AGENDA_SENT, email=Delivery.IMMEDIATE
    )

    def refuse(*args: object, **kwargs: object) -> None:
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(services, "_send", refuse)
    send_agenda()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_SENT  # the action stood
    notification = Notification.objects.get(user=member)
    assert notification.email_state == EmailState.PENDING
    assert notification.attempts == 1
    assert "connection lost" in notification.last_error
    assert notification.next_attempt_at > timezone.now()

    # Not yet due: the sweep leaves it.
    assert services.retry_due() == 0
    monkeypatch.undo()
    mail.outbox.clear()
    later = notification.next_attempt_at + dt.timedelta(seconds=1)
    assert services.retry_due(later) == 1
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_an_email_that_keeps_failing_is_marked_failed(member, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(services, "_send", refuse)
    Preference.objects.create(
        user=member, kind=Kind.ASSIGNMENT_DUE, email=Delivery.IMMEDIATE
    )
    [notification] = services.notify(
        users=[member], kind=Kind.ASSIGNMENT_DUE, title="Uppdrag"
    )
    now = timezone.now()
    for _attempt in range(services.MAX_ATTEMPTS):
        services.deliver([notification.pk])
        now += dt.timedelta(days=1)
    notification.refresh_from_db()
    assert notification.attempts == services.MAX_ATTEMPTS
    assert notification.email_state == EmailState.FAILED
    assert services.retry_due(now) == 0


def test_a_retry_is_scheduled_on_a_backend_that_can_wait(
    settings, member, monkeypatch
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        services, "_send", lambda *a, **k: (_ for _ in ()).throw(OSError("down"))
    )
    notification = Notification.objects.create(
        user=member,
        kind=Kind.ASSIGNMENT_DUE,
        title="Uppdrag",
        delivery=Delivery.IMMEDIATE,
        email_state=EmailState.PENDING,
    )
    services.deliver([notification.pk])
    notification.refresh_from_db()
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("deliver_notifications")
    assert task.args_kwargs["args"] == [[notification.pk]]
    assert task.run_after == notification.next_attempt_at


def test_a_broken_queue_does_not_undo_the_users_action(
    meeting, secretary, member, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from samverkan.notifications import tasks

    def broken(*args: object) -> None:
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(tasks, "announce_event", SimpleNamespace(enqueue=broken))
    meetings.add_item(meeting=meeting, title="Punkt", actor=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.send_agenda(meeting=meeting, actor=secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_SENT
    assert titles(member) == []


def test_a_matter_status_change_reaches_registrant_and_party_not_the_actor(
    persona_body,
    municipality,
    party_contact,
    official,
    secretary,
    outsider,
    django_capture_on_commit_callbacks,
) -> None:
    matter = matters.register_matter(
        body=persona_body,
        title="Läkemedelsgenomgångar",
        description="Text",
        raised_by=municipality,
        category="agreement",
        actor=party_contact,
    )
    with django_capture_on_commit_callbacks(execute=True):
        matters.transition_matter(matter=matter, to="in_preparation", actor=secretary)
    [title] = titles(party_contact)
    assert title == f"{matter.registry_number} Läkemedelsgenomgångar: under beredning"
    assert titles(secretary) == []
    assert titles(outsider) == []


def test_a_reported_deviation_reaches_the_concerned_party_at_once(
    structure,
    region,
    municipality,
    party_contact,
    outsider,
    django_capture_on_commit_callbacks,
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        deviation = deviations.report_deviation(
            structure=structure,
            reporting_party=region,
            reporting_unit="Avdelning 3",
            concerned_party=municipality,
            event_date=timezone.localdate(),
            category="information",
            description="Utskrivningsmeddelandet saknades i SVPL.",
            consequence="minor",
            actor=None,
        )
    [notification] = Notification.objects.filter(user=party_contact)
    assert notification.kind == Kind.DEVIATION_TO_ANSWER
    assert deviation.reference in notification.title
    assert notification.url == deviation.get_absolute_url()
    assert notification.email_state == EmailState.SENT
    assert any(m.to == [party_contact.email] for m in mail.outbox)
    assert titles(outsider) == []


def test_due_work_is_told_once_then_once_more_when_late(
    meeting, secretary, member, today
) -> None:
    item = meetings.add_item(meeting=meeting, title="Uppdrag", actor=secretary)
    assignment = meetings.add_assignment(
        item=item,
        title="Ta fram en kommunikationsplan",
        actor=secretary,
        owners=[member.person],
        due=today + dt.timedelta(days=5),
    )
    assert reminders.assignments_due(today - dt.timedelta(days=10)) == 0
    assert reminders.remind(today=today) == 1
    assert reminders.remind(today=today + dt.timedelta(days=1)) == 0  # once
    assert reminders.remind(today=today + dt.timedelta(days=6)) == 1  # late
    assert titles(member) == [
        f"Uppdraget ”{assignment.title}” skulle ha varit klart {assignment.due}",
        f"Uppdraget ”{assignment.title}” ska vara klart {assignment.due}",
    ]
    meetings.set_assignment_status(
        assignment=assignment, status="done", actor=secretary
    )
    assert reminders.remind(today=today + dt.timedelta(days=30)) == 0


def test_an_overdue_deviation_is_told_to_the_concerned_party(
    structure, region, municipality, party_contact, today
) -> None:
    deviation = deviations.report_deviation(
        structure=structure,
        reporting_party=region,
        reporting_unit="Avdelning 3",
        concerned_party=municipality,
        event_date=today,
        category="information",
        description="Beskrivning",
        consequence="minor",
        actor=None,
    )
    assert reminders.deviations_overdue(deviation.answer_due) == 0
    after = deviation.answer_due + dt.timedelta(days=1)
    assert reminders.deviations_overdue(after) == 1
    assert reminders.deviations_overdue(after + dt.timedelta(days=1)) == 0
    notification = Notification.objects.get(
        user=party_contact, kind=Kind.DEVIATION_OVERDUE
    )
    assert deviation.answer_due.isoformat() in notification.title
    deviations.answer_deviation(
        deviation=deviation, answer="Rutinen är ändrad.", actor=party_contact
    )
    assert reminders.deviations_overdue(after + dt.timedelta(days=10)) == 0


def test_an_open_follow_up_is_told_two_weeks_before_its_month(
    meeting, secretary, member, persona_body, today
) -> None:
    item = meetings.add_item(meeting=meeting, title="Läget", actor=secretary)
    month = (today + dt.timedelta(days=40)).replace(day=1)
    follow_up = meetings.add_follow_up(
        item=item,
        text="Återkoppling till CS",
        target_body=persona_body,
        target_month=month,
        actor=secretary,
        responsible=[member.person],
    )
    assert reminders.follow_ups_due(month - dt.timedelta(days=15)) == 0
    assert reminders.follow_ups_due(month - dt.timedelta(days=14)) == 2
    assert {n.user for n in Notification.objects.filter(kind=Kind.FOLLOW_UP_DUE)} == {
        member,
        secretary,
    }
    assert follow_up.text in titles(member)[0]


def test_published_minutes_reach_those_who_may_read_them(
    meeting, member, outsider, secretary, django_capture_on_commit_callbacks
) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_APPROVED)
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.publish(meeting=meeting, actor=secretary)
    assert len(titles(member)) == 1
    assert "Minnesanteckningarna från" in titles(member)[0]
    assert titles(outsider) == []


# The pages.


def test_preferences_are_saved_and_bad_input_is_refused(client, member) -> None:
    client.force_login(member)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "Avvikelse att besvara" in page
    data = {f"{kind.value}-email": Delivery.DIGEST for kind in Kind}
    data |= {f"{kind.value}-in_app": "on" for kind in Kind}
    data["matter_status-email"] = Delivery.NONE
    del data["matter_status-in_app"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert services.preferences_of(member)["matter_status"] == (False, "none")
    assert services.preferences_of(member)["deviation_to_answer"] == (True, "digest")

    data["agenda_sent-email"] = "hourly"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Kontrollera valen nedan." in response.content.decode()
    assert services.preferences_of(member)["agenda_sent"] == (True, "digest")


def test_the_inbox_lists_only_my_notifications_and_marks_them_read(
    client, member, chair
) -> None:
    [mine] = services.notify(
        users=[member], kind=Kind.MATTER_STATUS, title="Mitt ärende", url="/diarium/"
    )
    [theirs] = services.notify(
        users=[chair], kind=Kind.MATTER_STATUS, title="Ordförandens ärende"
    )
    client.force_login(member)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Mitt ärende" in page
    assert "Ordförandens ärende" not in page
    assert "1 oläst" in page  # the header badge

    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/diarium/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == (
        404
    )
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client, member) -> None:
    for n in range(3):
        services.notify(users=[member], kind=Kind.MATTER_STATUS, title=f"Ärende {n}")
    client.force_login(member)
    client.post(reverse("notifications:mark-all-read"))
    assert services.unread_count(member) == 0


def test_an_outside_address_is_not_followed(client, member) -> None:
    [notification] = services.notify(
        users=[member],
        kind=Kind.MATTER_STATUS,
        title="Länk",
        url="https://evil.example/",
    )
    client.force_login(member)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:inbox")


@pytest.mark.parametrize("count", [5, 50])
def test_the_inbox_costs_the_same_for_many_notifications(
    client, member, count, django_assert_max_num_queries
) -> None:
    for n in range(count):
        services.notify(users=[member], kind=Kind.MATTER_STATUS, title=f"Ärende {n}")
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:inbox"))
    assert response.content.decode().count('<li class="notification') == min(count, 30)
