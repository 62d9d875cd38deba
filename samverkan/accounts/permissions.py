"""Who may see and do what: the one place that says it.

Every view declares its policy with one of the decorators below; a test walks
all URL patterns and fails on a view without one. Object-level rules (may
this user see, edit, or read the history of this record?) are the functions
further down; views, API endpoints and querysets all ask them.

Roles come from two sources, read once per request into a `Scope`:

- role grants (`RoleGrant`): administrator of a structure, secretary of a
  body, official, party contact for a party, analyst;
- memberships of the user's person: chair, vice chair, member, substitute,
  secretary, official or co-opted in a body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.lib.htmx import is_htmx
from samverkan.operations.pagecache import until_written

from .models import RoleGrant, User, Visibility

View = TypeVar("View", bound=Callable)

PUBLIC = "public"
SIGNED_IN = "signed-in"
ADMINISTRATOR = "administrator"


# Policies: every view says which one it follows.


def public(view: View) -> View:
    """Anyone, signed in or not, may use the view; it shows public data only."""
    view.permission_policy = PUBLIC
    return view


def _login_required(view: View) -> View:
    """Send anonymous users to sign in; an htmx request as a whole page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> object:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if is_htmx(request):
            # The sign-in page must not land inside a partial; come back to the
            # page the partial was on.
            page = urlsplit(request.headers.get("HX-Current-URL", "/"))
            back = page.path + (f"?{page.query}" if page.query else "")
            return HttpResponse(
                headers={"HX-Redirect": redirect_to_login(back)["Location"]}
            )
        return redirect_to_login(request.get_full_path())

    return wrapped


def signed_in(view: View) -> View:
    """Only signed-in users may use the view; it checks objects itself."""

    @wraps(view)
    @_login_required
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> object:
        return view(request, *args, **kwargs)

    wrapped.permission_policy = SIGNED_IN
    return wrapped


def administrator(view: View) -> View:
    """Only administrators (of any structure) may use the view."""

    @wraps(view)
    @_login_required
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> object:
        if not is_administrator(request.user):
            raise PermissionDenied(_("Sidan är bara för administratörer."))
        return view(request, *args, **kwargs)

    wrapped.permission_policy = ADMINISTRATOR
    return wrapped


def policy_of(view: Callable) -> str | None:
    """Return the declared permission policy of a view function, if any."""
    return getattr(view, "permission_policy", None)


# What a user holds.


@dataclass(frozen=True)
class Scope:
    """The roles a user holds today, as sets of ids."""

    is_superuser: bool = False
    is_staff: bool = False
    # Structures where the user holds any role: internal material is theirs.
    structures: frozenset[int] = frozenset()
    administers: frozenset[int] = frozenset()
    analyses: frozenset[int] = frozenset()
    official_in: frozenset[int] = frozenset()
    # Bodies the user takes part in (any membership, or official/secretary).
    bodies: frozenset[int] = frozenset()
    secretary_of: frozenset[int] = frozenset()
    contact_for: frozenset[int] = frozenset()
    # body id -> membership roles held there today (chair, member, ...).
    body_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    grants: tuple[RoleGrant, ...] = ()


ANONYMOUS_SCOPE = Scope()
_SCOPE_CACHE = "_samverkan_scope"


