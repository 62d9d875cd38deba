"""Who may see and do what: the one place that says it.

Every view declares its policy with one of the decorators below; a test walks
all URL patterns and fails on a view without one.
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest

View = TypeVar("View", bound=Callable)

PUBLIC = "public"
SIGNED_IN = "signed-in"


def public(view: View) -> View:
    """Anyone, signed in or not, may use the view; it shows public data only."""
    view.permission_policy = PUBLIC
    return view


def signed_in(view: View) -> View:
    """Only signed-in users may use the view."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> object:
        return view(request, *args, **kwargs)

    wrapped.permission_policy = SIGNED_IN
    return wrapped


def policy_of(view: Callable) -> str | None:
    """Return the declared permission policy of a view function, if any."""
    return getattr(view, "permission_policy", None)
