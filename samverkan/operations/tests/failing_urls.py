"""Views that fail, under the project's error handler (test_operations)."""

from django.db import OperationalError
from django.urls import path

from samverkan.urls import handler500  # noqa: F401 - the handler under test


def away(request: object) -> None:
    raise OperationalError("connection refused")


def broken(request: object) -> None:
    raise ValueError("a bug")


urlpatterns = [path("away/", away), path("broken/", broken)]
