import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html

from samverkan.organisation.models import Body, Membership, Side

SEED_PAGE = (
    Path(__file__).resolve().parents[3].parent / "shared/seeds/000_788969ffb2fe49da.txt"
)


def cells(response, selector="#composition-table tbody tr"):
    """Return the table's rows as lists of whitespace-normalised cell texts."""
    tree = html.fromstring(response.content.decode())
    return [
        [" ".join(td.text_content().split()) for td in tr.findall("td")]
        for tr in tree.cssselect(selector)
    ]


def text_of(response) -> str:
    return " ".join(html.fromstring(response.content.decode()).text_content().split())


def seed_table_lines() -> list[str]:
    """Return the members table of the seed page, one line per row."""
    lines = SEED_PAGE.read_text(encoding="utf-8").splitlines()
    start = lines.index("För Region Skåne För kommunerna") + 1
    end = next(
        i for i in range(start, len(lines)) if lines[i].startswith("Ansvar angående")
    )
    return [line.strip() for line in lines[start:end] if line.strip()]


@pytest.fixture
def cs_url(demo):
    return reverse("organisation:body", args=[demo.slug, "cs"])


def test_the_demo_cs_page_shows_the_seed_table_row_by_row(client, cs_url):
    rows = cells(client.get(cs_url))

    expected = [
        ["Anna Mannfalk, ordförande", "Anders Rubin, Malmö, vice ordförande"],
        ["Marianne Eriksson", "Patric Åberg, Östra Göinge"],
        ["Anders Lundström", "Johan Andersson, Eslöv"],
        ["Lisa Flinth", "Teddy Nilsson, Svalöv"],
        ["Jacqueline Maly", "Vakant"],
        ["Patrik Holmberg", "Vakant"],
        ["Gunilla Wahlberg", "Vakant"],
        ["Mätta Ivarsson", "Vakant"],
    ]
    assert rows == expected


@pytest.mark.skipif(
    not SEED_PAGE.exists(), reason="the seed documents are not beside the repository"
)
def test_the_demo_cs_page_matches_the_seed_page_itself(client, cs_url):
    response = client.get(cs_url)

    assert [" ".join(row) for row in cells(response)] == seed_table_lines()
    page = text_of(response)
    tree = html.fromstring(response.content.decode())
    headers = [
        th.text_content().strip() for th in tree.cssselect("#composition-table th")
    ]
    assert headers == ["För Region Skåne", "För kommunerna"]
    for sentence in (
        "Antalet ledamöter ska vara åtta (8) från Region Skåne och åtta (8) från kommunerna.",
        "Skånes Kommuners styrelse utser ledamöter för kommunerna.",
        "Ordförandeskapet ska alternera årsvis.",
        "CS är inte ett beslutande organ.",
        "hantera avvikelser och tvister",
        "Sidansvarig",
        "Emelie Sundén",
    ):
        assert sentence in page


def test_the_body_page_shows_mandate_and_responsibilities_as_sections(client, cs_url):
    tree = html.fromstring(client.get(cs_url).content.decode())

    headings = [h.text_content() for h in tree.cssselect("main h2")]
    assert headings[0] == "Sammansättning CS"
    assert "E-hälsa" in headings and "Kompetensutveckling" in headings
    mandate = [li.text_content() for li in tree.cssselect(".mandate li")]
    assert len(mandate) == 6
    assert (
        mandate[-1] == "gemensam strategi för kompetensförsörjning/kompetensutveckling"
    )


def test_the_date_picker_shows_the_composition_on_a_past_date(
    client, cs_url, demo, today
):
    cs = Body.objects.get(structure=demo, slug="cs")
    last_year = cs.chair_year_bounds(today.year - 1)[0]

    rows = cells(client.get(cs_url, {"datum": last_year.isoformat()}))

    # The chair alternates yearly: last year the municipalities held it.
    assert rows[0] == [
        "Anna Mannfalk, vice ordförande",
        "Anders Rubin, Malmö, ordförande",
    ]


def test_a_date_before_anyone_sat_shows_vacant_seats_only(client, cs_url):
    response = client.get(cs_url, {"datum": "2010-01-01"})

    rows = cells(response)
    assert rows == [["Vakant", "Vakant"]] * 8
    assert "Ledamöter i CS den 2010-01-01" in text_of(response)


