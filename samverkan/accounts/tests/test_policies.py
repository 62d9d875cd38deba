"""No view without a declared policy, and every role against every view."""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samverkan.accounts import services
from samverkan.accounts.models import RoleGrant
from samverkan.accounts.permissions import policy_of

# URL names of views we do not write and so cannot decorate, with why each is
# safe. A name here covers the whole namespace it names.
THIRD_PARTY = {
    # Django admin (with the admin classes of django-otp, django-simple-history
    # and django-tasks): staff only, model permissions per view. Its sign-in
    # page is replaced by ours (admin-sign-in), so throttling and TOTP apply.
    "admin",
    # django.views.i18n.set_language: sets the language cookie, nothing more.
    "set_language",
}


def project_urls() -> Iterator[tuple[str, str, Callable]]:
    """Yield (route, name, view) for every URL pattern of the project."""

    def walk(
        patterns: list, prefix: str, namespace: str
    ) -> Iterator[tuple[str, str, Callable]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                yield from walk(
                    pattern.url_patterns, prefix + str(pattern.pattern), inner
                )
            elif isinstance(pattern, URLPattern):
                name = ":".join(filter(None, [namespace, pattern.name or ""]))
                yield prefix + str(pattern.pattern), name, pattern.callback

    yield from walk(get_resolver().url_patterns, "", "")


def is_third_party(name: str, view: Callable) -> bool:
    namespace = name.split(":", 1)[0]
    return namespace in THIRD_PARTY and not view.__module__.startswith("samverkan.")


def test_every_view_of_the_project_declares_a_permission_policy() -> None:
    undeclared = [
        f"{route} ({name or 'unnamed'}: {view.__module__}.{view.__name__})"
        for route, name, view in project_urls()
        if policy_of(view) is None and not is_third_party(name, view)
    ]
    assert undeclared == [], "Views without a policy: decorate them in views.py"


def test_the_walk_finds_the_views_it_should() -> None:
    names = {name for _route, name, _view in project_urls()}
    assert {"accounts:sign-in", "audit:history", "organisation:body"} <= names
    assert "admin:index" in names


def test_a_view_of_ours_is_never_excused_by_the_allow_list() -> None:
    assert not is_third_party(
        "admin:index", test_a_view_of_ours_is_never_excused_by_the_allow_list
    )
    assert is_third_party("admin:index", get_resolver().resolve("/admin/").func)


# The matrix. Outcomes: ok (2xx or a redirect elsewhere), login (redirect to
# sign in), denied (403), missing (404, also for records the user may not see).

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


@dataclass
class Row:
    name: str
    url: Callable[[dict], str]
    expected: dict[str, str]
    method: str = "get"
    data: Callable[[dict], dict] | None = None
    label: str = ""


MATRIX = [
    Row(
        "organisation:structures",
        lambda w: reverse("organisation:structures"),
        EVERYONE,
    ),
    Row(
        "organisation:structure",
        lambda w: w["structure"].get_absolute_url(),
        EVERYONE,
    ),
    Row("organisation:body", lambda w: w["body"].get_absolute_url(), EVERYONE),
    Row(
        "organisation:composition-report",
        lambda w: reverse(
            "organisation:composition-report", args=[w["structure"].slug, "cs"]
        ),
        SIGNED_IN,
    ),
    Row("organisation:person", lambda w: w["lonely"].get_absolute_url(), EVERYONE),
    Row("accounts:account", lambda w: reverse("accounts:account"), SIGNED_IN),
    Row("accounts:sign-in", lambda w: reverse("accounts:sign-in"), EVERYONE),
    # Without a pending first step it sends everyone back to the first step.
    Row("accounts:sign-in-code", lambda w: reverse("accounts:sign-in-code"), EVERYONE),
    Row("accounts:sign-out", lambda w: reverse("accounts:sign-out"), EVERYONE, "post"),
    Row(
        "admin-sign-in",
        lambda w: "/admin/login/",
        dict.fromkeys(PERSONAS, "login"),
    ),
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
        lambda w: reverse("accounts:invitation", args=[w["token"]]),
        EVERYONE,
    ),
    # OpenID Connect is off unless configured (tested in test_oidc.py).
    Row("accounts:oidc-start", lambda w: reverse("accounts:oidc-start"), NOBODY),
    Row("accounts:oidc-callback", lambda w: reverse("accounts:oidc-callback"), NOBODY),
    Row(
        "accounts:person-data",
        lambda w: reverse("accounts:person-data", args=[w["lonely"].pk]),
        ADMINISTRATORS,
    ),
    Row(
        "accounts:person-export",
        lambda w: reverse("accounts:person-export", args=[w["lonely"].pk]),
        ADMINISTRATORS,
    ),
    Row(
        "accounts:person-remove",
        lambda w: reverse("accounts:person-remove", args=[w["lonely"].pk]),
        ADMINISTRATORS,
        "post",
    ),
    Row(
        "accounts:person-invite",
        lambda w: reverse("accounts:person-invite", args=[w["lonely"].pk]),
        ADMINISTRATORS,
        "post",
        lambda w: {"email": "lonely@example.org"},
    ),
    Row(
        "audit:history",
        lambda w: reverse("audit:history", args=["organisation", "body", w["body"].pk]),
        HISTORY_READERS,
        label="a public record",
    ),
    Row(
        "audit:history",
        lambda w: reverse(
            "audit:history", args=["accounts", "rolegrant", w["grant"].pk]
        ),
        {**NOBODY, "anonymous": "login", "administrator": "ok"},
        label="an internal record",
    ),
    Row("audit:log", lambda w: reverse("audit:log"), ADMINISTRATORS),
]


@pytest.fixture
def world(structure, persona_body, create_person, outsider, django_user_model) -> dict:  # noqa: ANN001
    lonely = create_person("Ensam Person")
    _invitation, token = services.invite_person(
        person=lonely,
        email="lonely@example.org",
        actor=outsider,
        base_url="http://testserver/",
    )
    grant_holder = django_user_model.objects.create_user("grant-holder")
    grant = RoleGrant.objects.create(
        user=grant_holder,
        role=RoleGrant.Role.ANALYST,
        structure=structure,
        start=dt.date(2024, 1, 1),
    )
    return {
        "structure": structure,
        "body": persona_body,
        "lonely": lonely,
        "token": token,
        "grant": grant,
    }


def outcome(response) -> str:  # noqa: ANN001
    if response.status_code in (301, 302):
        target = urlsplit(response["Location"])
        if target.path == reverse("accounts:sign-in") and "next=" in target.query:
            return "login"
        return "ok"
    return {403: "denied", 404: "missing"}.get(
        response.status_code, "ok" if response.status_code < 400 else "error"
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "row", MATRIX, ids=[f"{r.name} {r.label}".strip() for r in MATRIX]
)
def test_each_role_gets_what_the_matrix_says(
    request, client, world, row, persona
) -> None:  # noqa: ANN001
    user = request.getfixturevalue(persona)
    if user.is_authenticated:
        client.force_login(user)
    send = getattr(client, row.method)
    response = send(row.url(world), row.data(world) if row.data else {})
    assert outcome(response) == row.expected[persona], (
        f"{persona} on {row.name}: {response.status_code}"
    )


def test_the_matrix_covers_every_view_of_the_project() -> None:
    covered = {row.name for row in MATRIX}
    missing = sorted(
        name or route
        for route, name, view in project_urls()
        if not is_third_party(name, view) and (name or route) not in covered
    )
    assert missing == [], "Add a row to MATRIX for each new view"
