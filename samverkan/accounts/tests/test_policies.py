"""No view without a declared policy, and every role against every view."""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import (
    SignedInClient,
    make_administrator,
    make_analyst,
    make_chair,
    make_member,
    make_official,
    make_outsider,
    make_party,
    make_party_contact,
    make_person,
    make_persona_body,
    make_secretary,
    make_structure,
)
from samverkan.accounts import services
from samverkan.accounts.models import RoleGrant, User
from samverkan.accounts.permissions import policy_of
from samverkan.api.oparl.representations import terms_of as oparl_terms
from samverkan.organisation.models import Party

# URL names of views we do not write and so cannot decorate, with why each is
# safe. A name here covers the whole namespace it names.
THIRD_PARTY = {
    # Django admin (with the admin classes of django-otp, django-simple-history
    # and django-tasks): staff only, model permissions per view. Its sign-in
    # page is replaced by ours (admin-sign-in), so throttling and TOTP apply.
    "admin",
    # django.views.i18n.set_language: sets the language cookie, nothing more.
    "set_language",
    # The integration API (/api/v1/): django-ninja's views, not decorated by
    # us. Every operation requires a personal token and then asks the same
    # permission functions as the pages, for the token's user; the only
    # public views are the OpenAPI document, its docs page and the API root.
    # samverkan/api/tests/test_schema.py checks exactly that, and
    # test_permissions.py that each role sees through the API what it sees here.
    "api-v1",
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

# Matters, deviations and the agreement follow-up, in `world` below.
HANDLERS = {
    **dict.fromkeys(PERSONAS, "denied"),
    "anonymous": "login",
    "outsider": "missing",
    "official": "ok",
    "chair": "ok",
    "secretary": "ok",
    "administrator": "ok",
}
IN_STRUCTURE = {**SIGNED_IN, "outsider": "missing"}
RAISERS = {**HANDLERS, "outsider": "denied", "party_contact": "ok"}
CONTACT_ONLY = {
    **dict.fromkeys(PERSONAS, "denied"),
    "anonymous": "login",
    "party_contact": "ok",
}
REPORTER = {
    **dict.fromkeys(PERSONAS, "missing"),
    "anonymous": "login",
    "party_contact": "ok",
    "administrator": "ok",
}
REPORTER_ACTS = {**REPORTER, "administrator": "denied"}
DISPUTE_SEERS = {
    **HANDLERS,
    "analyst": "missing",
    "member": "missing",
    "party_contact": "ok",
}
FOLLOW_UP_EDITORS = {
    **HANDLERS,
    "analyst": "ok",
    "party_contact": "denied",
    "member": "denied",
}


def matter_url(name: str, *extra: object) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["matter"].pk, *extra])


def agreement_url(name: str, *extra: object) -> Callable[[dict], str]:
    return lambda w: reverse(
        name, args=[w["structure"].slug, w["agreement"].slug, *extra]
    )


