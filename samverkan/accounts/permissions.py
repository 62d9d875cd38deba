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


def handles_body(user: object, body_id: int) -> bool:
    """Return whether `user` serves `body_id` (or a body that prepares for it).

    Secretaries, officials, chairs and vice chairs of the body — or of a
    body that prepares for it — handle its business; so do superusers.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or body_id in handled_body_ids(user)


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


# Deviations ---------------------------------------------------------------


def represented_party_ids(user: object) -> set[int]:
    """Return the parties `user` currently represents through a membership."""
    from django.utils import timezone

    from samverkan.organisation.models import Membership

    person_id = _person_id(user)
    if person_id is None:
        return set()
    return set(
        Membership.objects.active_on(timezone.localdate())
        .filter(person_id=person_id)
        .exclude(party=None)
        .values_list("party_id", flat=True)
    )


def handled_body_ids(user: object) -> set[int]:
    """Return the bodies whose business `user` handles (see handles_body)."""
    from django.utils import timezone

    from samverkan.organisation.models import Body, Membership

    person_id = _person_id(user)
    if person_id is None:
        return set()
    roles = (
        Membership.Role.SECRETARY,
        Membership.Role.OFFICIAL,
        Membership.Role.CHAIR,
        Membership.Role.VICE_CHAIR,
    )
    own = set(
        Membership.objects.active_on(timezone.localdate())
        .filter(person_id=person_id, role__in=roles)
        .values_list("body_id", flat=True)
    )
    prepared = set(
        Body.objects.filter(pk__in=own, prepares_for__isnull=False).values_list(
            "prepares_for_id", flat=True
        )
    )
    return own | prepared


def visible_deviations(user: object, queryset: models.QuerySet) -> models.QuerySet:
    """A party sees what it reported and what concerns it; a body what it handles.

    Single reports are never public: anonymous users see none.
    """
    from django.db.models import Q

    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if user.is_superuser:
        return queryset
    parties = represented_party_ids(user)
    return queryset.filter(
        Q(reporting_party_id__in=parties)
        | Q(concerned_party_id__in=parties)
        | Q(body_id__in=handled_body_ids(user))
        | Q(reported_by=user)
    )


def can_report_for(user: object, party: object) -> bool:
    return getattr(user, "is_superuser", False) or party.pk in represented_party_ids(
        user
    )


def can_answer_deviation(user: object, deviation: object) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    if deviation.body_id:
        return deviation.body_id in handled_body_ids(user)
    return deviation.concerned_party_id in represented_party_ids(user)


def can_close_deviation(user: object, deviation: object) -> bool:
    """The reporting party closes or escalates its own report."""
    return getattr(user, "is_superuser", False) or (
        deviation.reporting_party_id in represented_party_ids(user)
        or deviation.reported_by_id == getattr(user, "pk", None)
    )


def sides_of(user: object) -> set[str]:
    """Return the sides `user` may speak for (through the parties represented)."""
    from samverkan.organisation.models import Party

    parties = Party.objects.filter(pk__in=represented_party_ids(user))
    return {party.side for party in parties}


# Agreement follow-up ------------------------------------------------------


def may_follow_up(user: object, structure_id: int) -> bool:
    """May `user` record values and economy for the structure's agreements?"""
    from samverkan.organisation.models import Body

    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    bodies = set(
        Body.objects.filter(structure_id=structure_id).values_list("pk", flat=True)
    )
    return bool(bodies & handled_body_ids(user))
