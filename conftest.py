"""Shared fixtures: personas, factories that return callables, the browser."""

import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from samverkan.accounts.models import RoleGrant, User
from samverkan.accounts.permissions import forget_scope, requires_two_factor
from samverkan.operations import pagecache
from samverkan.organisation import services
from samverkan.organisation.models import (
    Body,
    Membership,
    Party,
    Person,
    Side,
    Structure,
)

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:  # noqa: ANN001
    """Each connection closes at the end of its request, as on SQLite.

    The live server answers in threads of its own; a connection kept open
    there (CONN_MAX_AGE) outlives the test and keeps PostgreSQL from
    dropping the test database at the end of the run.
    """
    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path) -> None:  # noqa: ANN001
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Public pages are rendered afresh; the page cache's own tests turn it on.
    settings.PAGE_CACHE_SECONDS = 0
    # Background tasks run at once, in the test's own transaction.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


def make_structure(**overrides: object) -> Structure:
    n = next(_counter)
    values = {"name": f"Vårdsamverkan {n}", "slug": f"vardsamverkan-{n}"}
    values.update(overrides)
    return Structure.objects.create(**values)


def make_party(
    structure: Structure, name: str | None = None, **overrides: object
) -> Party:
    values = {
        "structure": structure,
        "name": name or f"Kommun {next(_counter)}",
        "kind": Party.Kind.MUNICIPALITY,
    }
    values.update(overrides)
    return Party.objects.create(**values)


def make_body(structure: Structure, **overrides: object) -> Body:
    n = next(_counter)
    values = {
        "structure": structure,
        "name": f"Samverkansorgan {n}",
        "short_name": f"SO{n}",
        "slug": f"so{n}",
        "level": Body.Level.CENTRAL,
        "kind": Body.Kind.POLITICAL,
        "seats_region": 8,
        "seats_municipalities": 8,
    }
    values.update(overrides)
    return Body.objects.create(**values)


def make_person(name: str | None = None, **overrides: object) -> Person:
    first, _sep, last = (name or f"Person Nummer{next(_counter)}").partition(" ")
    values = {"first_name": first, "last_name": last}
    values.update(overrides)
    return Person.objects.create(**values)


def make_membership(
    body: Body, region: Party, municipality: Party, **overrides: object
) -> Membership:
    """Save a membership through the service (so the rules apply); return it."""
    side = overrides.get("side", Side.REGION)
    values = {
        "body": body,
        "role": Membership.Role.MEMBER,
        "side": side,
        "party": region if side == Side.REGION else municipality,
        "start": dt.date(2023, 1, 1),
    }
    values.update(overrides)
    if "person" not in values:
        values["person"] = make_person()
    return services.save_membership(membership=Membership(**values))


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def create_structure(db) -> Callable[..., Structure]:  # noqa: ANN001
    return make_structure


@pytest.fixture
def structure(db) -> Structure:  # noqa: ANN001
    return make_structure(name="Vårdsamverkan Test", slug="test")


@pytest.fixture
def create_party(structure) -> Callable[..., Party]:  # noqa: ANN001
    def make(name: str | None = None, **overrides: object) -> Party:
        return make_party(overrides.pop("structure", structure), name, **overrides)

    return make


@pytest.fixture
def region(structure) -> Party:  # noqa: ANN001
    return make_party(structure, "Region Test", kind=Party.Kind.REGION)


@pytest.fixture
def municipality(structure) -> Party:  # noqa: ANN001
    return make_party(structure, "Malmö", code="1280")


@pytest.fixture
def create_body(structure) -> Callable[..., Body]:  # noqa: ANN001
    def make(**overrides: object) -> Body:
        return make_body(overrides.pop("structure", structure), **overrides)

    return make


@pytest.fixture
def create_person(db) -> Callable[..., Person]:  # noqa: ANN001
    return make_person


@pytest.fixture
def create_membership(region, municipality) -> Callable[..., Membership]:  # noqa: ANN001
    """Save a membership through the service (so the rules apply); return it."""

    def make(body: Body, **overrides: object) -> Membership:
        return make_membership(body, region, municipality, **overrides)

    return make


@pytest.fixture
def page_cache(settings):  # noqa: ANN001
    """The page cache on, in memory, empty."""
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        },
    }
    pagecache._cache().clear()


@pytest.fixture
def demo(db, today) -> Structure:  # noqa: ANN001
    """The demo data of `make run`, as it stands today."""
    from samverkan.organisation import demo as demo_data

    return demo_data.load(today)


class SignedInClient(Client):
    """A test client whose force_login ends as a real sign-in does.

    Users who must give a second factor (administrators, secretaries) get a
    confirmed TOTP device and a verified session, so views can be tested
    without stepping through the code page each time. Tests of the second
    factor itself use a plain `django.test.Client`.
    """

    def force_login(self, user: User, backend: str | None = None) -> None:
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None and requires_two_factor(user):
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        forget_scope(user)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client() -> SignedInClient:
    return SignedInClient()


@pytest.fixture
def admin_client(db, admin_user) -> SignedInClient:  # noqa: ANN001
    signed_in = SignedInClient()
    signed_in.force_login(admin_user)
    return signed_in


# Personas (healthchecks' Alice, Bob, Charlie): one user per role, all around
# `persona_body` in `structure`. Passwords are "<username>-password-1".


def make_persona_body(structure: Structure) -> Body:
    return make_body(
        structure, name="Centralt Samverkansorgan", short_name="CS", slug="cs"
    )