MATRIX += [
    Row(
        "matters:list",
        lambda w: reverse("matters:list", args=[w["structure"].slug]),
        SIGNED_IN,
    ),
    Row(
        "matters:create",
        lambda w: reverse("matters:create", args=[w["structure"].slug]),
        RAISERS,
    ),
    Row(
        "matters:waiting",
        lambda w: reverse("matters:waiting", args=[w["structure"].slug]),
        SIGNED_IN,
    ),
    Row(
        "matters:registry",
        lambda w: reverse("matters:registry", args=[w["structure"].slug, "cs"]),
        EVERYONE,
    ),
    Row(
        "matters:detail",
        matter_url("matters:detail"),
        IN_STRUCTURE,
        label="an internal matter",
    ),
    Row("matters:registered", matter_url("matters:registered"), IN_STRUCTURE),
    Row(
        "matters:transition",
        matter_url("matters:transition"),
        HANDLERS,
        "post",
        lambda w: {"to": "in_preparation"},
    ),
    Row("matters:route", matter_url("matters:route"), HANDLERS, "post"),
    Row("matters:analysis", matter_url("matters:analysis", "region"), HANDLERS),
    Row("matters:reference", matter_url("matters:reference"), HANDLERS, "post"),
    Row(
        "matters:recommendation", matter_url("matters:recommendation"), HANDLERS, "post"
    ),
    Row("matters:upload", matter_url("matters:upload"), HANDLERS, "post"),
    Row(
        "matters:download",
        lambda w: reverse(
            "matters:download", args=[w["matter"].pk, w["matter_version"].pk]
        ),
        IN_STRUCTURE,
    ),
    Row(
        "matters:uptake",
        lambda w: reverse("matters:uptake", args=[w["uptake"].pk]),
        {**HANDLERS, "party_contact": "ok"},
        label="of the party contact's own party",
    ),
    Row(
        "deviations:list",
        lambda w: reverse("deviations:list", args=[w["structure"].slug]),
        SIGNED_IN,
    ),
    Row(
        "deviations:create",
        lambda w: reverse("deviations:create", args=[w["structure"].slug]),
        CONTACT_ONLY,
    ),
    Row(
        "deviations:statistics",
        lambda w: reverse("deviations:statistics", args=[w["structure"].slug]),
        EVERYONE,
    ),
    Row(
        "deviations:dispute-create",
        lambda w: reverse("deviations:dispute-create", args=[w["structure"].slug]),
        CONTACT_ONLY,
    ),
    Row(
        "deviations:detail",
        lambda w: w["deviation"].get_absolute_url(),
        REPORTER,
        label="a local report",
    ),
    Row(
        "deviations:answer",
        lambda w: reverse("deviations:answer", args=[w["deviation"].pk]),
        {**REPORTER_ACTS, "party_contact": "denied"},
        "post",
        label="by the reporter",
    ),
    Row(
        "deviations:close",
        lambda w: reverse("deviations:close", args=[w["deviation"].pk]),
        REPORTER_ACTS,
        "post",
    ),
    Row(
        "deviations:escalate",
        lambda w: reverse("deviations:escalate", args=[w["deviation"].pk]),
        REPORTER_ACTS,
        "post",
    ),
    Row(
        "deviations:download",
        lambda w: reverse(
            "deviations:download", args=[w["deviation"].pk, w["deviation_version"].pk]
        ),
        REPORTER,
    ),
    Row("deviations:dispute", lambda w: w["dispute"].get_absolute_url(), DISPUTE_SEERS),
    Row(
        "deviations:position",
        lambda w: reverse(
            "deviations:position", args=[w["dispute"].pk, "municipalities"]
        ),
        {
            **DISPUTE_SEERS,
            "official": "denied",
            "chair": "denied",
            "secretary": "denied",
            "administrator": "denied",
        },
        "post",
    ),
    Row(
        "deviations:recommend",
        lambda w: reverse("deviations:recommend", args=[w["dispute"].pk]),
        {**DISPUTE_SEERS, "party_contact": "denied"},
        "post",
    ),
    Row(
        "deviations:respond",
        lambda w: reverse(
            "deviations:respond", args=[w["dispute"].pk, "municipalities"]
        ),
        {
            **DISPUTE_SEERS,
            "official": "denied",
            "chair": "denied",
            "secretary": "denied",
            "administrator": "denied",
        },
        "post",
    ),
    Row(
        "agreement:list",
        lambda w: reverse("agreement:list", args=[w["structure"].slug]),
        IN_STRUCTURE,
    ),
    Row("agreement:dashboard", agreement_url("agreement:dashboard"), IN_STRUCTURE),
    Row(
        "agreement:measurement",
        agreement_url("agreement:measurement"),
        FOLLOW_UP_EDITORS,
    ),
    Row("agreement:import", agreement_url("agreement:import"), FOLLOW_UP_EDITORS),
    Row("agreement:template", agreement_url("agreement:template"), IN_STRUCTURE),
    Row("agreement:economy", agreement_url("agreement:economy"), IN_STRUCTURE),
    Row(
        "agreement:indicator", agreement_url("agreement:indicator", "sip"), IN_STRUCTURE
    ),
    Row("agreement:report", agreement_url("agreement:report", "docx"), IN_STRUCTURE),
]

MANAGERS = {
    **dict.fromkeys(PERSONAS, "denied"),
    "anonymous": "login",
    "secretary": "ok",
    "administrator": "ok",
}


def meeting_url(name: str, *extra: object) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["meeting"].pk, *extra])


def item_url(name: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["item"].pk])


def body_url(name: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["structure"].slug, "cs"])


