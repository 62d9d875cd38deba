"""The error page: a database that is away answers 503 and asks to try again.

Django calls `server_error` for any uncaught exception (DEBUG off). It must
not touch the database itself: it renders a page of its own, without the
site's context processors (which read the signed-in user).
"""

import sys

from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 5


def _database_errors() -> tuple[type[BaseException], ...]:
    """Django's database errors and the drivers' own.

    Django wraps a driver's error in its own class, except where the driver
    raises outside Django's cursor wrapper: closing a server-side cursor on a
    connection the server cut raises psycopg's OperationalError as it is.
    """
    drivers = {c.Database.Error for c in connections.all(initialized_only=True)}
    return (DatabaseError, *drivers)


def database_unavailable() -> bool:
    error = sys.exc_info()[1]
    errors = _database_errors()
    while error is not None:
        if isinstance(error, errors):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    unavailable = database_unavailable()
    html = render_to_string(
        "operations/error.html",
        {"unavailable": unavailable, "retry_after": RETRY_AFTER_SECONDS},
    )
    if unavailable:
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(html, status=500)
