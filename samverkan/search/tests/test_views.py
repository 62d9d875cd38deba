import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from conftest import SignedInClient
from samverkan.accounts.models import Visibility
from samverkan.organisation.models import Body, Party
from samverkan.search.forms import SearchForm


def page_of(response) -> html.HtmlElement:  # noqa: ANN001
    return html.fromstring(response.content.decode())


def hit_titles(response) -> list[str]:  # noqa: ANN001
    return sorted(
        element.text_content().strip()
        for element in page_of(response).cssselect(".search-hit__title")
    )


def test_the_header_has_a_labelled_search_box_that_works_without_javascript(
    client,  # noqa: ANN001
    db,  # noqa: ANN001
):
    document = page_of(client.get(reverse("organisation:structures")))
    form = document.cssselect("form.site-search")[0]
    assert form.get("action") == reverse("search:page")
    assert form.get("method") == "get"
    box = form.cssselect("input[name=q]")[0]
    assert document.cssselect(f"label[for={box.get('id')}]")[0].text_content() == "Sök"
    assert box.get("hx-get") == reverse("search:suggest")


def test_the_page_shows_ranked_hits_with_marked_snippets(client, corpus):  # noqa: ANN001
    response = client.get(reverse("search:page"), {"q": "kommunikationsplanen"})
    assert response.status_code == 200
    document = page_of(response)
    assert document.cssselect("#search-summary")[0].text_content() == (
        "2 träffar för ”kommunikationsplanen”"
    )
    first = document.cssselect(".search-hit")[0]
    assert first.cssselect("a")[0].get("href") == corpus.plan.get_absolute_url()
    marks = [mark.text for mark in first.cssselect(".search-hit__snippet mark")]
    assert marks == ["Kommunikationsplanen"]


def test_the_page_shows_a_signed_in_member_more_than_the_public(
    client,  # noqa: ANN001
    corpus,  # noqa: ANN001
    member,  # noqa: ANN001
):
    url = reverse("search:page")
    assert hit_titles(client.get(url, {"q": "läkemedelsgenomgång"})) == []
    client.force_login(member)
    assert hit_titles(client.get(url, {"q": "läkemedelsgenomgång"})) == [
        "CS 2024/2 Läkemedelsgenomgångar i hemsjukvården"
    ]


def test_the_page_filters_by_type(client, corpus):  # noqa: ANN001
    response = client.get(
        reverse("search:page"), {"q": "kommunikationsplan", "typ": "minutes"}
    )
    assert hit_titles(response) == [
        "Uppföljning av hälso- och sjukvårdsavtalet (CS 2023-12-08)"
    ]
    boxes = page_of(response).cssselect("input[name=typ][checked]")
    assert [box.get("value") for box in boxes] == ["minutes"]


def test_the_page_pages_and_keeps_the_filters(client, create_matter, db):  # noqa: ANN001
    for n in range(25):
        create_matter(title=f"Samverkansavtal {n}")
    response = client.get(reverse("search:page"), {"q": "samverkansavtal", "ar": 2024})
    document = page_of(response)
    assert len(document.cssselect(".search-hit")) == 20
    following = document.cssselect("a[rel=next]")[0].get("href")
    assert "ar=2024" in following and "sida=2" in following
    second = page_of(client.get(reverse("search:page") + following))
    assert len(second.cssselect(".search-hit")) == 5
    assert second.cssselect("ol.search-results")[0].get("start") == "21"


def test_the_page_explains_bad_input_in_swedish(client, db):  # noqa: ANN001
    response = client.get(reverse("search:page"), {"q": "avtal", "ar": "tjugo"})
    assert response.status_code == 400
    errors = page_of(response).cssselect(".field-error")
    assert [error.text_content() for error in errors] == ["Fyll i ett heltal."]
    response = client.get(reverse("search:page"), {"q": "avtal", "typ": "hemligt"})
    assert response.status_code == 400


def test_json_returns_structured_results(client, corpus):  # noqa: ANN001
    response = client.get(reverse("search:json"), {"q": "kommunikationsplan"})
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert (data["query"], data["total"], data["page"], data["pages"]) == (
        "kommunikationsplan",
        2,
        1,
        1,
    )
    first = data["results"][0]
    assert first["type"] == "matter"
    assert first["url"] == corpus.plan.get_absolute_url()
    assert (
        first["title_html"] == "CS 2024/1 <mark>Kommunikationsplan</mark> för e-hälsa"
    )