MATRIX += [
    Row("meetings:list", body_url("meetings:list"), EVERYONE),
    Row("meetings:create", body_url("meetings:create"), MANAGERS),
    Row("meetings:follow-ups", body_url("meetings:follow-ups"), SIGNED_IN),
    Row(
        "meetings:detail",
        meeting_url("meetings:detail"),
        EVERYONE,
        label="a public meeting",
    ),
    Row(
        "meetings:record",
        meeting_url("meetings:record", "dagordning", "html"),
        EVERYONE,
        label="the agenda",
    ),
    Row(
        "meetings:download",
        lambda w: reverse(
            "meetings:download", args=[w["meeting"].pk, w["meeting_version"].pk]
        ),
        EVERYONE,
    ),
    Row(
        "meetings:transition",
        meeting_url("meetings:transition"),
        MANAGERS,
        "post",
        lambda w: {"to": "cancelled"},
    ),
    Row("meetings:send", meeting_url("meetings:send"), MANAGERS, "post"),
    Row("meetings:agenda", meeting_url("meetings:agenda"), MANAGERS),
    Row(
        "meetings:add-matter",
        meeting_url("meetings:add-matter"),
        MANAGERS,
        "post",
        lambda w: {"matter": w["matter"].pk},
    ),
    Row("meetings:attendance", meeting_url("meetings:attendance"), MANAGERS),
    Row("meetings:minutes", meeting_url("meetings:minutes"), MANAGERS),
    Row("meetings:approvers", meeting_url("meetings:approvers"), MANAGERS, "post"),
    # Only the chair and approvers named for the meeting (none here) review it.
    Row(
        "meetings:review",
        meeting_url("meetings:review"),
        {**dict.fromkeys(PERSONAS, "denied"), "anonymous": "login"},
    ),
    Row("meetings:item", item_url("meetings:item"), MANAGERS),
    Row("meetings:item-move", item_url("meetings:item-move"), MANAGERS, "post"),
    Row("meetings:item-remove", item_url("meetings:item-remove"), MANAGERS, "post"),
    Row("meetings:item-upload", item_url("meetings:item-upload"), MANAGERS, "post"),
    Row(
        "meetings:notes",
        item_url("meetings:notes"),
        MANAGERS,
        "post",
        lambda w: {"notes": "x", "version": "0"},
    ),
    Row("meetings:outcome", item_url("meetings:outcome"), MANAGERS, "post"),
    Row("meetings:follow-up", item_url("meetings:follow-up"), MANAGERS, "post"),
    Row("meetings:assignment", item_url("meetings:assignment"), MANAGERS, "post"),
    Row("meetings:statement", item_url("meetings:statement"), MANAGERS, "post"),
    Row(
        "meetings:recusal",
        item_url("meetings:recusal"),
        MANAGERS,
        "post",
        lambda w: {"person": w["lonely"].pk},
    ),
    Row(
        "meetings:approve-at-once",
        item_url("meetings:approve-at-once"),
        MANAGERS,
        "post",
    ),
    Row("meetings:correction", item_url("meetings:correction"), MANAGERS, "post"),
    Row(
        "meetings:proposal",
        lambda w: reverse("meetings:proposal", args=[w["proposal"].pk]),
        MANAGERS,
        "post",
    ),
]

MATRIX += [
    Row(
        "meetings:follow-up-resolve",
        lambda w: reverse("meetings:follow-up-resolve", args=[w["follow_up"].pk]),
        {**MANAGERS, "outsider": "denied"},
        "post",
    ),
    Row(
        "meetings:assignment-status",
        lambda w: reverse("meetings:assignment-status", args=[w["assignment"].pk]),
        {**MANAGERS, "outsider": "denied"},
        "post",
        lambda w: {"status": "done"},
    ),
    Row("matters:preparation", matter_url("matters:preparation"), HANDLERS, "post"),
    Row(
        "agreement:goal-link",
        lambda w: reverse(
            "agreement:goal-link",
            args=[w["structure"].slug, w["agreement"].slug, w["goal"].pk],
        ),
        FOLLOW_UP_EDITORS,
        "post",
        lambda w: {"assignment": w["assignment"].pk},
    ),
    Row(
        "agreement:upload", agreement_url("agreement:upload"), FOLLOW_UP_EDITORS, "post"
    ),
    Row(
        "agreement:download",
        lambda w: reverse(
            "agreement:download",
            args=[w["structure"].slug, w["agreement"].slug, w["agreement_version"].pk],
        ),
        IN_STRUCTURE,
    ),
]

MATRIX += [
    Row("publishing:calendar", body_url("publishing:calendar"), EVERYONE),
    Row("publishing:minutes-feed", body_url("publishing:minutes-feed"), EVERYONE),
]

MATRIX += [
    Row(
        "planning:year",
        lambda w: reverse("planning:year", args=[w["structure"].slug, "cs", 2030]),
        IN_STRUCTURE,
    ),
]

