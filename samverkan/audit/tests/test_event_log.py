"""The security log: what is written to it, and who may read it."""

from django.test import Client
from django.urls import reverse

from samverkan.audit.models import AuditEvent
from samverkan.audit.services import record_event

LOG = "/granskning/logg/"


def test_a_permission_denial_is_logged_with_user_and_address(client, member) -> None:
    client.force_login(member)
    assert client.get(LOG).status_code == 403
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERMISSION_DENIED)
    assert event.user == member
    assert event.path == LOG
    assert event.detail == "Sidan är bara för administratörer."


def test_failed_sign_ins_are_logged_even_for_unknown_names(db) -> None:
    Client().post(reverse("accounts:sign-in"), {"username": "nobody", "password": "x"})
    assert AuditEvent.objects.get().username == "nobody"


def test_the_administrator_reads_the_log_newest_first(client, administrator) -> None:
    record_event(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="first")
    record_event(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="second")
    client.force_login(administrator)
    html = client.get(LOG).content.decode()
    assert html.index("second") < html.index("first")
    assert "Misslyckad inloggning" in html


def test_the_log_filters_by_kind(client, administrator) -> None:
    record_event(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="failed-one")
    record_event(kind=AuditEvent.Kind.LOCKED_OUT, username="locked-one")
    client.force_login(administrator)
    html = client.get(LOG, {"kind": "locked_out"}).content.decode()
    assert "locked-one" in html
    assert "failed-one" not in html


def test_the_log_pages_by_fifty_with_few_queries(
    client, administrator, django_assert_max_num_queries
) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(kind=AuditEvent.Kind.SIGN_IN_FAILED, username=f"u{n}")
        for n in range(120)
    )
    client.force_login(administrator)
    with django_assert_max_num_queries(10):
        response = client.get(LOG)
    assert response.content.decode().count("<tr><td>") == 50
    assert "Sida 1 av 3" in response.content.decode()


def test_the_log_cannot_be_changed_in_the_admin(admin_client) -> None:
    event = record_event(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="x")
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert admin_client.post(change, {"username": "y"}).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.username == "x"


def test_a_refused_csrf_check_is_logged_as_a_denial(db) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:sign-in"), {"username": "x"})
    assert response.status_code == 403
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERMISSION_DENIED)
    assert event.path == reverse("accounts:sign-in")


def test_a_denial_is_logged_once(client, member) -> None:
    client.force_login(member)
    client.get(LOG)
    assert (
        AuditEvent.objects.filter(kind=AuditEvent.Kind.PERMISSION_DENIED).count() == 1
    )
