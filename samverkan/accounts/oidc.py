"""OpenID Connect sign-in through an e-identification broker (authlib).

Configured entirely by environment variables (see settings and
docs/accounts.md); off when OIDC_ISSUER is empty. The provider's metadata is
read from its discovery document, the ID token's signature, issuer, audience,
expiry and nonce are checked by authlib.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponse


def is_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def _client() -> Any:
    # A fresh registry per call: settings may differ between calls (tests) and
    # the metadata fetch is cheap next to a full sign-in round trip.
    oauth = OAuth()
    issuer = settings.OIDC_ISSUER.rstrip("/")
    return oauth.register(
        "samverkan",
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": settings.OIDC_SCOPES, "timeout": 10},
    )


def start(request: HttpRequest, redirect_uri: str) -> HttpResponse:
    """Return the redirect that sends the browser to the provider."""
    return _client().authorize_redirect(request, redirect_uri)


def finish(request: HttpRequest) -> dict[str, Any]:
    """Return the verified ID-token claims of the provider's answer.

    Raise authlib's OAuthError (or a JOSE error) when anything is wrong.
    """
    from authlib.integrations.base_client import OAuthError

    token = _client().authorize_access_token(request)
    claims = token.get("userinfo")
    if not claims:
        raise OAuthError(description="no id_token in the token response")
    return dict(claims)