MATRIX += [
    Row("planning:mine", lambda w: reverse("planning:mine"), SIGNED_IN),
    Row("planning:renew", lambda w: reverse("planning:renew"), SIGNED_IN, "post"),
    # The secret token in the address is the sign-in; an unknown one is not found.
    Row(
        "planning:personal-feed",
        lambda w: reverse("planning:personal-feed", args=["okand"]),
        NOBODY,
    ),
]

# Everyone may search; what each one finds is tested in search/tests.
MATRIX += [
    Row("search:page", lambda w: reverse("search:page") + "?q=avtal", EVERYONE),
    Row("search:json", lambda w: reverse("search:json") + "?q=avtal", EVERYONE),
    Row("search:suggest", lambda w: reverse("search:suggest") + "?q=avt", EVERYONE),
    Row(
        "search:suggest-json",
        lambda w: reverse("search:suggest-json") + "?q=avt",
        EVERYONE,
    ),
]


MATRIX += [
    Row("notifications:inbox", lambda w: reverse("notifications:inbox"), SIGNED_IN),
    Row(
        "notifications:preferences",
        lambda w: reverse("notifications:preferences"),
        SIGNED_IN,
    ),
    Row(
        "notifications:mark-all-read",
        lambda w: reverse("notifications:mark-all-read"),
        SIGNED_IN,
        "post",
    ),
    # Only the owner opens a notification; nobody owns number 999999.
    Row(
        "notifications:open",
        lambda w: reverse("notifications:open", args=[999999]),
        {**NOBODY, "anonymous": "login"},
    ),
]


def news_url(name: str) -> Callable[[dict], str]:
    """The address of a published news item of the world's body."""

    def url(w: dict) -> str:
        from samverkan.publishing.models import NewsItem

        news, _created = NewsItem.objects.get_or_create(
            body=w["body"],
            title="Nyhet",
            defaults={
                "text": "Text",
                "published_at": dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
            },
        )
        return reverse(name, args=[news.pk])

    return url


MATRIX += [
    Row("publishing:news-list", body_url("publishing:news-list"), EVERYONE),
    Row("publishing:news", news_url("publishing:news"), EVERYONE),
    # Others are told nothing of what they may not change.
    Row(
        "publishing:news-edit",
        news_url("publishing:news-edit"),
        {**NOBODY, "anonymous": "login", "secretary": "ok", "administrator": "ok"},
    ),
    Row("importers:upload", body_url("importers:upload"), MANAGERS),
    Row(
        "importers:composition-upload",
        body_url("importers:composition-upload"),
        MANAGERS,
    ),
    Row(
        "importers:composition",
        lambda w: w["composition_file"].composition_url(),
        {**MANAGERS, **dict.fromkeys(PERSONAS[1:-2], "missing")},
    ),
    # A batch belongs to its body: others do not learn it exists.
    Row(
        "importers:batch",
        lambda w: w["import_file"].batch.get_absolute_url(),
        {**MANAGERS, **dict.fromkeys(PERSONAS[1:-2], "missing")},
    ),
    Row(
        "importers:progress",
        lambda w: w["import_file"].batch.progress_url(),
        {**MANAGERS, **dict.fromkeys(PERSONAS[1:-2], "missing")},
    ),
    Row(
        "importers:confirm",
        lambda w: w["import_file"].confirm_url(),
        {**MANAGERS, **dict.fromkeys(PERSONAS[1:-2], "missing")},
        "post",
    ),
    # OParl (open data): public records only, for everyone alike; an internal
    # record is not found, whoever asks.
    Row("oparl:system", lambda w: reverse("oparl:system"), EVERYONE),
    Row("oparl:bodies", lambda w: reverse("oparl:bodies"), EVERYONE),
    Row(
        "oparl:body",
        lambda w: reverse("oparl:body", args=[w["structure"].pk]),
        EVERYONE,
    ),
    Row(
        "oparl:list",
        lambda w: reverse("oparl:list", args=[w["structure"].pk, "meeting"]),
        EVERYONE,
    ),
    Row(
        "oparl:object",
        lambda w: reverse("oparl:object", args=["meeting", w["meeting"].pk]),
        EVERYONE,
    ),
    Row(
        "oparl:object",
        lambda w: reverse("oparl:object", args=["paper", w["matter"].pk]),
        NOBODY,
        label="internal matter",
    ),
    Row(
        "oparl:legislativeterm",
        lambda w: reverse(
            "oparl:legislativeterm",
            args=[w["structure"].pk, oparl_terms(w["structure"], None)[-1].year],
        ),
        EVERYONE,
    ),
    Row(
        "oparl:file-access",
        lambda w: reverse("oparl:file-access", args=[w["meeting_version"].document_id]),
        EVERYONE,
    ),
    Row(
        "oparl:file-download",
        lambda w: reverse(
            "oparl:file-download", args=[w["meeting_version"].document_id]
        ),
        EVERYONE,
    ),
    Row(
        "oparl:file-download",
        lambda w: reverse(
            "oparl:file-download", args=[w["matter_version"].document_id]
        ),
        NOBODY,
        label="internal matter",
    ),
    Row(
        "oparl:agenda-file",
        lambda w: reverse("oparl:agenda-file", args=[w["meeting"].pk]),
        EVERYONE,
    ),
    # The minutes of a planned meeting are not written, so not public.
    Row(
        "oparl:minutes-file",
        lambda w: reverse("oparl:minutes-file", args=[w["meeting"].pk]),
        NOBODY,
    ),
]


