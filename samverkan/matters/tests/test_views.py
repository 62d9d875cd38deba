import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from lxml import html

from samverkan.accounts.permissions import Visibility
from samverkan.matters import services
from samverkan.matters.models import Matter

D = dt.date


def text_of(response) -> str:
    return " ".join(html.fromstring(response.content.decode()).text_content().split())


def rows(response, selector):
    tree = html.fromstring(response.content.decode())
    return [
        [" ".join(td.text_content().split()) for td in tr.findall("td")]
        for tr in tree.cssselect(f"{selector} tbody tr")
    ]


def test_a_party_contact_raises_a_matter_and_gets_its_number(
    client, party_contact, cs, demo, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(party_contact)
    svalov = demo.parties.get(name="Svalöv")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matters:create", args=[demo.slug]),
            {
                "body": cs.pk,
                "title": "Läkemedelslistor saknas vid utskrivning",
                "description": "Vid utskrivning saknas ofta aktuell läkemedelslista.",
                "raised_by": svalov.pk,
                "category": "information",
                "visibility": "internal",
            },
            follow=True,
        )

    year = dt.date.today().year
    assert (
        f"Ärendet har diarienummer {f'CS {year}/1'} hos Centralt Samverkansorgan."
        in text_of(response)
    )
    matter = Matter.objects.get()
    assert matter.raised_by == svalov and matter.contact.name == "Teddy Nilsson"
    assert mailoutbox[0].to == ["teddy@example.org"]


def test_the_intake_form_explains_what_is_missing_in_swedish(
    client, party_contact, demo
):
    client.force_login(party_contact)

    response = client.post(reverse("matters:create", args=[demo.slug]), {"title": ""})

    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in text_of(response)
    assert not Matter.objects.exists()


def test_anonymous_users_are_sent_to_sign_in_before_raising_a_matter(client, demo):
    response = client.get(reverse("matters:create", args=[demo.slug]))

    assert response.status_code == 302 and response.url.startswith(
        reverse("accounts:sign-in")
    )


def test_the_list_filters_by_status_party_category_and_text(
    client, official, register, demo
):
    client.force_login(official)
    lund = demo.parties.get(name="Lund")
    register(title="Hemsjukvård nattetid")
    register(title="Kompetensförsörjning", raised_by=lund, category="competence")
    url = reverse("matters:list", args=[demo.slug])

    by_party = rows(client.get(url, {"party": lund.pk}), "#matters")
    by_text = rows(client.get(url, {"q": "nattetid"}), "#matters")
    by_category = rows(client.get(url, {"category": "ehealth"}), "#matters")

    assert [r[1] for r in by_party] == ["Kompetensförsörjning"]
    assert [r[1] for r in by_text] == ["Hemsjukvård nattetid"]
    assert [r[1] for r in by_category] == ["Hemsjukvård nattetid"]


def test_the_list_finds_a_matter_by_its_registry_number(
    client, official, register, demo
):
    client.force_login(official)
    register(received_on=D(2024, 1, 5))
    second = register(title="Andra", received_on=D(2024, 1, 6))

    found = rows(
        client.get(reverse("matters:list", args=[demo.slug]), {"q": "CS 2024/2"}),
        "#matters",
    )

    assert [r[0] for r in found] == [second.registry_number]


def test_the_list_exports_what_it_shows_as_csv_and_xlsx(
    client, official, register, demo
):
    client.force_login(official)
    register(title="Första", received_on=D(2024, 1, 5))
    register(title="Andra", received_on=D(2024, 1, 6))
    url = reverse("matters:list", args=[demo.slug])

    csv_text = client.get(url, {"export": "csv", "q": "Andra"}).content.decode(
        "utf-8-sig"
    )
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(url, {"export": "xlsx"}).content)
    )

    assert (
        csv_text.splitlines()[0]
        == "Diarienummer;Rubrik;Väckt av;Kategori;Status;Registrerat"
    )
    assert csv_text.splitlines()[1].startswith("CS 2024/2;Andra;Malmö;E-hälsa")
    assert len(csv_text.splitlines()) == 2
    sheet = list(workbook.active.values)
    assert sheet[0][0] == "Diarienummer"
    assert sorted(r[1] for r in sheet[1:]) == ["Andra", "Första"]


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_query_count_does_not_grow(
    client, official, register, count, django_assert_max_num_queries
):
    client.force_login(official)
    for _ in range(count):
        register()

    with django_assert_max_num_queries(16):
        response = client.get(
            reverse(
                "matters:list",
                args=[official.person.memberships.first().body.structure.slug],
            )
        )
    assert len(rows(response, "#matters")) == count


def test_the_detail_page_shows_the_timeline_and_lets_an_official_move_it_on(
    client, official, register
):
    matter = register()
    client.force_login(official)

    response = client.post(
        reverse("matters:transition", args=[matter.pk]),
        {"to": "in_preparation"},
        follow=True,
    )

    assert "Ärendet har nu status ”Under beredning”." in text_of(response)
    timeline = html.fromstring(response.content.decode()).cssselect("#timeline li")
    assert len(timeline) == 2
    assert "Under beredning" in timeline[1].text_content()