def _persona(username: str, **person: object) -> User:
    user = User.objects.create_user(
        username, f"{username}@example.org", f"{username}-password-1"
    )
    if person:
        Person.objects.create(user=user, email=user.email, **person)
    return user


def make_administrator(structure: Structure) -> User:
    user = _persona("administrator", first_name="Ada", last_name="Administratör")
    RoleGrant.objects.create(
        user=user, role=RoleGrant.Role.ADMINISTRATOR, structure=structure
    )
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def make_secretary(structure: Structure, body: Body) -> User:
    """Secretary of `body`, with an authenticator app paired."""
    user = User.objects.create_user("secretary", password="secret-password-1")
    Person.objects.create(user=user, first_name="Jill", last_name="Persson")
    RoleGrant.objects.create(
        user=user, role=RoleGrant.Role.SECRETARY, structure=structure, body=body
    )
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def make_chair(body: Body, region: Party, municipality: Party) -> User:
    user = _persona("chair")
    make_membership(
        body,
        region,
        municipality,
        person=Person.objects.create(user=user, first_name="Anna", last_name="Ordf"),
        role=Membership.Role.CHAIR,
    )
    return user


def make_member(body: Body, region: Party, municipality: Party) -> User:
    """A member of `body` for the municipalities (`municipality`)."""
    user = _persona("member")
    make_membership(
        body,
        region,
        municipality,
        person=Person.objects.create(user=user, first_name="Anders", last_name="Led"),
        side=Side.MUNICIPALITIES,
    )
    return user


def make_official(body: Body, region: Party, municipality: Party) -> User:
    """An official who prepares matters for `body`."""
    user = _persona("official")
    make_membership(
        body,
        region,
        municipality,
        person=Person.objects.create(user=user, first_name="Sara", last_name="Tj"),
        role=Membership.Role.OFFICIAL,
    )
    return user


def make_party_contact(structure: Structure, municipality: Party) -> User:
    """The contact of one municipality."""
    user = _persona("party_contact", first_name="Nina", last_name="Kontakt")
    RoleGrant.objects.create(
        user=user,
        role=RoleGrant.Role.PARTY_CONTACT,
        structure=structure,
        party=municipality,
    )
    return user


def make_analyst(structure: Structure) -> User:
    user = _persona("analyst")
    RoleGrant.objects.create(
        user=user, role=RoleGrant.Role.ANALYST, structure=structure
    )
    return user


def make_outsider() -> User:
    """Signed in, but with no role anywhere."""
    return User.objects.create_user("outsider", password="secret-password-2")


@pytest.fixture
def persona_body(structure) -> Body:  # noqa: ANN001
    return make_persona_body(structure)


@pytest.fixture
def administrator(structure) -> User:  # noqa: ANN001
    return make_administrator(structure)


@pytest.fixture
def secretary(structure, persona_body) -> User:  # noqa: ANN001
    """Secretary of `persona_body`, with an authenticator app paired."""
    return make_secretary(structure, persona_body)


@pytest.fixture
def chair(persona_body, region, municipality) -> User:  # noqa: ANN001
    return make_chair(persona_body, region, municipality)


@pytest.fixture
def member(persona_body, region, municipality) -> User:  # noqa: ANN001
    """A member of `persona_body` for the municipalities (Malmö)."""
    return make_member(persona_body, region, municipality)


@pytest.fixture
def official(persona_body, region, municipality) -> User:  # noqa: ANN001
    """An official who prepares matters for `persona_body`."""
    return make_official(persona_body, region, municipality)


@pytest.fixture
def party_contact(structure, municipality) -> User:  # noqa: ANN001
    """The contact of one municipality (Malmö)."""
    return make_party_contact(structure, municipality)


@pytest.fixture
def analyst(structure) -> User:  # noqa: ANN001
    return make_analyst(structure)


@pytest.fixture
def outsider(db) -> User:  # noqa: ANN001
    """Signed in, but with no role anywhere."""
    return make_outsider()


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Browser tests need Debian's Chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:  # noqa: ANN001
    """A fresh browser page; `page.base_url` is the live server's address."""
    context = browser.new_context(locale="sv-SE", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def sample_files() -> dict[str, bytes]:
    """One small real file of each accepted kind, with known text."""
    import io
    import zipfile

    import docx
    from openpyxl import Workbook
    from weasyprint import HTML

    text = "Rutin för delregional samverkan i Skåne"
    files = {"pdf": HTML(string=f"<p>{text}</p>").write_pdf()}
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    files["docx"] = buffer.getvalue()
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Indikator", text])
    workbook.save(buffer)
    files["xlsx"] = buffer.getvalue()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            "<office:document-content "
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            f"<text:p>{text}</text:p></office:text></office:body></office:document-content>",
        )
    files["odt"] = buffer.getvalue()
    return files


@pytest.fixture
def sign_in(live_server):  # noqa: ANN001
    """Return a function that signs `user` in to a Playwright `page`."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.test import Client

    def sign(page, user, verified: bool = False) -> None:  # noqa: ANN001
        # A session of its own, so earlier sign-ins stay valid; `verified`
        # marks the second factor as given, as SignedInClient does.
        client = SignedInClient() if verified else Client()
        client.force_login(user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "domain": urlsplit(live_server.url).hostname,
                    "path": "/",
                }
            ]
        )

    return sign
