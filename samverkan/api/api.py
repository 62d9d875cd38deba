"""The integration API, /api/v1/: one NinjaAPI, a router per domain area."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from samverkan.accounts.permissions import public
from samverkan.lib.errors import DomainError

from .auth import TokenRateThrottle, token_auth
from .errors import (
    PROBLEM_TYPE,
    ApiError,
    api_error_response,
    domain_error_response,
    field_errors,
    forbidden_response,
    not_found_response,
)
from .routers import deviations, matters, meetings, organisation, search

DESCRIPTION = """
Samverkans integrations-API för parternas egna system (ärendehantering,
intranät, statistik). The integration API of Samverkan for the parties' own
systems.

* **Inloggning / authentication**: `Authorization: Bearer <nyckel>` with a
  personal token from *Mitt konto → API-nycklar*. A token acts as its user and
  sees exactly what the user sees on the web. A *read* token may only read.
* **Fel / errors**: `application/problem+json` with `status`, `code`,
  `message_sv`, `message_en` and `fields`.
* **Samtidiga ändringar / concurrent writes**: every resource that can change
  has an `ETag`; changes must send it back in `If-Match` (412 when stale, 428
  when missing).
* **Sidor / pages**: lists return `items` and `next_cursor`; pass it as
  `cursor` for the next page.
* **Gräns / rate limit**: per token; 429 with `Retry-After` when exceeded.
"""


UNKNOWN_ADDRESS = _(
    "Det finns ingen sådan adress i API:t. Operationerna står i /api/v1/docs."
)
NOT_ALLOWED = _("Metoden %(method)s går inte här. Tillåtna: %(allowed)s.")


@public
def unknown_address(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return api_error_response(request, ApiError(404, "not_found", UNKNOWN_ADDRESS))


def in_error_format(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer what django-ninja answers outside its operations as problem+json too.

    Ninja refuses a method an address has no operation for with a plain-text
    405, and its root page (/api/v1/) raises Http404 for Django's HTML page.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return unknown_address(request)
        if response.status_code == 405 and not response.get(
            "Content-Type", ""
        ).startswith(PROBLEM_TYPE):
            allowed = response["Allow"]
            error = ApiError(
                405,
                "method_not_allowed",
                NOT_ALLOWED,
                params={"method": request.method, "allowed": allowed},
                headers={"Allow": allowed},
            )
            return api_error_response(request, error)
        return response

    wrapped.csrf_exempt = getattr(view, "csrf_exempt", False)  # type: ignore[attr-defined]
    return wrapped


class SamverkanAPI(NinjaAPI):
    def _get_urls(self) -> list[URLPattern | URLResolver]:
        """Ninja's URLs, then one for every other address: all in the error format."""
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = in_error_format(pattern.callback)
        return [*patterns, re_path(r"^.*$", unknown_address, name="api-unknown")]

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Document every error response as problem+json, as it is sent."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status).startswith(("4", "5")) and "application/json" in (
                        content
                    ):
                        content[PROBLEM_TYPE] = content.pop("application/json")
                    if str(status) == "429":
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Sekunder att vänta (seconds to wait).",
                                "schema": {"type": "string"},
                            }
                        }
        return schema


api = SamverkanAPI(
    title="Samverkan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=token_auth,
    throttle=[TokenRateThrottle()],
)

api.add_router("", matters.router)
api.add_router("", deviations.router)
api.add_router("", meetings.router)
api.add_router("", organisation.router)
api.add_router("", search.router)


UNAUTHORISED = _(
    "Ange en giltig API-nyckel: Authorization: Bearer <nyckel>. Nycklar skapas "
    "under Mitt konto → API-nycklar."
)
RATE_LIMITED = _("För många förfrågningar med den här nyckeln. Vänta och försök igen.")
INVALID = _("Förfrågan innehåller ogiltiga värden.")
TOO_BIG = _("Förfrågan är för stor.")


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return api_error_response(request, error)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return domain_error_response(request, error)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api_error_response(
        request,
        ApiError(422, "validation_error", INVALID, fields=field_errors(error.errors)),
    )


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return api_error_response(
        request,
        ApiError(
            401,
            "unauthorised",
            UNAUTHORISED,
            headers={"WWW-Authenticate": 'Bearer realm="samverkan"'},
        ),
    )


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    return api_error_response(request, ApiError(429, "rate_limited", RATE_LIMITED))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # Ninja's own refusals, e.g. a body that is not JSON.
    return api_error_response(
        request, ApiError(error.status_code, "bad_request", INVALID)
    )


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return api_error_response(request, ApiError(413, "too_large", TOO_BIG))


api.add_exception_handler(Http404, not_found_response)
api.add_exception_handler(PermissionDenied, forbidden_response)
