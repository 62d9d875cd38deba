"""The authorization matrix: rows of (view, URL, expected outcome per persona).

test_policies.py checks every row for every persona, and that every view of
the project has a row. Each app may add its rows in `<app>/tests/matrix.py`
as `ROWS`; a row's `url` gets a `World` whose attributes are pytest fixtures
of the root conftest (`w.persona_body`, `w.municipality`, ...) and may create
what it needs.

Outcomes: ok (2xx, or a redirect elsewhere), login (a redirect to sign in),
denied (403), missing (404, also for records the persona may not see).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

PERSONAS = [
    "anonymous",
    "outsider",
    "analyst",
    "party_contact",
    "official",
    "member",
    "chair",
    "secretary",
    "administrator",
]
EVERYONE = dict.fromkeys(PERSONAS, "ok")
SIGNED_IN = {**EVERYONE, "anonymous": "login"}
ADMINISTRATORS = {
    **dict.fromkeys(PERSONAS, "denied"),
    "anonymous": "login",
    "administrator": "ok",
}
HISTORY_READERS = {**ADMINISTRATORS, "secretary": "ok"}
NOBODY = dict.fromkeys(PERSONAS, "missing")


class World:
    """The test's fixtures, by attribute: `w.structure` is the structure fixture."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    def __getattr__(self, name: str) -> object:
        return self._request.getfixturevalue(name)


@dataclass
class Row:
    name: str
    url: Callable[[World], str]
    expected: dict[str, str]
    method: str = "get"
    data: Callable[[World], dict] | None = None
    label: str = ""


def _lonely(w: World) -> object:
    """A person in no record, made once per test."""
    from samverkan.organisation.models import Person

    return Person.objects.get_or_create(first_name="Ensam", last_name="Person")[0]


def _invitation(w: World) -> str:
    from samverkan.accounts import services

    _invitation, token = services.invite_person(
        person=_lonely(w),
        email="lonely@example.org",
        actor=w.outsider,
        base_url="http://testserver/",
    )
    return token


def _internal_grant(w: World) -> object:
    """A role grant of someone else: visible to administrators only."""
    from samverkan.accounts.models import RoleGrant, User

    return RoleGrant.objects.create(
        user=User.objects.create_user("grant-holder"),
        role=RoleGrant.Role.ANALYST,
        structure=w.structure,
        start=dt.date(2024, 1, 1),
    )


def _history(obj: object) -> str:
    meta = obj._meta
    return reverse("audit:history", args=[meta.app_label, meta.model_name, obj.pk])


ROWS = [
    # Organisation.
    Row(
        "organisation:structures",
        lambda w: reverse("organisation:structures"),
        EVERYONE,
    ),
    Row("organisation:structure", lambda w: w.structure.get_absolute_url(), EVERYONE),
    Row("organisation:body", lambda w: w.persona_body.get_absolute_url(), EVERYONE),
    Row(
        "organisation:composition-report",
        lambda w: reverse(
            "organisation:composition-report",
            args=[w.structure.slug, w.persona_body.slug],
        ),
        SIGNED_IN,
    ),
    Row("organisation:person", lambda w: _lonely(w).get_absolute_url(), EVERYONE),
    # Accounts.
    Row("accounts:account", lambda w: reverse("accounts:account"), SIGNED_IN),
    Row("accounts:sign-in", lambda w: reverse("accounts:sign-in"), EVERYONE),
    # Without a pending first step it sends everyone back to the first step.
    Row("accounts:sign-in-code", lambda w: reverse("accounts:sign-in-code"), EVERYONE),
    Row("accounts:sign-out", lambda w: reverse("accounts:sign-out"), EVERYONE, "post"),
    Row("admin-sign-in", lambda w: "/admin/login/", dict.fromkeys(PERSONAS, "login")),
    Row(
        "accounts:two-factor-setup",
        lambda w: reverse("accounts:two-factor-setup"),
        SIGNED_IN,
    ),
    Row(
        "accounts:password-change",
        lambda w: reverse("accounts:password-change"),
        SIGNED_IN,
    ),
    Row(
        "accounts:invitation",
        lambda w: reverse("accounts:invitation", args=[_invitation(w)]),
        EVERYONE,
    ),
    # OpenID Connect is off unless configured (tested in test_oidc.py).
    Row("accounts:oidc-start", lambda w: reverse("accounts:oidc-start"), NOBODY),
    Row("accounts:oidc-callback", lambda w: reverse("accounts:oidc-callback"), NOBODY),
    Row(
        "accounts:person-data",
        lambda w: reverse("accounts:person-data", args=[_lonely(w).pk]),
        ADMINISTRATORS,
    ),
    Row(
        "accounts:person-export",
        lambda w: reverse("accounts:person-export", args=[_lonely(w).pk]),
        ADMINISTRATORS,
    ),
    Row(
        "accounts:person-remove",
        lambda w: reverse("accounts:person-remove", args=[_lonely(w).pk]),
        ADMINISTRATORS,
        "post",
    ),
    Row(
        "accounts:person-invite",
        lambda w: reverse("accounts:person-invite", args=[_lonely(w).pk]),
        ADMINISTRATORS,
        "post",
        lambda w: {"email": "lonely@example.org"},
    ),
    # Audit.
    Row(
        "audit:history",
        lambda w: _history(w.persona_body),
        HISTORY_READERS,
        label="a public record",
    ),
    Row(
        "audit:history",
        lambda w: _history(_internal_grant(w)),
        {**NOBODY, "anonymous": "login", "administrator": "ok"},
        label="an internal record",
    ),
    Row("audit:log", lambda w: reverse("audit:log"), ADMINISTRATORS),
]
