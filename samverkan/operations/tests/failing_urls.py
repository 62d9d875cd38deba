"""Views that fail, under the project's error handler (test_operations)."""

from django.db import OperationalError
from django.urls import path

from samverkan.urls import handler500  # noqa: F401 - the handler under test


def away(request: object) -> None:
    raise OperationalError("connection refused")


def cut(request: object) -> None:
    # What a driver raises outside Django's wrapper (a server cursor's close).
    from django.db import connection

    raise connection.Database.OperationalError("server closed the connection")


def broken(request: object) -> None:
    raise ValueError("a bug")


urlpatterns = [path("away/", away), path("cut/", cut), path("broken/", broken)]
