from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import AuditEvent
from .services import record_event


class PermissionDeniedLogMiddleware:
    """Log every request a permission check turned away (403)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, PermissionDenied):
            record_event(
                kind=AuditEvent.Kind.PERMISSION_DENIED,
                request=request,
                user=getattr(request, "user", None),
                detail=str(exception),
            )
        return None
