from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import AuditEvent
from .services import record_event


class PermissionDeniedLogMiddleware:
    """Log every request that was turned away with 403.

    Most denials are a PermissionDenied from a permission check (logged with
    its message); the rest are 403 responses, e.g. a failed CSRF check.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403 and not getattr(
            request, "_denial_logged", False
        ):
            self._record(request, getattr(response, "reason_phrase", ""))
        return response

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, PermissionDenied):
            self._record(request, str(exception))
        return None

    def _record(self, request: HttpRequest, detail: str) -> None:
        request._denial_logged = True
        record_event(
            kind=AuditEvent.Kind.PERMISSION_DENIED,
            request=request,
            user=getattr(request, "user", None),
            detail=detail,
        )