def scope_of(user: User | Any) -> Scope:
    """Return what `user` holds today.

    Two queries, then kept on the user for the request, and in the pages cache
    until the next write to the database (`pagecache.until_written`).
    """
    if user is None or not user.is_authenticated:
        return ANONYMOUS_SCOPE
    cached = getattr(user, _SCOPE_CACHE, None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    scope = until_written(
        f"scope:{user.pk}:{today.isoformat()}", lambda: _load_scope(user, today)
    )
    setattr(user, _SCOPE_CACHE, scope)
    return scope


def _load_scope(user: User, today: date) -> Scope:
    grants = tuple(
        RoleGrant.objects.filter(user=user)
        .active_on(today)
        .select_related("structure", "body", "party")
    )
    membership_model = apps.get_model("organisation", "Membership")
    memberships = (
        membership_model.objects.filter(person__user=user)
        .active_on(today)
        .values_list("body_id", "body__structure_id", "role")
    )
    structures, bodies, body_roles = set(), set(), {}
    for body_id, structure_id, role in memberships:
        structures.add(structure_id)
        bodies.add(body_id)
        body_roles.setdefault(body_id, set()).add(role)

    def granted(role: str, attribute: str = "structure_id") -> frozenset[int]:
        return frozenset(getattr(g, attribute) for g in grants if g.role == role)

    secretary_of = granted(RoleGrant.Role.SECRETARY, "body_id") | {
        body for body, roles in body_roles.items() if "secretary" in roles
    }
    scope = Scope(
        is_superuser=user.is_superuser,
        is_staff=user.is_staff,
        structures=frozenset(structures | {g.structure_id for g in grants}),
        administers=granted(RoleGrant.Role.ADMINISTRATOR),
        analyses=granted(RoleGrant.Role.ANALYST),
        official_in=granted(RoleGrant.Role.OFFICIAL),
        bodies=frozenset(bodies | {g.body_id for g in grants if g.body_id}),
        secretary_of=frozenset(secretary_of),
        contact_for=granted(RoleGrant.Role.PARTY_CONTACT, "party_id"),
        body_roles={body: frozenset(roles) for body, roles in body_roles.items()},
        grants=grants,
    )
    return scope


def forget_scope(user: User) -> None:
    """Drop the cached scope, after roles changed within one request."""
    if hasattr(user, _SCOPE_CACHE):
        delattr(user, _SCOPE_CACHE)


def is_administrator(user: User | Any, structure_id: int | None = None) -> bool:
    """Return whether `user` administers `structure_id` (or any structure)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    if structure_id is None:
        return bool(scope.administers)
    return structure_id in scope.administers


def is_secretary(user: User | Any, body_id: int | None = None) -> bool:
    """Return whether `user` is secretary of `body_id` (or of any body)."""
    scope = scope_of(user)
    return body_id in scope.secretary_of if body_id else bool(scope.secretary_of)


def requires_two_factor(user: User | Any) -> bool:
    """Return whether `user` must sign in with a second factor.

    Administrators and secretaries must; so must staff and superusers, who
    reach the Django admin. The middleware asks on each request of a session
    without a second factor; the scope it reads is the one the view uses.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    scope = scope_of(user)
    return bool(scope.administers or scope.secretary_of)


def acts_for_party(user: User | Any, party_id: int) -> bool:
    """Return whether `user` may raise matters and answer deviations for a party."""
    scope = scope_of(user)
    return scope.is_superuser or party_id in scope.contact_for


def may_analyse(user: User | Any, structure_id: int) -> bool:
    """Return whether `user` may read the agreement follow-up and statistics."""
    scope = scope_of(user)
    return (
        scope.is_superuser
        or structure_id in scope.analyses
        or structure_id in scope.administers
    )


# Visibility of records with content.


class VisibilityScope(NamedTuple):
    """Where a model with a `visibility` field finds its scope (lookup paths).

    Declare it on the model: `visibility_scope = VisibilityScope(
    structure="body__structure", body="body", parties="parties")`.
    """

    structure: str
    body: str | None = None
    parties: str | None = None


def _scope_paths(model: type[models.Model]) -> VisibilityScope:
    paths = getattr(model, "visibility_scope", None)
    if paths is None:
        raise TypeError(f"{model.__name__} declares no visibility_scope.")
    return paths


def visibility_filter(user: User | Any, model: type[models.Model]) -> Q:
    """Return the condition on `model` rows that `user` may see."""
    paths = _scope_paths(model)
    scope = scope_of(user)
    if scope.is_superuser:
        return Q()
    visible = Q(visibility=Visibility.PUBLIC)
    if scope.structures:
        visible |= Q(
            visibility=Visibility.INTERNAL,
            **{f"{paths.structure}__in": scope.structures},
        )
    if scope.administers:
        visible |= Q(**{f"{paths.structure}__in": scope.administers})
    if paths.body:
        participant = scope.bodies | scope.secretary_of
        if participant:
            visible |= Q(
                visibility=Visibility.BODY, **{f"{paths.body}__in": participant}
            )
        if scope.secretary_of:
            visible |= Q(
                visibility=Visibility.RESTRICTED,
                **{f"{paths.body}__in": scope.secretary_of},
            )
    if paths.parties and scope.contact_for:
        # A subquery, not a join: a record named for two parties stays one row.
        named = model._default_manager.filter(
            **{f"{paths.parties}__in": scope.contact_for}
        ).values("pk")
        visible |= Q(visibility=Visibility.RESTRICTED, pk__in=named)
    return visible


def visible_to(user: User | Any, queryset: models.QuerySet) -> models.QuerySet:
    """Return the rows of `queryset` that `user` may see."""
    return queryset.filter(visibility_filter(user, queryset.model))


# Object-level rules.


def record_scope(obj: models.Model) -> tuple[int | None, int | None]:
    """Return the (structure id, body id) a record belongs to."""
    paths = getattr(type(obj), "visibility_scope", None)
    if paths is not None:
        structure = _follow(obj, paths.structure)
        body = _follow(obj, paths.body) if paths.body else None
        return structure, body
    label = obj._meta.label
    if label == "organisation.Structure":
        return obj.pk, None
    if label == "organisation.Body":
        return obj.structure_id, obj.pk
    if label == "organisation.Membership":
        return obj.body.structure_id, obj.body_id
    if label == "accounts.RoleGrant":
        return obj.structure_id, obj.body_id
    if hasattr(obj, "structure_id"):
        return obj.structure_id, None
    return None, None


def _follow(obj: models.Model, path: str) -> int | None:
    *steps, last = path.split("__")
    for step in steps:
        obj = getattr(obj, step)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None) or getattr(getattr(obj, last), "pk", None)


