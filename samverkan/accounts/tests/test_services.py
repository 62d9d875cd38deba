"""The account services on their own, without views."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverkan.accounts import services
from samverkan.accounts.models import ExternalIdentity, RoleGrant
from samverkan.audit.models import AuditEvent
from samverkan.audit.services import record_event
from samverkan.lib.errors import IdentityNotRecognised, SignInLocked

ISSUER = "https://idp.example.se"


def fail(username: str, kind: str = AuditEvent.Kind.SIGN_IN_FAILED) -> None:
    record_event(kind=kind, username=username)


def test_failures_are_counted_per_username(db) -> None:
    fail("anna")
    fail("anna", AuditEvent.Kind.TWO_FACTOR_FAILED)
    fail("bo")
    assert services.recent_failures("anna") == 2
    assert services.recent_failures("bo") == 1
    assert services.recent_failures("carl") == 0


def test_failures_older_than_the_window_do_not_count(db) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=20)):
        fail("anna")
    fail("anna")
    assert services.recent_failures("anna") == 1


def test_a_successful_sign_in_starts_the_count_again(db) -> None:
    fail("anna")
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=1)):
        record_event(kind=AuditEvent.Kind.SIGNED_IN, username="anna")
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=2)):
        fail("anna")
        assert services.recent_failures("anna") == 1


def test_the_lock_follows_the_settings(db, settings) -> None:
    settings.SIGN_IN_MAX_FAILURES = 2
    settings.SIGN_IN_LOCKOUT_SECONDS = 120
    fail("anna")
    services.check_sign_in_allowed(username="anna")
    fail("anna")
    with pytest.raises(SignInLocked, match="spärrat i 2 minuter"):
        services.check_sign_in_allowed(username="anna")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT).count() == 1


def test_granting_a_role_validates_it_and_names_the_actor(
    structure, persona_body, outsider, administrator
) -> None:
    grant = services.grant_role(
        user=outsider,
        role=RoleGrant.Role.SECRETARY,
        structure=structure,
        body=persona_body,
        actor=administrator,
    )
    assert grant.start == timezone.localdate()
    assert grant.history.get().history_user == administrator
    with pytest.raises(ValidationError):
        services.grant_role(
            user=outsider, role=RoleGrant.Role.PARTY_CONTACT, structure=structure
        )


def test_a_role_may_not_end_before_it_starts(structure, outsider) -> None:
    with pytest.raises(ValidationError):
        services.grant_role(
            user=outsider,
            role=RoleGrant.Role.ANALYST,
            structure=structure,
            start=dt.date(2024, 2, 1),
            end=dt.date(2024, 1, 1),
        )


def claims(**overrides: object) -> dict:
    values = {"sub": "abc", "email": "anna@example.org", "email_verified": True}
    values.update(overrides)
    return values


def test_an_identity_matches_the_person_with_that_verified_email(
    create_person,
) -> None:
    person = create_person("Anna A", email="ANNA@example.org")
    user = services.user_for_identity(issuer=ISSUER, claims=claims())
    person.refresh_from_db()
    assert person.user == user
    assert ExternalIdentity.objects.get().last_used is not None


def test_an_identity_uses_the_persons_existing_user(create_person, member) -> None:
    create_person("Anna A", email="anna@example.org", user=None)
    member.person.email = "anna@example.org"
    member.person.save()
    with pytest.raises(IdentityNotRecognised):
        # Two people with the address: nobody is guessed.
        services.user_for_identity(issuer=ISSUER, claims=claims())
    member.person.email = "member@example.org"
    member.person.save()
    assert (
        services.user_for_identity(
            issuer=ISSUER, claims=claims(email="member@example.org")
        )
        == member
    )


def test_an_identity_without_a_subject_is_refused(create_person) -> None:
    create_person("Anna A", email="anna@example.org")
    with pytest.raises(IdentityNotRecognised):
        services.user_for_identity(issuer=ISSUER, claims=claims(sub=""))


def test_an_identity_of_a_deactivated_user_is_refused(member) -> None:
    ExternalIdentity.objects.create(user=member, issuer=ISSUER, subject="abc")
    member.is_active = False
    member.save()
    with pytest.raises(IdentityNotRecognised, match="avstängt"):
        services.user_for_identity(issuer=ISSUER, claims=claims())


def test_the_same_subject_from_another_issuer_is_another_identity(
    member, create_person
) -> None:
    ExternalIdentity.objects.create(user=member, issuer="https://other", subject="abc")
    with pytest.raises(IdentityNotRecognised):
        services.user_for_identity(issuer=ISSUER, claims=claims(email="x@example.org"))


def test_many_names_tried_from_one_address_lock_the_address(db, settings, rf) -> None:
    settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3
    request = rf.post("/konto/logga-in/", REMOTE_ADDR="192.0.2.7")
    for name in ("anna", "bo", "carl"):
        record_event(
            kind=AuditEvent.Kind.SIGN_IN_FAILED, request=request, username=name
        )
    with pytest.raises(SignInLocked, match="från din adress"):
        services.check_sign_in_allowed(username="dora", request=request)
    elsewhere = rf.post("/konto/logga-in/", REMOTE_ADDR="192.0.2.8")
    services.check_sign_in_allowed(username="dora", request=elsewhere)