def test_an_invalid_date_gets_a_swedish_message_and_status_400(client, cs_url):
    response = client.get(cs_url, {"datum": "8 december"})

    assert response.status_code == 400
    assert "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2023-12-08." in text_of(response)
    assert len(cells(response)) == 8  # today's composition is still shown


def test_an_htmx_request_gets_only_the_composition(client, cs_url):
    response = client.get(
        cs_url, {"datum": "2024-06-01"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="composition">')
    assert "<html" not in content
    assert len(cells(response)) == 8


def test_the_page_lists_the_secretary_among_other_roles(client, cs_url):
    assert "Jill Persson, sekreterare" in text_of(client.get(cs_url))


def test_last_updated_moves_when_a_membership_changes(client, cs_url, demo):
    before = html.fromstring(client.get(cs_url).content.decode()).cssselect(
        ".page-facts time"
    )[0]
    member = Membership.objects.get(body__slug="cs", person__last_name="Flinth")
    Membership.objects.filter(pk=member.pk).update(modified="2099-01-01T12:00:00Z")

    after = html.fromstring(client.get(cs_url).content.decode()).cssselect(
        ".page-facts time"
    )[0]

    assert after.text_content() == "2099-01-01"
    assert before.text_content() != after.text_content()


def test_last_updated_moves_when_a_member_is_removed(client, cs_url):
    member = Membership.objects.get(body__slug="cs", person__last_name="Flinth")
    later = timezone.now() + dt.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        member.delete()

    response = client.get(cs_url)

    assert "Lisa Flinth" not in text_of(response)
    updated = html.fromstring(response.content.decode()).cssselect(".page-facts time")
    assert updated[0].text_content() == timezone.localdate(later).isoformat()


def page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("members", [5, 50])
def test_the_body_page_query_count_does_not_grow_with_members(
    client, create_body, create_membership, members, django_assert_max_num_queries
):
    body = create_body(seats_region=None, seats_municipalities=None)
    for i in range(members):
        create_membership(body, side=Side.REGION if i % 2 else Side.MUNICIPALITIES)

    # The composition, its people, the meetings and minutes, the news, and when
    # any of them last changed.
    with django_assert_max_num_queries(9):
        response = client.get(body.get_absolute_url())
    assert len(cells(response)) == (members + 1) // 2


def test_the_body_page_costs_the_same_with_5_and_50_members(
    client, create_body, create_membership
):
    small = create_body(seats_region=None, seats_municipalities=None)
    large = create_body(seats_region=None, seats_municipalities=None)
    for body, count in ((small, 5), (large, 50)):
        for _ in range(count):
            create_membership(body)

    assert page_queries(client, small.get_absolute_url()) == page_queries(
        client, large.get_absolute_url()
    )


def test_the_structure_overview_shows_levels_and_who_prepares_for_whom(client, demo):
    response = client.get(reverse("organisation:structure", args=[demo.slug]))

    tree = html.fromstring(response.content.decode())
    levels = [h.text_content() for h in tree.cssselect("section.level h2")]
    assert levels == ["Central nivå", "Delregional nivå"]
    page = text_of(response)
    assert "Bereder ärenden för Centralt Samverkansorgan" in page
    assert "Bereds av Central tjänstemannaberedning" in page
    subregional = tree.cssselect("section.level")[1].cssselect("h3")
    assert len(subregional) == 5


def test_the_start_page_goes_straight_to_the_only_structure(client, demo):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == demo.get_absolute_url()


def test_the_start_page_lists_several_structures(client, create_structure):
    create_structure(name="Vårdsamverkan Halland")
    create_structure(name="Vårdsamverkan Blekinge")

    page = text_of(client.get("/"))

    assert "Vårdsamverkan Blekinge" in page and "Vårdsamverkan Halland" in page


def test_the_person_page_lists_memberships_over_time(client, demo):
    anna = Membership.objects.filter(person__last_name="Mannfalk").first().person

    response = client.get(anna.get_absolute_url())

    tree = html.fromstring(response.content.decode())
    current = cells(response, "#current-memberships tbody tr")
    past = cells(response, "#past-memberships tbody tr")
    assert tree.cssselect("h1")[0].text_content() == "Anna Mannfalk"
    assert current[0][:3] == ["Centralt Samverkansorgan", "ordförande", "Region Skåne"]
    assert past and all(row[4] != "–" for row in past)
    assert {row[1] for row in past} == {"ordförande", "vice ordförande"}


def test_an_unknown_body_or_person_is_not_found(client, demo):
    assert (
        client.get(reverse("organisation:body", args=[demo.slug, "nope"])).status_code
        == 404
    )
    assert client.get(reverse("organisation:person", args=[999999])).status_code == 404


def test_the_composition_report_asks_anonymous_users_to_sign_in(client, demo):
    url = reverse("organisation:composition-report", args=[demo.slug, "cs"])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


def test_the_composition_report_shows_seats_chairs_rules_and_rotation(
    client, demo, secretary, today
):
    client.force_login(secretary)
    url = reverse("organisation:composition-report", args=[demo.slug, "cs"])

    response = client.get(url)

    seats = cells(response, "#seats tbody tr")
    assert seats == [["8", "8", "0"], ["8", "4", "4"]]
    tree = html.fromstring(response.content.decode())
    assert tree.cssselect("#chair")[0].text_content() == "Anna Mannfalk"
    assert tree.cssselect("#vice-chair")[0].text_content() == "Anders Rubin"
    assert "följer organets regler" in tree.cssselect("#violations")[0].text_content()
    rotation = cells(response, "#rotation tbody tr")
    assert len(rotation) == 6
    assert [row[0] for row in rotation] == ["Region Skåne", "Kommunerna"] * 3
    assert [row[1] for row in rotation] == ["Kommunerna", "Region Skåne"] * 3
    first = tree.cssselect("#rotation tbody th")[0].text_content()
    assert first == f"{today.year}-01-01 – {today.year}-12-31"


def test_the_composition_report_shows_broken_rules(client, demo, secretary, today):
    client.force_login(secretary)
    cs = Body.objects.get(structure=demo, slug="cs")
    Body.objects.filter(pk=cs.pk).update(seats_region=7)

    response = client.get(
        reverse("organisation:composition-report", args=[demo.slug, "cs"])
    )

    violations = html.fromstring(response.content.decode()).cssselect("#violations li")
    assert [v.text_content() for v in violations] == [
        "Regionen har 8 ledamöter men bara 7 platser."
    ]


def test_a_ds_page_shows_its_fixed_chair_rule(client, demo):
    response = client.get(reverse("organisation:body", args=[demo.slug, "ds-nordvast"]))

    page = text_of(response)
    assert "Region Skåne utser ordförande och kommunerna vice ordförande." in page
    assert "Ordförandeskapet byts den 1 januari." in page
    assert re.search(r"Karin Demo-Bergström, ordförande", page)


def test_the_page_speaks_english_when_asked(client, cs_url):
    client.cookies["django_language"] = "en"

    response = client.get(cs_url)

    tree = html.fromstring(response.content.decode())
    headers = [
        th.text_content().strip() for th in tree.cssselect("#composition-table th")
    ]
    assert headers == ["For Region Skåne", "For the municipalities"]
    assert tree.get("lang") == "en"
    assert "Vacant" in text_of(response)


def test_admin_lists_every_organisation_model_with_swedish_labels(admin_client):
    page = text_of(admin_client.get(reverse("admin:index")))

    for label in (
        "Samverkansstrukturer",
        "Parter",
        "Delregioner",
        "Organ",
        "Personer",
        "Uppdrag",
    ):
        assert label in page


def test_admin_refuses_a_membership_that_breaks_a_rule(client, demo, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "", "pw"))
    cs = Body.objects.get(slug="cs")
    person = Membership.objects.filter(person__last_name="Cosmo").first().person
    region = cs.memberships.filter(side=Side.REGION).first().party

    response = client.post(
        reverse("admin:organisation_membership_add"),
        {
            "body": cs.pk,
            "person": person.pk,
            "role": "member",
            "side": "region",
            "party": region.pk,
            "start": dt.date.today().isoformat(),
            "position": 9,
        },
    )

    assert response.status_code == 200
    assert "8 platser för regionen" in text_of(response)
    assert not cs.memberships.filter(person=person).exists()