def can_view(user: User | Any, obj: models.Model) -> bool:
    """Return whether `user` may see `obj` at all (else: 404)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    model = type(obj)
    if hasattr(model, "visibility_scope"):
        return visible_to(user, model._default_manager.filter(pk=obj.pk)).exists()
    if isinstance(obj, RoleGrant):
        return obj.user_id == user.pk or obj.structure_id in scope.administers
    # The organisation itself (structures, bodies, people, memberships) is public.
    return obj._meta.app_label == "organisation"


def can_edit(user: User | Any, obj: models.Model) -> bool:
    """Return whether `user` may change `obj`: its administrators and secretary."""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    structure_id, body_id = record_scope(obj)
    return structure_id in scope.administers or (
        body_id is not None and body_id in scope.secretary_of
    )


def can_view_history(user: User | Any, obj: models.Model) -> bool:
    """Return whether `user` may read the change history of `obj`.

    Administrators of the record's structure may; so may the secretary of
    its body, or for records above body level any secretary in the structure.
    """
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    if obj._meta.label == "organisation.Person":
        return bool(scope.administers or scope.secretary_of)
    structure_id, body_id = record_scope(obj)
    if structure_id in scope.administers:
        return True
    if body_id is not None:
        return body_id in scope.secretary_of
    return structure_id in scope.structures and bool(scope.secretary_of)


def can_view_audit_log(user: User | Any) -> bool:
    """Return whether `user` may read the sign-in and denial log."""
    return is_administrator(user)


def can_manage_people(user: User | Any) -> bool:
    """Return whether `user` may invite, export and remove people."""
    return is_administrator(user)


def get_object_for_user(
    request: HttpRequest,
    queryset: models.QuerySet,
    *,
    write: bool = False,
    **lookup: object,
) -> models.Model:
    """Return the object, 404 when the user may not see it, 403 when not edit it."""
    try:
        obj = queryset.get(**lookup)
    except queryset.model.DoesNotExist as missing:
        raise Http404 from missing
    if not can_view(request.user, obj):
        raise Http404
    if write and not can_edit(request.user, obj):
        raise PermissionDenied(_("Du får inte ändra detta."))
    return obj


def _scope_name(grant: RoleGrant) -> str:
    if grant.body is not None:
        return grant.body.short_name
    return str(grant.party or grant.structure)


def roles_in_words(user: User | Any) -> list[str]:
    """Return the user's roles today as lines to show, e.g. 'ledamot, CS'."""
    scope = scope_of(user)
    lines = [
        f"{grant.get_role_display()}, {_scope_name(grant)}" for grant in scope.grants
    ]
    if scope.body_roles:
        body_model = apps.get_model("organisation", "Body")
        membership_model = apps.get_model("organisation", "Membership")
        names = dict(
            body_model.objects.filter(pk__in=scope.body_roles).values_list(
                "pk", "short_name"
            )
        )
        for body_id, roles in scope.body_roles.items():
            for role in sorted(roles):
                label = membership_model.Role(role).label
                lines.append(f"{label}, {names.get(body_id, '')}")
    return lines


