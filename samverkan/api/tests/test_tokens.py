"""Personal tokens: created and revoked by their user, stored hashed, scoped."""

import hashlib

from django.urls import reverse
from lxml import html

from samverkan.api import services
from samverkan.api.models import ApiToken


def test_a_token_is_stored_only_as_its_hash_with_a_prefix_to_recognise_it(
    party_contact,
) -> None:  # noqa: ANN001
    token, secret = services.create_token(
        user=party_contact, name="Diariet", scope="read"
    )
    assert secret.startswith(token.prefix + "_")
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(value) for value in stored.values()}


def test_the_token_page_shows_a_new_token_once_and_then_only_its_prefix(
    client, party_contact, api_for
) -> None:  # noqa: ANN001
    client.force_login(party_contact)
    url = reverse("api:tokens")
    response = client.post(url, {"name": "Diariet i Malmö", "scope": "write"})
    assert response.status_code == 201
    page = html.fromstring(response.content)
    secret = page.get_element_by_id("token-secret").get("value")
    token = ApiToken.objects.get(user=party_contact)
    assert token.scope == "write" and secret.startswith(token.prefix)
    again = client.get(url).content.decode()
    assert secret not in again
    assert token.prefix in again and "Diariet i Malmö" in again
    # The secret works, as its user.
    from samverkan.api.tests.conftest import ApiClient

    me = ApiClient(secret).get("me").json()
    assert me["username"] == "party_contact" and me["scope"] == "write"


def test_a_token_without_a_name_is_refused_with_a_message(
    client, party_contact
) -> None:  # noqa: ANN001
    client.force_login(party_contact)
    response = client.post(reverse("api:tokens"), {"name": " ", "scope": "read"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_at_once(client, party_contact, api_for) -> None:  # noqa: ANN001
    api = api_for(party_contact, "read")
    assert api.get("me").status_code == 200
    token = ApiToken.objects.get(user=party_contact)
    client.force_login(party_contact)
    response = client.post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None
    refused = api.get("me")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert refused.json()["code"] == "unauthorised"
    # Its history names who revoked it.
    assert token.history.first().history_user == party_contact


def test_nobody_can_revoke_someone_elses_token(
    client, party_contact, member, api_for
) -> None:  # noqa: ANN001
    api_for(party_contact)
    token = ApiToken.objects.get(user=party_contact)
    client.force_login(member)
    response = client.post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked is None


def test_a_read_token_reads_but_may_not_write(
    party_contact, persona_body, municipality, api_for
) -> None:  # noqa: ANN001
    reader = api_for(party_contact, "read")
    assert reader.get("matters").status_code == 200
    payload = {
        "body": persona_body.pk,
        "raised_by": municipality.pk,
        "title": "Läkemedelsgenomgångar",
        "description": "Text",
        "category": "other",
    }
    refused = reader.post("matters", payload)
    assert refused.status_code == 403
    assert refused.json()["code"] == "insufficient_scope"
    writer = api_for(party_contact, "write")
    assert writer.post("matters", payload).status_code == 201


def test_no_token_an_unknown_token_and_a_deactivated_user_get_401(
    party_contact, api_for
) -> None:  # noqa: ANN001
    from django.test import Client

    assert Client().get("/api/v1/me").status_code == 401
    from samverkan.api.tests.conftest import ApiClient

    assert ApiClient("svk_gissad_nyckel").get("me").status_code == 401
    api = api_for(party_contact)
    party_contact.is_active = False
    party_contact.save()
    assert api.get("me").status_code == 401


def test_each_use_is_noted_on_the_token(party_contact, api_for) -> None:  # noqa: ANN001
    api = api_for(party_contact)
    assert ApiToken.objects.get().last_used is None
    api.get("me")
    assert ApiToken.objects.get().last_used is not None
