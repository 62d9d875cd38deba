"""OpenID Connect sign-in against a provider stubbed at the HTTP boundary."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.test import Client
from joserfc import jwt
from joserfc.jwk import RSAKey

from samverkan.accounts.models import ExternalIdentity, RoleGrant
from samverkan.audit.models import AuditEvent

ISSUER = "https://idp.example.se"
START = "/konto/e-legitimation/"
CALLBACK = "/konto/e-legitimation/svar/"
PROVIDER_KEY = RSAKey.generate_key(2048, parameters={"kid": "idp-1"})
FORGER_KEY = RSAKey.generate_key(2048, parameters={"kid": "idp-1"})


@pytest.fixture(autouse=True)
def oidc_settings(settings) -> None:  # noqa: ANN001
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_CLIENT_ID = "samverkan"
    settings.OIDC_CLIENT_SECRET = "client-secret"


@pytest.fixture
def provider() -> responses.RequestsMock:
    """The provider's discovery document and keys; no request leaves the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(
            f"{ISSUER}/.well-known/openid-configuration",
            json={
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token",
                "jwks_uri": f"{ISSUER}/jwks",
                "id_token_signing_alg_values_supported": ["RS256"],
            },
        )
        mock.get(f"{ISSUER}/jwks", json={"keys": [PROVIDER_KEY.as_dict(private=False)]})
        yield mock


def start(client: Client, next_url: str = "/konto/") -> dict[str, str]:
    response = client.get(START, {"next": next_url})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{ISSUER}/authorize"
    )
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def answer(
    client: Client,
    provider: responses.RequestsMock,
    params: dict[str, str],
    key: RSAKey = PROVIDER_KEY,
    **claims: object,
) -> object:
    now = int(time.time())
    id_claims = {
        "iss": ISSUER,
        "aud": "samverkan",
        "sub": "SE2321000016-1234",
        "iat": now,
        "exp": now + 300,
        "nonce": params["nonce"],
        "email": "anna.mannfalk@example.org",
        "email_verified": True,
    }
    id_claims.update(claims)
    id_token = jwt.encode({"alg": "RS256", "kid": "idp-1"}, id_claims, key)
    provider.post(
        f"{ISSUER}/token",
        json={
            "access_token": "access",
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        },
    )
    return client.get(CALLBACK, {"code": "the-code", "state": params["state"]})


@pytest.fixture
def anna(create_person):  # noqa: ANN001, ANN201
    return create_person("Anna Mannfalk", email="Anna.Mannfalk@example.org")


def test_it_sends_the_browser_to_the_provider_with_state_and_nonce(
    provider, db
) -> None:
    params = start(Client())
    assert params["client_id"] == "samverkan"
    assert params["response_type"] == "code"
    assert "openid" in params["scope"].split()
    assert params["state"] and params["nonce"]
    assert params["redirect_uri"] == f"http://testserver{CALLBACK}"


def test_a_verified_identity_signs_in_as_the_matching_person(provider, anna) -> None:
    client = Client()
    response = answer(client, provider, start(client))
    assert response.status_code == 302
    assert response["Location"] == "/konto/"
    anna.refresh_from_db()
    assert anna.user is not None
    assert anna.user.email == "anna.mannfalk@example.org"
    assert int(client.session["_auth_user_id"]) == anna.user.pk
    identity = ExternalIdentity.objects.get()
    assert (identity.issuer, identity.subject) == (ISSUER, "SE2321000016-1234")
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.SIGNED_IN, user=anna.user
    ).exists()


def test_the_next_sign_in_follows_the_identity_not_the_email(provider, anna) -> None:
    first = Client()
    answer(first, provider, start(first))
    second = Client()
    answer(second, provider, start(second), email="new.address@example.org")
    anna.refresh_from_db()
    assert int(second.session["_auth_user_id"]) == anna.user.pk


def test_an_identity_linked_by_hand_signs_in_without_an_email(provider, member) -> None:
    ExternalIdentity.objects.create(user=member, issuer=ISSUER, subject="HSA-42")
    client = Client()
    answer(client, provider, start(client), sub="HSA-42", email=None)
    assert int(client.session["_auth_user_id"]) == member.pk


def test_a_secretary_signing_in_with_e_identification_needs_no_app(
    provider, anna, structure, persona_body
) -> None:
    client = Client()
    answer(client, provider, start(client))
    anna.refresh_from_db()
    RoleGrant.objects.create(
        user=anna.user,
        role=RoleGrant.Role.SECRETARY,
        structure=structure,
        body=persona_body,
    )
    assert client.get("/konto/").status_code == 200


def test_an_unverified_email_is_refused(provider, anna) -> None:
    client = Client()
    response = answer(client, provider, start(client), email_verified=False)
    assert response.status_code == 403
    assert "Vi hittar ingen person" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED).exists()


def test_an_unknown_person_is_refused(provider, db) -> None:
    client = Client()
    response = answer(client, provider, start(client), email="nobody@example.org")
    assert response.status_code == 403
    assert not ExternalIdentity.objects.exists()


def test_a_token_signed_by_someone_else_is_refused(provider, anna) -> None:
    client = Client()
    response = answer(client, provider, start(client), key=FORGER_KEY)
    assert response.status_code == 403
    assert "kunde inte bekräftas" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_token_for_another_client_is_refused(provider, anna) -> None:
    client = Client()
    response = answer(client, provider, start(client), aud="someone-else")
    assert response.status_code == 403


def test_a_replayed_nonce_is_refused(provider, anna) -> None:
    client = Client()
    params = start(client)
    response = answer(client, provider, params, nonce="another-nonce")
    assert response.status_code == 403


def test_an_answer_without_a_started_sign_in_is_refused(provider, anna) -> None:
    client = Client()
    response = client.get(CALLBACK, {"code": "x", "state": "made-up"})
    assert response.status_code == 403


def test_the_sign_in_page_offers_e_identification_when_configured(db) -> None:
    html = Client().get("/konto/logga-in/").content.decode()
    assert "Logga in med e-legitimation" in html


def test_the_sign_in_page_hides_it_when_not_configured(db, settings) -> None:
    settings.OIDC_ISSUER = ""
    html = Client().get("/konto/logga-in/").content.decode()
    assert "e-legitimation" not in html
    assert Client().get(START).status_code == 404
