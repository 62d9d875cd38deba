"""Writes to the security log."""

from django.http import HttpRequest

from samverkan.accounts.models import User

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the client's address as the server saw it."""
    # REMOTE_ADDR only: a forwarded header is whatever the client wants it to be.
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record_event(
    *,
    kind: AuditEvent.Kind,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    detail: str = "",
) -> AuditEvent:
    """Add one event to the security log."""
    if user is not None and not user.is_authenticated:
        user = None
    if user is not None and not username:
        username = user.get_username()
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=username[:150],
        ip_address=client_ip(request),
        path=request.get_full_path()[:500] if request is not None else "",
        detail=detail[:500],
    )
