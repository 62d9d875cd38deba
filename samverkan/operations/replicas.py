"""Send the reads of public pages and the API to a read replica.

With `DATABASE_REPLICA_URL` set, GET and HEAD requests from visitors without a
sign-in, and every GET of the API under /api/, read from the replica; all
writes, every signed-in page and every read inside a transaction go to the
primary, so a user always sees their own writes.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)


def reads_from_replica(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith("/api/"):
        return True
    return not request.user.is_authenticated


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: object) -> str | None:
        if not _use_replica.get() or REPLICA not in settings.DATABASES:
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: object) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: object) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db != REPLICA


class ReplicaMiddleware:
    """Mark the request as one that may read from the replica (after sign-in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _use_replica.set(reads_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)