def test_a_forbidden_transition_is_explained_and_changes_nothing(
    client, official, register
):
    matter = register()
    client.force_login(official)

    response = client.post(
        reverse("matters:transition", args=[matter.pk]), {"to": "closed"}, follow=True
    )

    assert "kan inte gå till ”Avslutat”" in text_of(response)
    matter.refresh_from_db()
    assert matter.status == "received"


def test_a_member_who_does_not_handle_matters_may_not_move_them(
    client, party_contact, register
):
    matter = register()
    client.force_login(party_contact)

    assert client.get(matter.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("matters:transition", args=[matter.pk]), {"to": "in_preparation"}
    )

    assert response.status_code == 403


def test_a_body_only_matter_is_not_found_for_outsiders(client, outsider, register):
    matter = register(visibility=Visibility.BODY)
    client.force_login(outsider)

    assert client.get(matter.get_absolute_url()).status_code == 404


def test_routing_from_the_page_leads_to_the_new_matter(
    client, official, register, demo
):
    matter = register()
    ds = demo.bodies.get(slug="ds-mellersta")
    client.force_login(official)

    response = client.post(
        reverse("matters:route", args=[matter.pk]),
        {"to_body": ds.pk, "reason": "Hör till delregionen"},
        follow=True,
    )

    page = text_of(response)
    assert "Ärendet har överlämnats och fått diarienummer DS Mellersta" in page
    assert f"Överlämnat från {matter.registry_number}" in page


def test_the_analysis_form_saves_texts_and_economy(client, official, register, demo):
    matter = register(affects_both_parties=True)
    region = demo.parties.get(kind="region")
    client.force_login(official)

    response = client.post(
        reverse("matters:analysis", args=[matter.pk, "region"]),
        {
            "patients": "Färre återinläggningar.",
            "organisation": "",
            "staff": "",
            "it": "Ändring i Mina Planer.",
            "legal": "",
            "completed": "on",
            "economy-TOTAL_FORMS": "2",
            "economy-INITIAL_FORMS": "0",
            "economy-0-party": region.pk,
            "economy-0-year": "2025",
            "economy-0-amount_sek": "-500000",
            "economy-0-note": "Utveckling",
        },
    )

    assert response.status_code == 302
    analysis = matter.analyses.get(side="region")
    assert analysis.completed and analysis.it == "Ändring i Mina Planer."
    assert analysis.economy.get().amount_sek == -500000


def test_a_municipality_answers_for_itself_only(
    client, party_contact, official, register, demo
):
    matter = register()
    for status in ("in_preparation", "ready", "on_agenda", "treated"):
        services.transition_matter(matter=matter, to=status, actor=official)
    recommendation = services.issue_recommendation(
        matter=matter, text="Inför rutinen.", issued_on=D(2024, 4, 12), actor=official
    )
    svalov = recommendation.uptakes.get(party__name="Svalöv")
    lund = recommendation.uptakes.get(party__name="Lund")
    client.force_login(party_contact)

    response = client.post(
        reverse("matters:uptake", args=[svalov.pk]),
        {
            "status": "decided",
            "decided_on": "2024-05-20",
            "party_registry_number": "KS 2024/88",
            "decision_url": "https://svalov.se/beslut/88",
            "comment": "",
        },
        follow=True,
    )

    assert "1 av 33 kommuner har beslutat" in text_of(response)
    assert client.get(reverse("matters:uptake", args=[lund.pk])).status_code == 403


def test_the_public_registry_shows_public_matters_only(client, register, demo):
    register(
        title="Offentligt ärende",
        visibility=Visibility.PUBLIC,
        received_on=D(2024, 2, 1),
    )
    register(
        title="Internt ärende",
        visibility=Visibility.INTERNAL,
        received_on=D(2024, 2, 2),
    )

    response = client.get(
        reverse("matters:registry", args=[demo.slug, "cs"]), {"ar": "2024"}
    )

    page = text_of(response)
    assert "Offentligt ärende" in page and "CS 2024/1" in page
    assert "Internt ärende" not in page and "CS 2024/2" not in page


def test_the_waiting_list_shows_an_official_the_matters_of_the_bodies_they_serve(
    client, official, party_contact, register
):
    register(title="Väntar på beredning")

    client.force_login(official)
    mine = rows(
        client.get(reverse("matters:waiting", args=["vardsamverkan-skane"])), "#waiting"
    )
    client.force_login(party_contact)
    theirs = client.get(reverse("matters:waiting", args=["vardsamverkan-skane"]))

    assert [r[1] for r in mine] == ["Väntar på beredning"]
    assert "Inga ärenden väntar på dig." in text_of(theirs)