# Bodies whose business a user handles.

HANDLING_ROLES = frozenset({"secretary", "official", "chair", "vice_chair"})


def handled_body_ids(user: User | Any) -> set[int]:
    """Return the bodies whose business (matters, deviations) `user` handles.

    Secretaries, officials, chairs and vice chairs of a body handle it, and
    so does a body that prepares for it (CTB for CS); an official granted
    for a structure, and its administrators, handle all of its bodies.
    """
    scope = scope_of(user)
    if not (
        scope.body_roles or scope.secretary_of or scope.official_in or scope.administers
    ):
        return set()
    body_model = apps.get_model("organisation", "Body")
    own = {body for body, roles in scope.body_roles.items() if roles & HANDLING_ROLES}
    own |= set(scope.secretary_of)
    whole_structures = scope.official_in | scope.administers
    if whole_structures:
        own |= set(
            body_model.objects.filter(structure_id__in=whole_structures).values_list(
                "pk", flat=True
            )
        )
    prepared = body_model.objects.filter(pk__in=own, prepares_for__isnull=False)
    return own | set(prepared.values_list("prepares_for_id", flat=True))


def handles_body(user: User | Any, body_id: int) -> bool:
    """Return whether `user` handles the business of `body_id`."""
    return scope_of(user).is_superuser or body_id in handled_body_ids(user)


# Matters.


def visible_matters(user: User | Any, queryset: models.QuerySet) -> models.QuerySet:
    """Return the matters `user` may see: by visibility, as a handler, as registrant."""
    scope = scope_of(user)
    if scope.is_superuser:
        return queryset
    condition = visibility_filter(user, queryset.model)
    handled = handled_body_ids(user)
    if handled:
        condition |= Q(body_id__in=handled)
    if getattr(user, "is_authenticated", False):
        condition |= Q(created_by=user)
    return queryset.filter(condition)


def can_view_matter(user: User | Any, matter: models.Model) -> bool:
    return visible_matters(user, type(matter).objects.filter(pk=matter.pk)).exists()


def can_handle_matter(user: User | Any, matter: models.Model) -> bool:
    """May `user` prepare, route and move `matter` through its workflow?"""
    return handles_body(user, matter.body_id)


def can_attach_to_matter(user: User | Any, matter: models.Model) -> bool:
    """The matter's handlers attach documents, and so does whoever registered it."""
    return can_handle_matter(user, matter) or (
        matter.created_by_id is not None
        and matter.created_by_id == getattr(user, "pk", None)
    )


def parties_user_may_raise_for(user: User | Any, structure_id: int) -> models.QuerySet:
    """A party contact raises matters for its party; handlers for any party."""
    party_model = apps.get_model("organisation", "Party")
    parties = party_model.objects.filter(structure_id=structure_id)
    scope = scope_of(user)
    body_model = apps.get_model("organisation", "Body")
    handles_any = body_model.objects.filter(
        structure_id=structure_id, pk__in=handled_body_ids(user)
    ).exists()
    if scope.is_superuser or structure_id in scope.administers or handles_any:
        return parties
    return parties.filter(pk__in=scope.contact_for)


def can_update_uptake(user: User | Any, uptake: models.Model) -> bool:
    """A party answers for itself; the body's handlers may answer for any party."""
    if can_handle_matter(user, uptake.recommendation.matter):
        return True
    return acts_for_party(user, uptake.party_id)


# Deviations and disputes: a party contact acts for the party.


def represented_party_ids(user: User | Any) -> set[int]:
    """Return the parties `user` acts for (party contact grants)."""
    return set(scope_of(user).contact_for)


