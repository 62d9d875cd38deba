"""No view without a declared policy, and every role against every view."""

import importlib
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samverkan.accounts.permissions import policy_of

from .matrix import PERSONAS, Row, World

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


def all_rows() -> list[Row]:
    """Return the rows of every app's `tests/matrix.py`."""
    rows = []
    for config in apps.get_app_configs():
        if not config.name.startswith("samverkan."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ROWS)
    return rows


MATRIX = all_rows()


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
def test_each_role_gets_what_the_matrix_says(db, request, client, row, persona) -> None:  # noqa: ANN001
    user = request.getfixturevalue(persona)
    world = World(request)
    url = row.url(world)
    if user.is_authenticated:
        client.force_login(user)
    send = getattr(client, row.method)
    response = send(url, row.data(world) if row.data else {})
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
    assert missing == [], "Add a row for each new view to <app>/tests/matrix.py"
