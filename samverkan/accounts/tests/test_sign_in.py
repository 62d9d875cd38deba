"""Signing in: password, throttling, the second factor and signing out."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samverkan.audit.models import AuditEvent

SIGN_IN = "/konto/logga-in/"
CODE = "/konto/logga-in/kod/"
SETUP = "/konto/tvastegsverifiering/"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}"


@pytest.fixture
def plain() -> Client:
    """A client that signs in only the way a browser does."""
    return Client()


def sign_in(client: Client, username: str, password: str, next_url: str = "") -> object:
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(SIGN_IN, data)


def test_the_sign_in_page_speaks_swedish_and_labels_its_fields(plain, db) -> None:
    response = plain.get(SIGN_IN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">Användarnamn' in html
    assert '<label for="id_password">Lösenord' in html
    assert 'autocomplete="current-password"' in html


def test_it_signs_in_with_the_right_password_and_logs_it(plain, member) -> None:
    response = sign_in(plain, "member", "member-password-1", "/konto/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/"
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGNED_IN)
    assert event.user == member
    assert event.ip_address == "127.0.0.1"


def test_it_refuses_a_wrong_password_with_a_message_and_logs_it(plain, member) -> None:
    response = sign_in(plain, "member", "wrong")
    assert response.status_code == 400
    assert "Fel användarnamn eller lösenord" in response.content.decode()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_IN_FAILED)
    assert event.username == "member"
    assert "_auth_user_id" not in plain.session


def test_it_ignores_a_next_address_on_another_site(plain, member) -> None:
    response = sign_in(plain, "member", "member-password-1", "https://evil.example/")
    assert response["Location"] == "/"


def test_it_locks_a_username_out_after_five_failures(plain, member, settings) -> None:
    for _attempt in range(4):
        assert sign_in(plain, "member", "wrong").status_code == 400
    response = sign_in(plain, "member", "wrong")
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert "spärrat i 15 minuter" in response.content.decode()
    # Even the right password is refused while the lock lasts.
    response = sign_in(plain, "member", "member-password-1")
    assert response.status_code == 429
    assert "_auth_user_id" not in plain.session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT).count() == 2


def test_the_lock_lifts_when_the_window_has_passed(plain, member) -> None:
    for _attempt in range(5):
        sign_in(plain, "member", "wrong")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        response = sign_in(plain, "member", "member-password-1")
    assert response.status_code == 302


def test_a_successful_sign_in_resets_the_count(plain, member) -> None:
    for _attempt in range(4):
        sign_in(plain, "member", "wrong")
    sign_in(plain, "member", "member-password-1")
    plain.logout()
    for _attempt in range(4):
        assert sign_in(plain, "member", "wrong").status_code == 400


def test_the_lock_is_per_username(plain, member, chair) -> None:
    for _attempt in range(5):
        sign_in(plain, "member", "wrong")
    assert sign_in(plain, "chair", "chair-password-1").status_code == 302


def test_a_user_with_an_app_is_asked_for_the_code(plain, secretary) -> None:
    response = sign_in(plain, "secretary", "secret-password-1", "/konto/")
    assert response.status_code == 302
    assert response["Location"].startswith(CODE)
    # Not signed in yet: the first factor alone gives nothing.
    assert "_auth_user_id" not in plain.session
    assert plain.get("/konto/")["Location"].startswith(SIGN_IN)


def test_the_right_code_signs_in_and_verifies_the_session(plain, secretary) -> None:
    device = TOTPDevice.objects.get(user=secretary)
    sign_in(plain, "secretary", "secret-password-1")
    response = plain.post(CODE, {"code": current_code(device), "next": "/konto/"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/"
    assert plain.get("/konto/").status_code == 200


def test_a_wrong_code_is_refused_and_logged(plain, secretary) -> None:
    sign_in(plain, "secretary", "secret-password-1")
    response = plain.post(CODE, {"code": "000000"})
    assert response.status_code == 400
    assert "Koden stämmer inte" in response.content.decode()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TWO_FACTOR_FAILED).exists()


def test_wrong_codes_count_towards_the_lock(plain, secretary) -> None:
    sign_in(plain, "secretary", "secret-password-1")
    for _attempt in range(5):
        plain.post(CODE, {"code": "000000"})
    response = plain.post(CODE, {"code": "000000"})
    assert response.status_code == 429
    assert sign_in(plain, "secretary", "secret-password-1").status_code == 429


def test_a_code_is_not_accepted_twice(plain, secretary) -> None:
    device = TOTPDevice.objects.get(user=secretary)
    code = current_code(device)
    sign_in(plain, "secretary", "secret-password-1")
    plain.post(CODE, {"code": code})
    other = Client()
    sign_in(other, "secretary", "secret-password-1")
    assert other.post(CODE, {"code": code}).status_code == 400


def test_the_code_step_expires_after_five_minutes(plain, secretary) -> None:
    device = TOTPDevice.objects.get(user=secretary)
    sign_in(plain, "secretary", "secret-password-1")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6)):
        response = plain.post(CODE, {"code": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == SIGN_IN


def test_a_secretary_without_an_app_is_sent_to_set_one_up_first(
    plain, secretary
) -> None:
    TOTPDevice.objects.filter(user=secretary).delete()
    sign_in(plain, "secretary", "secret-password-1")
    response = plain.get("/samverkan/test/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    assert plain.get("/konto/")["Location"].startswith(SETUP)


def test_an_administrator_is_sent_to_set_up_an_app_too(plain, administrator) -> None:
    TOTPDevice.objects.filter(user=administrator).delete()
    sign_in(plain, "administrator", "administrator-password-1")
    assert plain.get("/granskning/logg/")["Location"].startswith(SETUP)


def test_setting_up_an_app_confirms_it_and_lets_the_user_on(plain, secretary) -> None:
    TOTPDevice.objects.filter(user=secretary).delete()
    sign_in(plain, "secretary", "secret-password-1")
    page = plain.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert "Som administratör eller sekreterare måste du" in html
    device = TOTPDevice.objects.get(user=secretary, confirmed=False)
    response = plain.post(SETUP, {"code": current_code(device), "next": "/konto/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert plain.get("/konto/").status_code == 200


def test_setting_up_refuses_a_wrong_code(plain, member) -> None:
    sign_in(plain, "member", "member-password-1")
    plain.get(SETUP)
    response = plain.post(SETUP, {"code": "000000"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()


def test_two_factors_are_optional_for_a_member(plain, member) -> None:
    sign_in(plain, "member", "member-password-1")
    assert plain.get("/konto/").status_code == 200


def test_a_member_who_chose_an_app_is_asked_for_the_code(plain, member) -> None:
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    response = sign_in(plain, "member", "member-password-1")
    assert response["Location"].startswith(CODE)


def test_the_admin_sign_in_is_ours(plain, db) -> None:
    response = plain.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/admin/"
    assert plain.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_admin_is_closed_to_a_superuser_without_the_second_factor(
    plain, admin_user
) -> None:
    plain.force_login(admin_user)
    assert plain.get("/admin/")["Location"].startswith(SETUP)


def test_signing_out_ends_the_session_and_is_logged(client, member) -> None:
    client.force_login(member)
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302
    assert client.get("/konto/")["Location"].startswith(SIGN_IN)
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.SIGNED_OUT, user=member
    ).exists()


def test_changing_the_password_applies_the_validators(client, member) -> None:
    client.force_login(member)
    url = reverse("accounts:password-change")
    short = {
        "old_password": "member-password-1",
        "new_password1": "kort",
        "new_password2": "kort",
    }
    response = client.post(url, short)
    assert response.status_code == 400
    assert "minst 12 tecken" in response.content.decode()
    good = {
        **short,
        "new_password1": "ett-bra-lösenord-2024",
        "new_password2": "ett-bra-lösenord-2024",
    }
    assert client.post(url, good)["Location"] == reverse("accounts:account")
    member.refresh_from_db()
    assert member.check_password("ett-bra-lösenord-2024")


def test_the_account_page_lists_the_roles(client, chair, party_contact) -> None:
    client.force_login(chair)
    assert "ordförande, CS" in client.get("/konto/").content.decode()
    client.force_login(party_contact)
    assert "partskontakt, Malmö" in client.get("/konto/").content.decode()


def test_an_htmx_request_is_sent_whole_page_to_set_up_an_app(plain, secretary) -> None:
    TOTPDevice.objects.filter(user=secretary).delete()
    sign_in(plain, "secretary", "secret-password-1")
    response = plain.get("/samverkan/test/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == SETUP


def test_an_unverified_session_may_not_replace_the_app(plain, member) -> None:
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    plain.force_login(member)  # signed in, but without the code
    assert plain.get(SETUP).status_code == 403
    assert TOTPDevice.objects.filter(user=member).count() == 1


def test_a_verified_session_may_replace_the_app(client, secretary) -> None:
    client.force_login(secretary)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=secretary, confirmed=False)
    response = client.post(SETUP, {"code": current_code(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=secretary)) == [new]


def test_the_next_address_survives_the_code_step_whole(plain, secretary) -> None:
    response = sign_in(plain, "secretary", "secret-password-1", "/konto/?a=1&b=2")
    assert response["Location"] == f"{CODE}?next=/konto/%3Fa%3D1%26b%3D2"
    device = TOTPDevice.objects.get(user=secretary)
    response = plain.post(
        response["Location"], {"code": current_code(device), "next": "/konto/?a=1&b=2"}
    )
    assert response["Location"] == "/konto/?a=1&b=2"
