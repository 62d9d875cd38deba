"""Writes to the security log."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from samverkan.accounts.models import User

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the client's address.

    Behind a trusted reverse proxy (TRUSTED_PROXIES) it is the nearest
    address in X-Forwarded-For that is not a proxy; from anyone else the
    header is ignored, since a client may write what it likes there.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    trusted = set(settings.TRUSTED_PROXIES)
    if address not in trusted:
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",")]):
        if hop and hop not in trusted:
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address
    return address


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
