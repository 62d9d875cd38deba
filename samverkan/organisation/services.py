"""Writes to the organisation: every change to a composition goes through here."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import User
from samverkan.lib.errors import CompositionRuleBroken

from .models import Body, Membership


@transaction.atomic
def save_membership(*, membership: Membership, actor: User | None = None) -> Membership:
    """Validate `membership` against the composition rules and save it.

    Raise CompositionRuleBroken (a ValidationError) and save nothing when a
    rule would break. Concurrent changes to one body's composition queue on
    the body row (PostgreSQL; SQLite serialises writers anyway).
    """
    list(Body.objects.select_for_update().filter(pk=membership.body_id).values("pk"))
    membership._history_user = actor
    try:
        membership.full_clean()
    except ValidationError as error:
        raise CompositionRuleBroken(error.messages) from error
    membership.save()
    return membership


@transaction.atomic
def end_membership(
    *, membership: Membership, end: dt.date, actor: User | None = None
) -> Membership:
    """End `membership` on `end` (inclusive); the record itself is kept."""
    membership.end = end
    return save_membership(membership=membership, actor=actor)


@transaction.atomic
def change_role(
    *,
    membership: Membership,
    role: Membership.Role,
    day: dt.date,
    end: dt.date | None = None,
    actor: User | None = None,
) -> Membership:
    """End `membership` the day before `day` and start the same seat in `role`."""
    if day <= membership.start:
        membership.role = role
        membership.end = end
        return save_membership(membership=membership, actor=actor)
    end_membership(membership=membership, end=day - dt.timedelta(days=1), actor=actor)
    successor = Membership(
        body=membership.body,
        person=membership.person,
        role=role,
        side=membership.side,
        party=membership.party,
        appointed_by=membership.appointed_by,
        start=day,
        end=end,
        position=membership.position,
    )
    return save_membership(membership=successor, actor=actor)
