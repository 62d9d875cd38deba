"""Token authentication, scopes and the rate limit per token."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from .errors import ApiError
from .models import ApiToken, token_digest

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# last_used is written at most this often: not one UPDATE per request.
TOUCH_EVERY = dt.timedelta(minutes=1)

INSUFFICIENT_SCOPE = _(
    "Nyckeln får bara läsa. Skapa en nyckel med skrivbehörighet för att ändra."
)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer svk_…`: a personal token acts as its user.

    Everything the API shows or does is then decided by the same permission
    functions as the web pages, for that user. A read token may only read.
    """

    openapi_description = (
        "Personlig API-nyckel från Mitt konto → API-nycklar "
        "(personal API token from My account → API tokens)."
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        # The domain speaks Swedish; errors give the English beside it.
        translation.activate("sv")
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        if request.method not in READ_METHODS and not found.may_write:
            raise ApiError(403, "insufficient_scope", INSUFFICIENT_SCOPE)
        now = timezone.now()
        if found.last_used is None or now - found.last_used > TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        return found


class TokenRateThrottle(SimpleRateThrottle):
    """At most API_RATE_LIMIT requests per API_RATE_WINDOW_SECONDS and token.

    Counted in Django's cache (a sliding window); with several server
    processes the cache must be shared (database or Redis) for one limit.
    """

    scope = "token"

    def __init__(self) -> None:
        # The limit is read on each request, so settings may change it.
        self.rate = None

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests = settings.API_RATE_LIMIT
        self.duration = settings.API_RATE_WINDOW_SECONDS
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return f"samverkan-api-rate-{token.pk}"


token_auth = TokenAuth()
