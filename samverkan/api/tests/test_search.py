"""Search through the API: the search page's results, for the token's user."""

import pytest

from samverkan.accounts.models import Visibility
from samverkan.matters import services as matters

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(persona_body, municipality, secretary):  # noqa: ANN001, ANN201
    def make(title: str, visibility: str) -> object:
        return matters.register_matter(
            body=persona_body,
            title=title,
            description="Beskrivning av ärendet.",
            raised_by=municipality,
            category="agreement",
            actor=secretary,
            visibility=visibility,
        )

    return make


def titles(response) -> list[str]:  # noqa: ANN001
    """The hits' titles without the registry number ("CS 2026/1 …")."""
    assert response.status_code == 200, response.content
    return [hit["title"].split(" ", 2)[2] for hit in response.json()["items"]]


def test_the_api_knows_every_kind_the_index_has() -> None:
    from typing import get_args

    from samverkan.api.routers.search import KindName
    from samverkan.search.models import Kind

    assert set(get_args(KindName)) == set(Kind.values)


def test_search_finds_by_stem_and_respects_visibility(
    api_for, register, member, outsider
) -> None:
    register("Kommunikationsplan för hemsjukvården", Visibility.PUBLIC)
    register("Intern kommunikationsplan", Visibility.BODY)

    for_member = titles(api_for(member, "read").get("search", q="kommunikationsplanen"))
    assert set(for_member) == {
        "Kommunikationsplan för hemsjukvården",
        "Intern kommunikationsplan",
    }
    for_outsider = api_for(outsider, "read").get("search", q="kommunikationsplanen")
    assert titles(for_outsider) == ["Kommunikationsplan för hemsjukvården"]
    assert for_outsider.json()["total"] == 1
    hit = for_outsider.json()["items"][0]
    assert hit["type"] == "matter" and "<mark>" in hit["title_html"]


def test_search_pages_by_cursor_without_repeats(api_for, register, member) -> None:
    for n in range(5):
        register(f"Läkemedelsgenomgång {n}", Visibility.PUBLIC)
    client = api_for(member, "read")
    first = client.get("search", q="läkemedelsgenomgång", limit=2, type="matter")
    seen = titles(first)
    cursor = first.json()["next_cursor"]
    while cursor:
        page = client.get(
            "search", q="läkemedelsgenomgång", limit=2, type="matter", cursor=cursor
        )
        seen += titles(page)
        cursor = page.json()["next_cursor"]
    assert sorted(seen) == [f"Läkemedelsgenomgång {n}" for n in range(5)]


def test_a_bad_cursor_and_a_bad_type_are_refused_in_the_error_format(
    api_for, member
) -> None:
    client = api_for(member, "read")
    response = client.get("search", q="plan", cursor="inte-en-markör")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"
    assert response.json()["message_en"]
    response = client.get("search", q="plan", type="hemligt")
    assert response.status_code == 422
    assert response.json()["fields"]


def test_suggestions_complete_the_word_being_typed(api_for, register, outsider) -> None:
    register("Kommunikationsplan för hemsjukvården", Visibility.PUBLIC)
    register("Kommunal intern fråga", Visibility.BODY)
    response = api_for(outsider, "read").get("search/suggestions", q="kommun")
    assert response.status_code == 200
    assert [s["title"].split(" ", 2)[2] for s in response.json()["items"]] == [
        "Kommunikationsplan för hemsjukvården"
    ]