def visible_deviations(user: User | Any, queryset: models.QuerySet) -> models.QuerySet:
    """A party sees what it reported and what concerns it; a body what it handles.

    Single reports are never public: anonymous users see none.
    """
    scope = scope_of(user)
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if scope.is_superuser:
        return queryset
    parties = scope.contact_for
    return queryset.filter(
        Q(reporting_party_id__in=parties)
        | Q(concerned_party_id__in=parties)
        | Q(body_id__in=handled_body_ids(user))
        | Q(structure_id__in=scope.administers)
        | Q(reported_by=user)
    )


def can_report_for(user: User | Any, party: models.Model) -> bool:
    return acts_for_party(user, party.pk)


def can_answer_deviation(user: User | Any, deviation: models.Model) -> bool:
    """The concerned party answers; once escalated, the handling body does."""
    if scope_of(user).is_superuser:
        return True
    if deviation.body_id:
        return deviation.body_id in handled_body_ids(user)
    return acts_for_party(user, deviation.concerned_party_id)


def can_close_deviation(user: User | Any, deviation: models.Model) -> bool:
    """The reporting party closes or escalates its own report."""
    return acts_for_party(user, deviation.reporting_party_id) or (
        deviation.reported_by_id is not None
        and deviation.reported_by_id == getattr(user, "pk", None)
    )


def sides_of(user: User | Any) -> set[str]:
    """Return the sides `user` may speak for, through the parties it acts for."""
    party_model = apps.get_model("organisation", "Party")
    return {
        party.side
        for party in party_model.objects.filter(pk__in=scope_of(user).contact_for)
    }


# The agreement follow-up.


def takes_part_in(user: User | Any, structure_id: int) -> bool:
    """Return whether `user` holds any role in the structure (its internal pages)."""
    scope = scope_of(user)
    return scope.is_superuser or structure_id in scope.structures


def visible_agreements(user: User | Any, queryset: models.QuerySet) -> models.QuerySet:
    """Return the agreements `user` may read: those of structures it takes part in."""
    scope = scope_of(user)
    if scope.is_superuser:
        return queryset
    return queryset.filter(structure_id__in=scope.structures)


def may_follow_up(user: User | Any, structure_id: int) -> bool:
    """May `user` record values and economy for the structure's agreements?

    Analysts and administrators may, and so may the officials who handle a
    body of the structure.
    """
    if may_analyse(user, structure_id):
        return True
    body_model = apps.get_model("organisation", "Body")
    return body_model.objects.filter(
        structure_id=structure_id, pk__in=handled_body_ids(user)
    ).exists()


# Meetings.


def can_manage_body(user: User | Any, body: models.Model) -> bool:
    """May `user` plan meetings, build agendas and write minutes for `body`?"""
    scope = scope_of(user)
    return (
        scope.is_superuser
        or body.pk in scope.secretary_of
        or body.structure_id in scope.administers
    )


def can_view_meeting(user: User | Any, meeting: models.Model) -> bool:
    return visible_to(user, type(meeting).objects.filter(pk=meeting.pk)).exists() or (
        handles_body(user, meeting.body_id)
    )


def visible_meetings(user: User | Any, queryset: models.QuerySet) -> models.QuerySet:
    """Return the meetings `user` may see: `can_view_meeting` as a queryset."""
    if scope_of(user).is_superuser:
        return queryset
    return queryset.filter(
        visibility_filter(user, queryset.model) | Q(body_id__in=handled_body_ids(user))
    )


def meetings_with_readable_minutes(
    user: User | Any, queryset: models.QuerySet
) -> models.QuerySet:
    """Return the meetings whose minutes `user` may read: `can_read_minutes`."""
    scope = scope_of(user)
    visible = visible_meetings(user, queryset)
    if scope.is_superuser:
        return visible
    own = scope.bodies | handled_body_ids(user) | scope.secretary_of
    return visible.filter(
        Q(status="published")
        | Q(body_id__in=own)
        | Q(body__structure_id__in=scope.administers)
    )


def can_read_minutes(user: User | Any, meeting: models.Model) -> bool:
    """Published minutes follow the meeting's visibility; drafts stay with the body."""
    if not can_view_meeting(user, meeting):
        return False
    if meeting.status == "published":
        return True
    scope = scope_of(user)
    return (
        meeting.body_id in scope.bodies
        or handles_body(user, meeting.body_id)
        or can_manage_body(user, meeting.body)
    )
