"""Invitations, and an administrator's export and removal of a person."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts import services
from samverkan.accounts.models import Invitation, RoleGrant, User
from samverkan.audit.models import AuditEvent
from samverkan.lib.errors import InvitationInvalid, PersonInPublicRecord
from samverkan.organisation.models import Person


@pytest.fixture
def lonely(create_person) -> Person:
    return create_person("Lena Ensam", email="lena@example.org")


def invite(person: Person, actor: User) -> str:
    _invitation, token = services.invite_person(
        person=person,
        email="lena@example.org",
        actor=actor,
        base_url="https://samverkan.example/",
    )
    return token


# Invitations.


def test_an_invitation_mails_a_link_and_stores_only_its_digest(
    lonely, administrator
) -> None:
    token = invite(lonely, administrator)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lena@example.org"]
    assert f"https://samverkan.example/konto/inbjudan/{token}/" in message.body
    assert "Hej Lena Ensam" in message.body
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.expires > timezone.now() + dt.timedelta(days=6)


def test_accepting_an_invitation_creates_the_user_and_links_the_person(
    lonely, administrator
) -> None:
    token = invite(lonely, administrator)
    user = services.accept_invitation(token=token, password="ett-bra-lösenord-2024")
    lonely.refresh_from_db()
    assert lonely.user == user
    assert user.username == "lena@example.org"
    assert user.check_password("ett-bra-lösenord-2024")
    assert (user.first_name, user.last_name) == ("Lena", "Ensam")


def test_an_invitation_sets_the_password_of_an_existing_user(
    create_person, administrator, django_user_model
) -> None:
    existing = django_user_model.objects.create_user("lena", is_active=False)
    person = create_person("Lena Ensam", user=existing)
    token = invite(person, administrator)
    user = services.accept_invitation(token=token, password="ett-bra-lösenord-2024")
    assert user == existing
    assert user.is_active


def test_an_invitation_works_only_once(lonely, administrator) -> None:
    token = invite(lonely, administrator)
    services.accept_invitation(token=token, password="ett-bra-lösenord-2024")
    with pytest.raises(InvitationInvalid):
        services.accept_invitation(token=token, password="ett-annat-lösenord-2024")


def test_an_invitation_expires(lonely, administrator) -> None:
    token = invite(lonely, administrator)
    with (
        time_machine.travel(timezone.now() + dt.timedelta(days=8)),
        pytest.raises(InvitationInvalid, match="gått ut"),
    ):
        services.accept_invitation(token=token, password="ett-bra-lösenord-2024")


def test_an_invitation_refuses_a_weak_password(lonely, administrator) -> None:
    token = invite(lonely, administrator)
    with pytest.raises(ValidationError):
        services.accept_invitation(token=token, password="lena")
    assert Invitation.objects.get().accepted is None


def test_the_invitation_page_sets_the_password(lonely, administrator) -> None:
    token = invite(lonely, administrator)
    client = Client()
    url = reverse("accounts:invitation", args=[token])
    assert "Välkommen, Lena Ensam" in client.get(url).content.decode()
    response = client.post(url, {"password1": "kort", "password2": "kort"})
    assert response.status_code == 400
    assert "för kort" in response.content.decode()
    response = client.post(
        url,
        {"password1": "ett-bra-lösenord-2024", "password2": "ett-bra-lösenord-2024"},
    )
    assert response["Location"] == reverse("accounts:sign-in")
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "lena@example.org", "password": "ett-bra-lösenord-2024"},
    )
    assert response.status_code == 302


def test_a_used_invitation_page_says_so(lonely, administrator) -> None:
    token = invite(lonely, administrator)
    services.accept_invitation(token=token, password="ett-bra-lösenord-2024")
    response = Client().get(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 410
    assert "Länken gäller inte längre" in response.content.decode()


def test_an_administrator_invites_from_the_persons_page(
    client, administrator, lonely
) -> None:
    client.force_login(administrator)
    url = reverse("accounts:person-invite", args=[lonely.pk])
    assert client.post(url, {"email": "inte-en-adress"}).status_code == 400
    response = client.post(url, {"email": "lena@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "lena@example.org" in client.get(response["Location"]).content.decode()


# Export.


def test_the_export_holds_everything_about_the_person(
    client, administrator, member, structure, persona_body
) -> None:
    person = member.person
    RoleGrant.objects.create(
        user=member, role=RoleGrant.Role.ANALYST, structure=structure
    )
    services.invite_person(
        person=person, email="m@example.org", actor=administrator, base_url="/"
    )
    from samverkan.api.services import create_token
    from samverkan.notifications.services import notify

    _token, secret = create_token(user=member, name="Intranätet", scope="read")
    notify(users=[member], kind="matter_status", title="CS 2026/3: behandlat")
    client.force_login(administrator)
    response = client.get(reverse("accounts:person-export", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["fields"]["first_name"] == "Anders"
    assert data["history"][0]["type"] == "+"
    assert len(data["records"]["organisation.Membership"]) == 1
    assert data["user"]["username"] == "member"
    assert data["user"]["role_grants"][0]["fields"]["role"] == "analyst"
    assert "password" not in json.dumps(data["user"])
    assert "token_hash" not in response.content.decode()
    assert data["user"]["api_tokens"][0]["name"] == "Intranätet"
    assert secret not in response.content.decode()
    assert data["user"]["notifications"][0]["title"] == "CS 2026/3: behandlat"
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_EXPORTED).exists()


# Removal.


def test_a_person_in_no_record_is_removed_with_user_and_history(
    administrator, create_person, django_user_model
) -> None:
    user = django_user_model.objects.create_user("gone")
    person = create_person("Gone Person", user=user)
    invite(person, administrator)
    services.remove_person(person=person, actor=administrator)
    assert not Person.objects.filter(first_name="Gone").exists()
    assert not Person.history.filter(first_name="Gone").exists()
    assert not User.objects.filter(username="gone").exists()
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_REMOVED).exists()


def test_a_member_is_refused_removal_with_the_reason(administrator, member) -> None:
    with pytest.raises(PersonInPublicRecord) as refused:
        services.remove_person(person=member.person, actor=administrator)
    assert refused.value.reasons == [
        "Anders Led förekommer i uppdrag: Anders Led – ledamot, "
        "Centralt Samverkansorgan."
    ]
    assert Person.objects.filter(pk=member.person.pk).exists()


def test_a_page_owner_is_refused_removal(administrator, lonely, persona_body) -> None:
    persona_body.page_owner = lonely
    persona_body.save()
    assert services.removal_blockers(lonely) == [
        "Lena Ensam förekommer i organ: Centralt Samverkansorgan."
    ]


def test_the_removal_page_shows_the_reason_and_refuses(
    client, administrator, member
) -> None:
    client.force_login(administrator)
    page = client.get(reverse("accounts:person-data", args=[member.person.pk]))
    assert "kan inte tas bort" in page.content.decode()
    response = client.post(reverse("accounts:person-remove", args=[member.person.pk]))
    assert response.status_code == 409
    assert re.search(r"förekommer i uppdrag", response.content.decode())


def test_the_removal_page_removes_a_lonely_person(
    client, administrator, lonely
) -> None:
    client.force_login(administrator)
    response = client.post(reverse("accounts:person-remove", args=[lonely.pk]))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=lonely.pk).exists()
