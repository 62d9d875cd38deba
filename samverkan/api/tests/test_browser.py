"""The integrator's journey: create a token in the browser, use it, revoke it."""

import pytest
from django.urls import reverse

from samverkan.api.models import ApiToken
from samverkan.api.tests.conftest import ApiClient

pytestmark = pytest.mark.browser


def test_a_token_is_created_shown_once_used_and_revoked(
    page, sign_in, party_contact
) -> None:  # noqa: ANN001
    sign_in(page, party_contact)
    page.goto(reverse("accounts:account"))
    page.get_by_role("link", name="API-nycklar").click()
    page.get_by_label("Namn").fill("Diariet i Malmö")
    page.get_by_label("Läsa och skriva").check()
    page.get_by_role("button", name="Skapa nyckeln").click()
    secret = page.get_by_label("Ny nyckel").input_value()
    token = ApiToken.objects.get(user=party_contact)
    assert secret.startswith(token.prefix) and token.scope == "write"
    assert ApiClient(secret).get("me").json()["username"] == "party_contact"

    page.goto(reverse("api:tokens"))
    assert secret not in page.content()
    page.get_by_role("button", name="Återkalla ”Diariet i Malmö”").click()
    assert "Återkallad" in page.locator("#tokens").inner_text()
    assert ApiClient(secret).get("me").status_code == 401


def test_the_docs_page_shows_the_operations_under_the_security_policy(
    page, live_server
) -> None:  # noqa: ANN001
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto("/api/v1/docs")
    page.get_by_text("/api/v1/matters/{matter_id}/status").first.wait_for()
    assert page.get_by_text("Registrera ett ärende").count() >= 1
    assert [text for text in refused if "script" in text] == []
