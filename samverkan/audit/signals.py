"""Log every sign-in, failed sign-in and sign-out, whichever way it happened."""

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver
from django.http import HttpRequest

from samverkan.accounts.models import User

from .models import AuditEvent
from .services import record_event


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def _signed_in(
    sender: object, request: HttpRequest, user: User, **kwargs: object
) -> None:
    record_event(kind=AuditEvent.Kind.SIGNED_IN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def _signed_out(
    sender: object, request: HttpRequest, user: User | None, **kwargs: object
) -> None:
    if user is not None:
        record_event(kind=AuditEvent.Kind.SIGNED_OUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(
    sender: object,
    credentials: dict,
    request: HttpRequest | None = None,
    **kwargs: object,
) -> None:
    record_event(
        kind=AuditEvent.Kind.SIGN_IN_FAILED,
        request=request,
        username=str(credentials.get("username", "")),
    )