MATRIX += [
    Row("api:tokens", lambda w: reverse("api:tokens"), SIGNED_IN),
    # Only one's own token can be revoked; any other (here: none) is not found.
    Row(
        "api:token-revoke",
        lambda w: reverse("api:token-revoke", args=[999_999]),
        {**NOBODY, "anonymous": "login"},
        "post",
    ),
    # Any other address under /api/v1/: a problem+json 404 for everyone.
    Row("api-v1:api-unknown", lambda w: "/api/v1/finns-inte/", NOBODY),
]


def build_world(sample_files: dict) -> dict:
    """The records and the personas every row is tried on."""
    from samverkan.importers import services as importers

    structure = make_structure(name="Vårdsamverkan Test", slug="test")
    region = make_party(structure, "Region Test", kind=Party.Kind.REGION)
    municipality = make_party(structure, "Malmö", code="1280")
    body = make_persona_body(structure)
    outsider = make_outsider()
    users = {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "analyst": make_analyst(structure),
        "party_contact": make_party_contact(structure, municipality),
        "official": make_official(body, region, municipality),
        "member": make_member(body, region, municipality),
        "chair": make_chair(body, region, municipality),
        "secretary": make_secretary(structure, body),
        "administrator": make_administrator(structure),
    }
    lonely = make_person("Ensam Person")
    _invitation, token = services.invite_person(
        person=lonely,
        email="lonely@example.org",
        actor=outsider,
        base_url="http://testserver/",
    )
    grant = RoleGrant.objects.create(
        user=User.objects.create_user("grant-holder"),
        role=RoleGrant.Role.ANALYST,
        structure=structure,
        start=dt.date(2024, 1, 1),
    )
    return {
        "users": users,
        "structure": structure,
        "body": body,
        "lonely": lonely,
        "token": token,
        "grant": grant,
        **domain_records(structure, body, municipality, region, sample_files),
        "import_file": import_records(body, outsider),
        "composition_file": importers.composition_batch(
            body=body,
            filename="sida.txt",
            content=b"CS",
            start=dt.date(2030, 1, 1),
            actor=outsider,
        ),
    }


@pytest.fixture
def world(db, sample_files) -> dict:  # noqa: ANN001
    return build_world(sample_files)


def import_records(body, user):  # noqa: ANN001, ANN201
    """An uploaded file of minutes, read and waiting for confirmation."""
    from samverkan.importers import services as importers

    batch = importers.create_batch(
        body=body, files=[("a.txt", b"Minnesanteckningar")], actor=user
    )
    return batch.files.get()