def test_a_matter_is_raised_with_attachments(
    client, party_contact, cs, demo, sample_files
):
    client.force_login(party_contact)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("matters:create", args=[demo.slug]),
        {
            "body": cs.pk,
            "title": "Rutin",
            "description": "Se bilaga.",
            "raised_by": demo.parties.get(name="Svalöv").pk,
            "category": "agreement",
            "visibility": "internal",
            "attachments": [
                SimpleUploadedFile("rutin.pdf", sample_files["pdf"]),
                SimpleUploadedFile("underlag.xlsx", sample_files["xlsx"]),
            ],
        },
    )

    matter = Matter.objects.get()
    assert response.status_code == 302
    assert sorted(d.title for d in matter.documents.all()) == [
        "rutin.pdf",
        "underlag.xlsx",
    ]
    version = matter.documents.get(title="rutin.pdf").versions.get()
    download = client.get(reverse("matters:download", args=[matter.pk, version.pk]))
    assert b"".join(download.streaming_content) == sample_files["pdf"]
    download.close()
    assert download["Content-Type"] == "application/pdf"


def test_a_refused_attachment_refuses_the_matter_and_takes_no_number(
    client, party_contact, cs, demo, sample_files
):
    client.force_login(party_contact)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("matters:create", args=[demo.slug]),
        {
            "body": cs.pk,
            "title": "Rutin",
            "description": "Se bilaga.",
            "raised_by": demo.parties.get(name="Svalöv").pk,
            "category": "agreement",
            "visibility": "internal",
            "attachments": [SimpleUploadedFile("virus.exe", b"MZ")],
        },
    )

    assert response.status_code == 400
    assert "virus.exe kan inte tas emot" in text_of(response)
    assert not Matter.objects.exists()


def test_uploading_a_file_with_the_same_name_adds_a_version(
    client, official, register, sample_files
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    matter = register()
    client.force_login(official)
    for _ in range(2):
        client.post(
            reverse("matters:upload", args=[matter.pk]),
            {"files": [SimpleUploadedFile("rutin.pdf", sample_files["pdf"])]},
        )

    document = matter.documents.get()
    assert document.versions.count() == 2


def test_documents_of_an_invisible_matter_are_not_found(
    client, outsider, register, sample_files
):
    matter = register(visibility=Visibility.BODY)
    services.attach_document(
        matter=matter, filename="a.pdf", content=sample_files["pdf"], actor=None
    )
    version = matter.documents.get().versions.get()
    client.force_login(outsider)

    assert (
        client.get(
            reverse("matters:download", args=[matter.pk, version.pk])
        ).status_code
        == 404
    )


def test_the_matter_page_lists_its_documents_and_lets_handlers_attach_more(
    client, official, register, sample_files
):
    matter = register()
    services.attach_document(
        matter=matter, filename="underlag.pdf", content=sample_files["pdf"], actor=None
    )
    client.force_login(official)

    tree = html.fromstring(client.get(matter.get_absolute_url()).content.decode())

    assert "underlag.pdf" in tree.cssselect("#documents")[0].text_content()
    assert tree.cssselect("input[type=file][name=files]")


def test_officials_assign_the_preparation(client, official, register, demo):
    matter = register()
    ctb = demo.bodies.get(slug="ctb")
    sara = official.person
    client.force_login(official)

    client.post(
        reverse("matters:preparation", args=[matter.pk]),
        {
            "preparing_body": ctb.pk,
            "preparers": [sara.pk],
            "notes": "Kontakta Lund.",
        },
    )

    matter.refresh_from_db()
    assert matter.preparing_body == ctb and list(matter.preparers.all()) == [sara]
    page = text_of(client.get(matter.get_absolute_url()))
    assert (
        "Central tjänstemannaberedning: Sara Österberg" in page
        and "Kontakta Lund." in page
    )


def test_the_matter_page_shows_the_meeting_that_treated_it(
    client, official, register, demo
):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from samverkan.meetings import services as meetings

    matter = register()
    for status in ("in_preparation", "ready"):
        services.transition_matter(matter=matter, to=status, actor=official)
    meeting = meetings.create_meeting(
        body=matter.body,
        starts_at=dt.datetime(2024, 4, 12, 9, tzinfo=ZoneInfo("Europe/Stockholm")),
        actor=None,
    )
    item = meetings.add_item(
        meeting=meeting, title=matter.title, matter=matter, actor=None
    )
    meetings.record_outcome(
        item=item,
        outcome="recommendation",
        outcome_text="Parterna inför rutinen.",
        actor=None,
    )
    meetings.add_follow_up(
        item=item,
        text="Återkoppling till CS i oktober 2024",
        target_body=matter.body,
        target_month=dt.date(2024, 10, 1),
        actor=None,
    )
    client.force_login(official)

    treatments = (
        html.fromstring(client.get(matter.get_absolute_url()).content.decode())
        .cssselect("#treatments li")[0]
        .text_content()
    )

    assert (
        "CS 2024-04-12" in treatments
        and "Rekommendation: Parterna inför rutinen." in treatments
    )
    assert "Återkoppling till CS i oktober 2024" in treatments