def test_json_answers_bad_input_with_a_problem(client, db):  # noqa: ANN001
    response = client.get(reverse("search:json"), {"q": "avtal", "sida": "0"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["status"] == 400
    assert problem["code"] == "invalid_query"
    assert "sida" in problem["errors"]
    missing = client.get(reverse("search:json"))
    assert missing.status_code == 400
    assert "q" in missing.json()["errors"]
    too_long = client.get(reverse("search:suggest-json"), {"q": "x" * 201})
    assert too_long.status_code == 400


def test_suggestions_come_as_a_partial_and_as_json(client, corpus):  # noqa: ANN001
    partial = client.get(
        reverse("search:suggest"), {"q": "kommunikationsp"}, HTTP_HX_REQUEST="true"
    )
    links = page_of(partial).cssselect("li a")
    assert [link.get("href") for link in links[:1]] == [corpus.plan.get_absolute_url()]
    assert links[-1].text_content() == "Alla träffar för ”kommunikationsp”"
    data = client.get(reverse("search:suggest-json"), {"q": "åsa ö"}).json()
    assert [result["title"] for result in data["results"]] == ["Åsa Öberg"]
    assert client.get(reverse("search:suggest"), {"q": ""}).content.strip() == b""


@pytest.mark.parametrize(
    ("persona", "hits"), [("anonymous", 17), ("member", 20), ("secretary", 20)]
)
def test_the_page_costs_the_same_queries_whatever_the_data(
    client,  # noqa: ANN001
    corpus,  # noqa: ANN001
    create_matter,  # noqa: ANN001
    django_assert_max_num_queries,  # noqa: ANN001
    request,  # noqa: ANN001
    persona,  # noqa: ANN001
    hits,  # noqa: ANN001
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = reverse("search:page")
    arguments = {"q": "kommunikationsplan", "organ": corpus.plan.body_id}

    def cost(url: str, data: dict) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(url, data)
        return len(queries)

    before = cost(url, arguments), cost(reverse("search:suggest"), {"q": "kommunik"})
    for n in range(30):
        create_matter(
            title=f"Kommunikationsplan {n}",
            visibility=Visibility.PUBLIC if n % 2 else Visibility.BODY,
        )
    # The page, its permission subqueries, and the header's unread notifications.
    with django_assert_max_num_queries(17):
        response = client.get(url, arguments)
    assert len(page_of(response).cssselect(".search-hit")) == hits
    with django_assert_max_num_queries(13):
        client.get(reverse("search:suggest"), {"q": "kommunik"})
    after = cost(url, arguments), cost(reverse("search:suggest"), {"q": "kommunik"})
    assert after == before


def test_the_body_and_party_filters_group_their_choices_by_structure(
    db, create_structure
):  # noqa: ANN001
    north = create_structure(name="Vårdsamverkan Norr", slug="norr")
    south = create_structure(name="Vårdsamverkan Syd", slug="syd")
    for structure in (north, south):
        Body.objects.create(
            structure=structure, name="Centralt samverkansorgan", slug="cs"
        )
        Party.objects.create(
            structure=structure, name="Regionen", kind=Party.Kind.REGION
        )
    form = SearchForm({"organ": str(Body.objects.get(structure=south).pk)})
    assert form.is_valid()
    assert form.search_arguments()["body"] == Body.objects.get(structure=south).pk
    html = str(form["organ"])
    assert html.index('<optgroup label="Vårdsamverkan Norr">') < html.index(
        '<optgroup label="Vårdsamverkan Syd">'
    )
    assert html.count(">Centralt samverkansorgan</option>") == 2
    assert " selected>" in html.split("Vårdsamverkan Syd")[1]
    assert '<optgroup label="Vårdsamverkan Syd">' in str(form["part"])
    assert not SearchForm({"organ": "999999"}).is_valid()


def test_a_repeated_search_comes_from_the_page_cache_until_the_index_changes(
    page_cache,  # noqa: ANN001
    corpus,  # noqa: ANN001
    create_matter,  # noqa: ANN001
    member,  # noqa: ANN001
    django_assert_num_queries,  # noqa: ANN001
    django_capture_on_commit_callbacks,  # noqa: ANN001
):
    url = reverse("search:page")
    first = hit_titles(Client().get(url, {"q": "kommunikationsplanen"}))
    assert first
    with django_assert_num_queries(0):
        assert hit_titles(Client().get(url, {"q": "kommunikationsplanen"})) == first
    # A signed-in member gets their own hits, never the public's kept page.
    signed_in = SignedInClient()
    signed_in.force_login(member)
    assert hit_titles(signed_in.get(url, {"q": "läkemedelsgenomgång"})) == [
        "CS 2024/2 Läkemedelsgenomgångar i hemsjukvården"
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the index follows
        create_matter(title="Läkemedelsgenomgångar på särskilt boende")
    assert "Läkemedelsgenomgångar på särskilt boende" in " ".join(
        hit_titles(Client().get(url, {"q": "läkemedelsgenomgång"}))
    )
