import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from lxml import html
from pypdf import PdfReader

from samverkan.deviations import services
from samverkan.deviations.models import Deviation, Dispute
from samverkan.matters.tests.conftest import user_for

D = dt.date


def text_of(response) -> str:
    return " ".join(html.fromstring(response.content.decode()).text_content().split())


def form_data(demo, svalov, region, **overrides):
    data = {
        "reporting_party": svalov.pk,
        "reporting_unit": "Hemsjukvården Svalöv",
        "concerned_party": region.pk,
        "concerned_unit": "Avdelning 12",
        "event_date": "2024-03-04",
        "category": "discharge",
        "description": "Patienten skrevs ut utan information.",
        "consequence": "minor",
        "improvement": "",
    }
    data.update(overrides)
    return data


def test_a_party_reports_a_deviation_from_the_form(
    client, municipal_rep, demo, svalov, region
):
    client.force_login(municipal_rep)

    response = client.post(
        reverse("deviations:create", args=[demo.slug]),
        form_data(demo, svalov, region),
        follow=True,
    )

    deviation = Deviation.objects.get()
    assert (
        f"Avvikelsen {deviation.reference} har skickats till Region Skåne."
        in text_of(response)
    )
    assert deviation.reported_by == municipal_rep


def test_a_report_with_a_personnummer_is_refused_with_where_it_stands(
    client, municipal_rep, demo, svalov, region
):
    client.force_login(municipal_rep)
    data = form_data(
        demo,
        svalov,
        region,
        description="Första raden.\nPatient 121212-1212 skrevs ut.",
    )

    response = client.post(reverse("deviations:create", args=[demo.slug]), data)

    assert response.status_code == 400
    message = (
        html.fromstring(response.content.decode())
        .cssselect("#form-errors")[0]
        .text_content()
    )
    assert "fältet ”Vad hände”, rad 2, tecken 9 (121212-****)" in message
    # The text comes back in the form to be corrected; nothing was stored.
    textarea = html.fromstring(response.content.decode()).cssselect(
        "textarea[name=description]"
    )[0]
    assert "Patient 121212-1212" in textarea.text_content()
    assert not Deviation.objects.exists()


def test_only_a_partys_representatives_may_report_for_it(
    client, municipal_rep, demo, region, svalov
):
    client.force_login(municipal_rep)

    response = client.post(
        reverse("deviations:create", args=[demo.slug]), form_data(demo, region, svalov)
    )

    assert response.status_code == 400  # Region Skåne is not among Teddy's parties
    assert not Deviation.objects.exists()


def test_a_user_who_represents_no_party_cannot_report(client, outsider, demo):
    client.force_login(outsider)

    assert client.get(reverse("deviations:create", args=[demo.slug])).status_code == 403


@pytest.fixture
def deviation(report):
    return report()


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("municipal_rep", True),
        ("region_rep", True),
        ("ds_vice_chair", False),
        ("cs_official", False),
        ("outsider", False),
    ],
)
def test_who_sees_a_local_deviation(client, request, deviation, persona, sees):
    client.force_login(request.getfixturevalue(persona))

    listed = deviation.reference in text_of(
        client.get(reverse("deviations:list", args=["vardsamverkan-skane"]))
    )
    status = client.get(deviation.get_absolute_url()).status_code

    assert listed is sees
    assert status == (200 if sees else 404)


def test_a_body_sees_the_deviations_escalated_to_it(
    client, deviation, region_rep, municipal_rep, ds_chair
):
    services.answer_deviation(deviation=deviation, answer="Svar.", actor=region_rep)
    services.escalate_deviation(
        deviation=deviation, actor=municipal_rep, reason="Olöst"
    )
    client.force_login(ds_chair)

    response = client.get(deviation.get_absolute_url())

    assert response.status_code == 200
    assert "Svara på avvikelsen" in text_of(response)


def test_anonymous_visitors_never_see_a_single_report(client, deviation):
    assert client.get(deviation.get_absolute_url()).status_code == 302
    assert (
        client.get(reverse("deviations:list", args=["vardsamverkan-skane"])).status_code
        == 302
    )


def test_the_concerned_party_answers_and_the_reporter_closes(
    client, deviation, region_rep, municipal_rep
):
    client.force_login(municipal_rep)
    assert (
        client.post(
            reverse("deviations:answer", args=[deviation.pk]), {"answer": "x"}
        ).status_code
        == 403
    )

    client.force_login(region_rep)
    client.post(
        reverse("deviations:answer", args=[deviation.pk]),
        {"answer": "Rutinen är ändrad."},
    )
    client.force_login(municipal_rep)
    response = client.post(
        reverse("deviations:close", args=[deviation.pk]), follow=True
    )

    assert "Avvikelsen är avslutad." in text_of(response)
    deviation.refresh_from_db()
    assert deviation.status == "closed"


