"""Writes about people and their sign-ins: throttling, invitations, identities,
role grants and personal data.

Organisation models are reached through the app registry: organisation
imports accounts, never the other way round.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import serializers
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from samverkan.audit.models import AuditEvent
from samverkan.audit.services import client_ip, record_event
from samverkan.lib.errors import (
    IdentityNotRecognised,
    InvitationInvalid,
    PersonInPublicRecord,
    SignInLocked,
)

from .models import ExternalIdentity, Invitation, RoleGrant, User, hash_token

FAILURE_KINDS = (AuditEvent.Kind.SIGN_IN_FAILED, AuditEvent.Kind.TWO_FACTOR_FAILED)


def _person_model() -> type[models.Model]:
    return apps.get_model("organisation", "Person")


# Throttling. The security log is the counter: no second store to keep in step.


def recent_failures(username: str) -> int:
    """Return the failed sign-ins for `username` since the lock-out window began.

    A successful sign-in resets the count.
    """
    since = timezone.now() - dt.timedelta(seconds=settings.SIGN_IN_LOCKOUT_SECONDS)
    events = AuditEvent.objects.filter(username=username, time__gte=since)
    last_success = events.filter(kind=AuditEvent.Kind.SIGNED_IN).aggregate(
        last=Max("time")
    )["last"]
    failures = events.filter(kind__in=FAILURE_KINDS)
    if last_success is not None:
        failures = failures.filter(time__gt=last_success)
    return failures.count()


def recent_failures_from(address: str | None) -> int:
    """Return the failed sign-ins from `address`, any username, in the window."""
    if not address:
        return 0
    since = timezone.now() - dt.timedelta(seconds=settings.SIGN_IN_LOCKOUT_SECONDS)
    return AuditEvent.objects.filter(
        ip_address=address, kind__in=FAILURE_KINDS, time__gte=since
    ).count()


def check_sign_in_allowed(*, username: str, request: Any = None) -> None:
    """Raise SignInLocked (and log it) after too many failures.

    Two counts: failures for `username` (a guessed password), and failures
    from the client's address whatever the username (one password tried on
    many names).
    """
    minutes = settings.SIGN_IN_LOCKOUT_SECONDS // 60
    if recent_failures(username) >= settings.SIGN_IN_MAX_FAILURES:
        message = _(
            "För många misslyckade inloggningsförsök. Kontot är spärrat i "
            "%(minutes)s minuter. Försök igen senare eller kontakta "
            "administratören."
        )
    elif (
        recent_failures_from(client_ip(request))
        >= settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS
    ):
        message = _(
            "För många misslyckade inloggningsförsök från din adress. Försök igen "
            "om %(minutes)s minuter."
        )
    else:
        return
    record_event(kind=AuditEvent.Kind.LOCKED_OUT, request=request, username=username)
    raise SignInLocked(message % {"minutes": minutes})


# Invitations.


@transaction.atomic
def invite_person(
    *, person: models.Model, email: str, actor: User, base_url: str
) -> tuple[Invitation, str]:
    """Create an invitation for `person`, e-mail the link and return both.

    The returned token is the only copy; the database keeps its digest.
    """
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        person=person,
        email=email,
        token_hash=hash_token(token),
        invited_by=actor,
        expires=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    link = f"{base_url.rstrip('/')}/konto/inbjudan/{token}/"
    context = {
        "person": person,
        "link": link,
        "expires": invitation.expires,
        "site_name": settings.SITE_NAME,
    }
    send_mail(
        subject=_("Inbjudan till %(site)s") % {"site": settings.SITE_NAME},
        message=render_to_string("accounts/invitation_email.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return invitation, token


def get_usable_invitation(token: str) -> Invitation:
    """Return the invitation behind `token`, or raise InvitationInvalid."""
    invitation = (
        Invitation.objects.select_related("person__user")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable():
        raise InvitationInvalid(
            _(
                "Länken gäller inte längre: den är redan använd eller har gått ut. "
                "Be administratören om en ny inbjudan."
            )
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the password of the invited person's user, creating the user if needed.

    Raise InvitationInvalid for an unusable link and ValidationError for a
    password the validators refuse.
    """
    invitation = get_usable_invitation(token)
    person = invitation.person
    user = person.user or User(
        username=_free_username(invitation.email),
        email=invitation.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user", "modified"])
    invitation.accepted = timezone.now()
    invitation.save(update_fields=["accepted"])
    return user


def _free_username(email: str) -> str:
    base = email.strip().lower()[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# Role grants.


@transaction.atomic
def grant_role(
    *,
    user: User,
    role: RoleGrant.Role,
    structure: models.Model,
    body: models.Model | None = None,
    party: models.Model | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    actor: User | None = None,
) -> RoleGrant:
    """Give `user` a role in a structure (and body or party where it needs one)."""
    grant = RoleGrant(
        user=user,
        role=role,
        structure=structure,
        body=body,
        party=party,
        start=start or timezone.localdate(),
        end=end,
    )
    grant._history_user = actor
    grant.full_clean()
    grant.save()
    return grant


# OpenID Connect.


@transaction.atomic
def user_for_identity(*, issuer: str, claims: dict[str, Any]) -> User:
    """Return the user a verified identity belongs to; link it on first use.

    A known (issuer, subject) pair gives its user. Otherwise the verified
    e-mail claim must match exactly one person, whose user (created when
    missing) is then tied to the identity. Raise IdentityNotRecognised else.
    """
    subject = str(claims.get(settings.OIDC_CLAIM_SUBJECT) or "")
    if not subject:
        raise IdentityNotRecognised(_("Identiteten saknar ett id från leverantören."))
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is None:
        user = _user_by_verified_email(claims)
        identity = ExternalIdentity.objects.create(
            user=user, issuer=issuer, subject=subject
        )
    if not identity.user.is_active:
        raise IdentityNotRecognised(_("Kontot är avstängt."))
    identity.last_used = timezone.now()
    identity.save(update_fields=["last_used"])
    return identity.user


def _user_by_verified_email(claims: dict[str, Any]) -> User:
    refused = IdentityNotRecognised(
        _(
            "Vi hittar ingen person i %(site)s med din identitet. Kontakta "
            "administratören så att du läggs upp."
        )
        % {"site": settings.SITE_NAME}
    )
    email = str(claims.get(settings.OIDC_CLAIM_EMAIL) or "").strip()
    verified = claims.get("email_verified") in (True, "true")
    if not email or (settings.OIDC_REQUIRE_VERIFIED_EMAIL and not verified):
        raise refused
    people = list(
        _person_model().objects.select_related("user").filter(email__iexact=email)[:2]
    )
    if len(people) != 1:
        raise refused
    person = people[0]
    if person.user is not None:
        return person.user
    user = User.objects.create_user(
        _free_username(email),
        email=email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    person.user = user
    person.save(update_fields=["user", "modified"])
    return user


# Personal data.

# Relations to a person that are about the person only, never a record others
# rely on: they go with the person.
PRIVATE_RELATIONS = frozenset({"accounts.Invitation"})


def _records_about(
    person: models.Model, *, limit: int | None = None
) -> list[tuple[Any, list[models.Model]]]:
    """Return every (relation, rows) that points at `person`, history excepted."""
    found = []
    for relation in person._meta.related_objects:
        model = relation.related_model
        if issubclass(model, HistoricalChanges):
            continue
        rows = list(
            model._default_manager.filter(**{relation.field.name: person})[:limit]
        )
        if rows:
            found.append((relation, rows))
    return found


def removal_blockers(person: models.Model) -> list[str]:
    """Return why `person` may not be removed; empty when they may."""
    reasons = []
    for relation, rows in _records_about(person, limit=6):
        if relation.related_model._meta.label in PRIVATE_RELATIONS:
            continue
        label = relation.related_model._meta.verbose_name_plural
        reasons.append(
            _("%(person)s förekommer i %(what)s: %(rows)s.")
            % {
                "person": person,
                "what": label,
                "rows": "; ".join(str(row) for row in rows[:5]),
            }
        )
    return reasons


def export_person(*, person: models.Model, actor: User) -> str:
    """Return everything held about `person` as a JSON document."""
    user = person.user
    data: dict[str, Any] = {
        "exported": timezone.now(),
        "person": _serialize([person])[0],
        "history": [
            {
                "date": row.history_date,
                "type": row.history_type,
                "fields": {
                    "first_name": row.first_name,
                    "last_name": row.last_name,
                    "email": row.email,
                },
            }
            for row in person.history.order_by("history_date")
        ],
        "records": {
            relation.related_model._meta.label: _serialize(rows)
            for relation, rows in _records_about(person)
        },
        "user": None,
    }
    if user is not None:
        data["user"] = {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
            "role_grants": _serialize(user.role_grants.all()),
            "external_identities": _serialize(user.external_identities.all()),
            "two_factor_devices": [
                {"name": device.name, "confirmed": device.confirmed}
                for device in _devices(user)
            ],
            "security_log": list(
                AuditEvent.objects.filter(user=user).values(
                    "time", "kind", "ip_address", "path", "detail"
                )
            ),
            # The secrets themselves (token digests, the calendar address) are
            # left out: they are keys, not data about the person.
            "api_tokens": list(
                user.api_tokens.values(
                    "name", "prefix", "scope", "created", "last_used", "revoked"
                )
            ),
            "calendar_address_created": getattr(
                getattr(user, "calendar_token", None), "created", None
            ),
            "notification_preferences": list(
                user.notification_preferences.values("kind", "in_app", "email")
            ),
            "notifications": list(
                user.notifications.values(
                    "kind", "title", "text", "created", "read_at", "email_state"
                )
            ),
        }
    for invitation in data["records"].get("accounts.Invitation", []):
        invitation["fields"].pop("token_hash", None)
    record_event(
        kind=AuditEvent.Kind.PERSON_EXPORTED, user=actor, detail=f"person {person.pk}"
    )
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _serialize(rows: Any) -> list[dict[str, Any]]:
    return serializers.serialize("python", rows)


def _devices(user: User) -> list[Any]:
    from django_otp import devices_for_user

    return list(devices_for_user(user, confirmed=None))


@transaction.atomic
def remove_person(*, person: models.Model, actor: User) -> None:
    """Remove `person`, their user and their history, or raise PersonInPublicRecord.

    The security log keeps its rows (a legitimate interest) but loses the link.
    """
    reasons = removal_blockers(person)
    if reasons:
        raise PersonInPublicRecord(reasons)
    pk, user = person.pk, person.user
    person._history_user = actor
    person.delete()
    type(person).history.filter(id=pk).delete()
    if user is not None:
        user.delete()
    record_event(kind=AuditEvent.Kind.PERSON_REMOVED, user=actor, detail=f"person {pk}")