def domain_records(structure, body, municipality, region, sample_files) -> dict:  # noqa: ANN001
    """An internal matter with a recommendation, a local deviation and a dispute."""
    from samverkan.agreement.models import Agreement, Goal, Indicator
    from samverkan.deviations import services as deviations
    from samverkan.matters import services as matters
    from samverkan.matters.models import Matter

    matter = matters.register_matter(
        body=body,
        title="Ärende",
        description="Text",
        raised_by=municipality,
        category="other",
        actor=None,
        visibility="internal",
    )
    matters.attach_document(
        matter=matter, filename="a.pdf", content=sample_files["pdf"], actor=None
    )
    treated = matters.register_matter(
        body=body,
        title="Behandlat",
        description="Text",
        raised_by=municipality,
        category="other",
        actor=None,
    )
    for status in ("in_preparation", "ready", "on_agenda", "treated"):
        matters.transition_matter(matter=treated, to=status, actor=None)
    recommendation = matters.issue_recommendation(
        matter=treated,
        text="Inför rutinen.",
        issued_on=dt.date(2024, 4, 1),
        actor=None,
        parties=[municipality, region],
    )
    deviation = deviations.report_deviation(
        structure=structure,
        reporting_party=municipality,
        reporting_unit="Hemtjänst",
        concerned_party=region,
        event_date=dt.date(2024, 3, 1),
        category="discharge",
        description="Utskriven utan information.",
        consequence="none",
        actor=None,
        attachments=[("b.pdf", sample_files["pdf"])],
        today=dt.date(2024, 3, 2),
    )
    dispute = deviations.open_dispute(
        structure=structure, opened_by=municipality, question="Vem betalar?", actor=None
    )
    agreement = Agreement.objects.create(
        structure=structure,
        name="Avtalet",
        short_name="HS",
        slug="hs",
        start=dt.date(2024, 1, 1),
    )
    goal = Goal.objects.create(agreement=agreement, title="Mål")
    from samverkan.agreement import services as agreement_services

    agreement_services.attach_agreement_document(
        agreement=agreement,
        filename="avtal.pdf",
        content=sample_files["pdf"],
        actor=None,
    )
    Indicator.objects.create(
        goal=goal, code="sip", name="SIP", definition="x", unit="%", direction="higher"
    )
    return {
        "matter": Matter.objects.get(pk=matter.pk),
        "matter_version": matter.documents.get().versions.get(),
        "uptake": recommendation.uptakes.get(party=municipality),
        "deviation": deviation,
        "deviation_version": deviation.documents.get().versions.get(),
        "dispute": dispute,
        "agreement": agreement,
        "goal": goal,
        "agreement_version": agreement.documents.get().versions.get(),
        **meeting_records(body, sample_files),
    }


def meeting_records(body, sample_files) -> dict:  # noqa: ANN001
    """A public meeting with one item, a document and a pending change proposal."""
    from zoneinfo import ZoneInfo

    from samverkan.meetings import services as meetings
    from samverkan.meetings.models import ChangeProposal
    from samverkan.organisation.models import Person

    meeting = meetings.create_meeting(
        body=body,
        starts_at=dt.datetime(2030, 4, 12, 9, tzinfo=ZoneInfo("Europe/Stockholm")),
        actor=None,
    )
    item = meetings.add_item(meeting=meeting, title="Välkommen", actor=None)
    meetings.attach_to_item(
        item=item, filename="c.pdf", content=sample_files["pdf"], actor=None
    )
    proposer = Person.objects.create(first_name="Justerare", last_name="Förslag")
    proposal = ChangeProposal.objects.create(
        item=item, proposer=proposer, text="Ny lydelse"
    )
    follow_up = meetings.add_follow_up(
        item=item,
        text="Återkoppling",
        target_body=body,
        target_month=dt.date(2030, 9, 1),
        actor=None,
    )
    assignment = meetings.add_assignment(item=item, title="Ta fram en plan", actor=None)
    return {
        "follow_up": follow_up,
        "assignment": assignment,
        "meeting": meeting,
        "item": item,
        "meeting_version": item.documents.get().versions.get(),
        "proposal": proposal,
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


@pytest.mark.parametrize(
    "row", MATRIX, ids=[f"{r.name} {r.label}".strip() for r in MATRIX]
)
def test_each_role_gets_what_the_matrix_says(world, row) -> None:  # noqa: ANN001
    """Each persona in turn, on the same records: what one does is undone."""
    got = {}
    for persona in PERSONAS:
        client = SignedInClient()
        user = world["users"][persona]
        if user.is_authenticated:
            client.force_login(user)
        send = getattr(client, row.method)
        with transaction.atomic():
            response = send(row.url(world), row.data(world) if row.data else {})
            if response.streaming:
                # A download streams from an open file; the client closes it
                # after the last chunk (a plain close() would also close the
                # database connection).
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
        got[persona] = outcome(response)
        if got[persona] != row.expected[persona]:
            got[persona] += f" ({response.status_code})"
    assert got == row.expected


def test_the_matrix_covers_every_view_of_the_project() -> None:
    covered = {row.name for row in MATRIX}
    missing = sorted(
        name or route
        for route, name, view in project_urls()
        if not is_third_party(name, view) and (name or route) not in covered
    )
    assert missing == [], "Add a row to MATRIX for each new view"