def test_public_statistics_show_aggregates_and_no_report_text(client, report, demo):
    report(description="Unik beskrivning som aldrig får synas")
    report(category="medication", description="En annan text")

    response = client.get(reverse("deviations:statistics", args=[demo.slug]))

    page = text_of(response)
    assert "Unik beskrivning" not in page and "AVV-" not in page
    tree = html.fromstring(response.content.decode())
    assert tree.cssselect("#total")[0].text_content() == "2"
    category_rows = [
        [c.text_content() for c in tr] for tr in tree.cssselect("#category tbody tr")
    ]
    assert sorted(category_rows) == [["Läkemedel", "1"], ["Utskrivning", "1"]]
    assert len(tree.cssselect("svg[role=img]")) == 6


def test_statistics_chart_bars_match_the_table(client, report, demo):
    for _ in range(3):
        report()
    report(category="aids")

    tree = html.fromstring(
        client.get(reverse("deviations:statistics", args=[demo.slug])).content.decode()
    )

    figure = tree.cssselect("#category")[0].getparent().getparent()
    values = [int(t.text_content()) for t in figure.cssselect("text.bar-value")]
    table = [int(td.text_content()) for td in figure.cssselect("tbody td")]
    widths = [float(rect.get("width")) for rect in figure.cssselect("rect.bar")]
    assert values == table == [3, 1]
    assert widths[0] == pytest.approx(3 * widths[1])


def test_statistics_export_as_csv_xlsx_and_pdf(client, report, demo):
    report()
    url = reverse("deviations:statistics", args=[demo.slug])

    csv_lines = (
        client.get(url, {"export": "csv"}).content.decode("utf-8-sig").splitlines()
    )
    sheet = list(
        openpyxl.load_workbook(
            io.BytesIO(client.get(url, {"export": "xlsx"}).content)
        ).active.values
    )
    pdf = client.get(url, {"export": "pdf"})
    pdf_text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
    )

    assert csv_lines[0] == "Tabell;Grupp;Antal"
    assert "Per kategori;Utskrivning;1" in csv_lines
    assert ("Per kategori", "Utskrivning", 1) in sheet
    assert pdf["Content-Type"] == "application/pdf"
    assert "Avvikelser i samverkan" in pdf_text and "Utskrivning" in pdf_text


def test_an_inverted_period_is_refused_with_a_message(client, demo):
    response = client.get(
        reverse("deviations:statistics", args=[demo.slug]),
        {"start": "2024-06-01", "end": "2024-01-01"},
    )

    assert response.status_code == 400
    assert "Slutdatumet ligger före startdatumet." in text_of(response)


@pytest.mark.parametrize("count", [5, 60])
def test_the_statistics_page_costs_the_same_for_any_number_of_reports(
    client, report, demo, count, django_assert_max_num_queries
):
    for _ in range(count):
        report()

    with django_assert_max_num_queries(14):
        client.get(reverse("deviations:statistics", args=[demo.slug]))


def test_each_side_writes_its_own_position_in_a_dispute(
    client, demo, svalov, municipal_rep, region_rep, cs_official
):
    dispute = services.open_dispute(
        structure=demo, opened_by=svalov, question="Vem betalar?", actor=municipal_rep
    )
    client.force_login(municipal_rep)

    forbidden = client.post(
        reverse("deviations:position", args=[dispute.pk, "region"]), {"text": "Ni."}
    )
    client.post(
        reverse("deviations:position", args=[dispute.pk, "municipalities"]),
        {"text": "Regionen betalar."},
    )
    client.force_login(cs_official)
    client.post(
        reverse("deviations:recommend", args=[dispute.pk]),
        {"text": "Dela lika.", "on": "2024-05-01"},
    )
    client.force_login(region_rep)
    client.post(
        reverse("deviations:respond", args=[dispute.pk, "region"]), {"accepted": "1"}
    )
    client.force_login(municipal_rep)
    response = client.post(
        reverse("deviations:respond", args=[dispute.pk, "municipalities"]),
        {"accepted": "0", "comment": "Nej."},
        follow=True,
    )

    assert forbidden.status_code == 403
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.CLOSED
    page = text_of(response)
    assert "Regionen betalar." in page and "Dela lika." in page
    assert "Accepterar inte rekommendationen: Nej." in page


def test_a_dispute_is_not_shown_to_someone_who_speaks_for_no_side(
    client, demo, svalov, municipal_rep, outsider
):
    dispute = services.open_dispute(
        structure=demo, opened_by=svalov, question="Fråga", actor=municipal_rep
    )
    client.force_login(outsider)

    assert client.get(dispute.get_absolute_url()).status_code == 404


def test_user_for_links_people_only_once(demo):
    assert user_for("Lisa Flinth", "lisa2").person.name == "Lisa Flinth"
