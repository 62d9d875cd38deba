"""A user sees through the API exactly what the web shows them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from samverkan.deviations import services as deviations
from samverkan.matters import services as matters
from samverkan.meetings import services as meetings
from samverkan.organisation.models import Body

PERSONAS = [
    "outsider",
    "analyst",
    "party_contact",
    "official",
    "member",
    "chair",
    "secretary",
    "administrator",
]


@pytest.fixture
def records(structure, persona_body, create_body, create_party, municipality, region):  # noqa: ANN001
    """Matters, deviations and meetings of every visibility, in two bodies."""
    other_body = create_body(short_name="DS", level=Body.Level.SUBREGIONAL)
    other_municipality = create_party("Lund")

    def matter(body: Body, party, visibility: str) -> int:  # noqa: ANN001
        return matters.register_matter(
            body=body,
            title=f"{visibility} {body.short_name}",
            description="Text",
            raised_by=party,
            category="other",
            visibility=visibility,
            actor=None,
        ).pk

    for body in (persona_body, other_body):
        for party in (municipality, region):
            for visibility in ("public", "internal", "body", "restricted"):
                matter(body, party, visibility)

    def deviation(reporting, concerned) -> None:  # noqa: ANN001
        deviations.report_deviation(
            structure=structure,
            reporting_party=reporting,
            reporting_unit="Enhet",
            concerned_party=concerned,
            event_date=dt.date(2024, 3, 1),
            category="discharge",
            description="Utskriven utan information.",
            consequence="none",
            actor=None,
            today=dt.date(2024, 3, 2),
        )

    deviation(municipality, region)
    deviation(region, other_municipality)
    deviation(region, municipality)
    zone = ZoneInfo("Europe/Stockholm")
    for body in (persona_body, other_body):
        for day, visibility in enumerate(("public", "internal", "body"), start=1):
            meetings.create_meeting(
                body=body,
                starts_at=dt.datetime(2030, 4, day, 9, tzinfo=zone),
                visibility=visibility,
                actor=None,
            )


def _api_ids(api, path: str) -> set[int]:  # noqa: ANN001
    response = api.get(path, limit=100)
    assert response.status_code == 200
    assert response.json()["next_cursor"] is None
    return {item["id"] for item in response.json()["items"]}


def _web_ids(client, model, url_name: str) -> set[int]:  # noqa: ANN001
    ids = set()
    for pk in model.objects.values_list("pk", flat=True):
        response = client.get(reverse(url_name, args=[pk]))
        assert response.status_code in (200, 404), (url_name, response.status_code)
        if response.status_code == 200:
            ids.add(pk)
    return ids


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_shows_each_role_what_the_web_shows_it(
    request, client, records, api_for, persona
) -> None:  # noqa: ANN001
    from samverkan.deviations.models import Deviation
    from samverkan.matters.models import Matter
    from samverkan.meetings.models import Meeting

    user = request.getfixturevalue(persona)
    client.force_login(user)
    api = api_for(user, "read")
    for path, model, url_name in (
        ("matters", Matter, "matters:detail"),
        ("deviations", Deviation, "deviations:detail"),
        ("meetings", Meeting, "meetings:detail"),
    ):
        web = _web_ids(client, model, url_name)
        assert _api_ids(api, path) == web, f"{persona} on {path}"
        # And one by one: what the web hides is not found through the API.
        for pk in model.objects.exclude(pk__in=web).values_list("pk", flat=True):
            assert api.get(f"{path}/{pk}").status_code == 404


def test_the_roles_see_different_things(records, api_for, outsider, secretary) -> None:  # noqa: ANN001
    """The comparison above is not trivially true: roles differ."""
    outsider_sees = _api_ids(api_for(outsider), "matters")
    secretary_sees = _api_ids(api_for(secretary), "matters")
    assert outsider_sees < secretary_sees
    assert _api_ids(api_for(outsider), "deviations") == set()
