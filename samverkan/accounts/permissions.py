"""Who may see and do what: the one place that says it.

Every view declares its policy with one of the decorators below; a test walks
all URL patterns and fails on a view without one.
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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


class Visibility(models.TextChoices):
    """Who may see a record with content."""

    PUBLIC = "public", _("Offentlig")
    INTERNAL = "internal", _("Intern (alla inloggade i strukturen)")
    BODY = "body", _("Organet (ledamöter, tjänstepersoner, sekreterare)")
    RESTRICTED = "restricted", _("Begränsad (namngivna parter)")


# Matters ------------------------------------------------------------------


def _person_id(user: object) -> int | None:
    person = (
        getattr(user, "person", None)
        if getattr(user, "is_authenticated", False)
        else None
    )
    return person.pk if person else None


def handles_body(user: object, body_id: int, day: object | None = None) -> bool:
    """Return whether `user` serves `body_id` (or the body it prepares for).

    Secretaries, officials, chairs and vice chairs of the body — or of a
    body that prepares for it — handle its matters; so do superusers.
    """
    from django.utils import timezone

    from samverkan.organisation.models import Body, Membership

    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    person_id = _person_id(user)
    if person_id is None:
        return False
    roles = (
        Membership.Role.SECRETARY,
        Membership.Role.OFFICIAL,
        Membership.Role.CHAIR,
        Membership.Role.VICE_CHAIR,
    )
    bodies = {body_id} | set(
        Body.objects.filter(prepares_for_id=body_id).values_list("pk", flat=True)
    )
    return (
        Membership.objects.active_on(day or timezone.localdate())
        .filter(person_id=person_id, body_id__in=bodies, role__in=roles)
        .exists()
    )


def visible_matters(user: object, queryset: models.QuerySet) -> models.QuerySet:
    """Return the matters of `queryset` that `user` may see."""
    from django.db.models import Q
    from django.utils import timezone

    from samverkan.organisation.models import Membership

    if not getattr(user, "is_authenticated", False):
        return queryset.filter(visibility=Visibility.PUBLIC)
    if user.is_superuser:
        return queryset
    person_id = _person_id(user)
    own_bodies = Membership.objects.active_on(timezone.localdate()).filter(
        person_id=person_id
    )
    body_ids = own_bodies.values("body_id")
    party_ids = own_bodies.exclude(party=None).values("party_id")
    return queryset.filter(
        Q(visibility__in=[Visibility.PUBLIC, Visibility.INTERNAL])
        | Q(body_id__in=body_ids)
        | Q(body__prepared_by__in=body_ids)
        | Q(visibility=Visibility.RESTRICTED, raised_by_id__in=party_ids)
        | Q(created_by=user)
    ).distinct()


def can_view_matter(user: object, matter: object) -> bool:
    from samverkan.matters.models import Matter

    return visible_matters(user, Matter.objects.filter(pk=matter.pk)).exists()


def can_handle_matter(user: object, matter: object) -> bool:
    """May `user` prepare, route and move `matter` through its workflow?"""
    return handles_body(user, matter.body_id)


def can_update_uptake(user: object, uptake: object) -> bool:
    """A party answers for itself; the body's handlers may answer for any party."""
    from django.utils import timezone

    from samverkan.organisation.models import Membership

    if can_handle_matter(user, uptake.recommendation.matter):
        return True
    person_id = _person_id(user)
    return (
        person_id is not None
        and Membership.objects.active_on(timezone.localdate())
        .filter(person_id=person_id, party_id=uptake.party_id)
        .exists()
    )
