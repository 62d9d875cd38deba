import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html
from pypdf import PdfReader

from samverkan.agreement import services
from samverkan.agreement.demo import load as load_agreement_demo
from samverkan.agreement.models import Measurement


def text_of(response) -> str:
    return " ".join(html.fromstring(response.content.decode()).text_content().split())


@pytest.fixture
def demo_agreement(demo, today):
    return load_agreement_demo(demo, today)


def url(agreement, name="agreement:dashboard", *extra):
    return reverse(name, args=[agreement.structure.slug, agreement.slug, *extra])


def test_the_dashboard_shows_each_goal_its_sentences_and_charts_with_tables(
    client, analyst, demo_agreement
):
    client.force_login(analyst)

    response = client.get(url(demo_agreement))

    tree = html.fromstring(response.content.decode())
    goals = [h.text_content() for h in tree.cssselect("section.goal h2")]
    assert goals[:3] == [
        "Trygg och säker utskrivning från slutenvården",
        "Effektiv informationsöverföring mellan parterna",
        "Kompetensförsörjning i hemsjukvården",
    ]
    sentence = tree.cssselect("#sentence-sip-andel")[0].text_content()
    assert " av 33 kommuner når målet " in sentence
    for figure in tree.cssselect("figure.chart"):
        # Every chart carries its numbers as a table.
        assert figure.cssselect("table.chart-data")


def test_trend_chart_points_match_their_table(client, analyst, demo_agreement):
    client.force_login(analyst)
    tree = html.fromstring(client.get(url(demo_agreement)).content.decode())

    figure = tree.cssselect("#trend-utskrivningsklar")[0].getparent().getparent()
    table_values = [
        float(td.text_content().replace(",", "."))
        for td in figure.cssselect("tbody td:nth-child(2)")
    ]
    circles = figure.cssselect("circle.point")
    ys = [float(c.get("cy")) for c in circles]

    assert len(circles) == len(table_values) == 4
    # Lower on the screen means a lower value: the order of y is the reverse order of values.
    assert sorted(range(4), key=lambda i: ys[i]) == sorted(
        range(4), key=lambda i: -table_values[i]
    )
    assert figure.cssselect("line.target")


def test_the_dashboard_filters_by_unit(client, analyst, demo_agreement):
    client.force_login(analyst)

    tree = html.fromstring(
        client.get(url(demo_agreement), {"unit": "Ystad"}).content.decode()
    )

    sentence = tree.cssselect("#sentence-sip-andel")[0].text_content()
    assert " av 1 kommun når målet" in sentence


@pytest.mark.parametrize("municipalities", [3, 33])
def test_the_dashboard_query_count_does_not_grow(
    client,
    analyst,
    agreement,
    indicator,
    demo,
    municipalities,
    django_assert_max_num_queries,
):
    for party in demo.parties.filter(kind="municipality")[:municipalities]:
        for year in ("2022", "2023", "2024"):
            services.record_measurement(
                indicator=indicator,
                period=year,
                unit=services.Unit(party=party),
                value=Decimal(88),
                actor=analyst,
            )
    client.force_login(analyst)

    with django_assert_max_num_queries(18):
        client.get(url(agreement))


def test_import_previews_then_imports_on_confirmation(
    client, analyst, agreement, indicator
):
    client.force_login(analyst)
    content = b"indikator;period;enhet;v\xc3\xa4rde\nsip;2024;Malm\xc3\xb6;91\nsip;2024;Lund;85\n"

    preview = client.post(
        url(agreement, "agreement:import"),
        {"file": SimpleUploadedFile("v.csv", content)},
    )
    assert "2 rader är klara att importera." in text_of(preview)
    assert not Measurement.objects.exists()

    done = client.post(
        url(agreement, "agreement:import"), {"confirm": "1"}, follow=True
    )

    assert "2 värden har importerats." in text_of(done)
    assert Measurement.objects.count() == 2


def test_a_bad_file_shows_every_error_by_row_and_cannot_be_confirmed(
    client, analyst, agreement, indicator
):
    client.force_login(analyst)
    content = "indikator;period;enhet;värde\nsip;2024;Malmö;91\nsip;2024;Atlantis;x\n".encode()

    preview = client.post(
        url(agreement, "agreement:import"),
        {"file": SimpleUploadedFile("v.csv", content)},
    )
    confirm = client.post(
        url(agreement, "agreement:import"), {"confirm": "1"}, follow=True
    )

    assert preview.status_code == 400
    rows = html.fromstring(preview.content.decode()).cssselect("#preview tbody tr")
    assert (
        rows[1].cssselect("td")[-1].text_content()
        == "Värdet ”x” är inget tal. Okänd kommun: Atlantis."
    )
    assert "Filen har 2 fel." in text_of(preview)
    assert "Ladda upp filen igen" in text_of(confirm)
    assert not Measurement.objects.exists()


def test_only_those_in_the_structure_see_the_follow_up(client, outsider, agreement):
    client.force_login(outsider)

    # Someone with no role in the structure does not see its follow-up at all.
    assert client.get(url(agreement, "agreement:import")).status_code == 404
    assert client.get(url(agreement)).status_code == 404


def test_the_template_downloads_as_xlsx_and_csv(client, analyst, agreement, indicator):
    client.force_login(analyst)

    sheet = list(
        openpyxl.load_workbook(
            io.BytesIO(client.get(url(agreement, "agreement:template")).content)
        ).active.values
    )
    csv_text = client.get(
        url(agreement, "agreement:template"), {"format": "csv"}
    ).content.decode("utf-8-sig")

    assert sheet[0] == ("indikator", "period", "enhet", "värde", "källa", "kommentar")
    assert csv_text.splitlines()[1].startswith("sip;2024;Malmö")


def test_the_report_to_cs_as_pdf_and_word_carries_the_sentences_and_economy(
    client, analyst, demo_agreement
):
    client.force_login(analyst)
    from samverkan.agreement.followup import agreement_views

    sentences = [
        v.sentence()
        for views in agreement_views(demo_agreement).values()
        for v in views
    ]

    pdf = client.get(url(demo_agreement, "agreement:report", "pdf"))
    word = client.get(url(demo_agreement, "agreement:report", "docx"))

    pdf_text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    document = docx.Document(io.BytesIO(word.content))
    word_text = "\n".join(p.text for p in document.paragraphs)
    for sentence in sentences:
        assert sentence in word_text
        assert " ".join(sentence.split()) in pdf_text
    assert (
        "Ekonomiska konsekvenser" in pdf_text and "Ekonomiska konsekvenser" in word_text
    )
    assert len(document.inline_shapes) == 4  # one chart per indicator
    assert client.get(url(demo_agreement, "agreement:report", "odt")).status_code == 404


def test_export_gives_every_value_shown(client, analyst, demo_agreement):
    client.force_login(analyst)

    csv_lines = (
        client.get(url(demo_agreement), {"export": "csv"})
        .content.decode("utf-8-sig")
        .splitlines()
    )
    sheet = list(
        openpyxl.load_workbook(
            io.BytesIO(client.get(url(demo_agreement), {"export": "xlsx"}).content)
        ).active.values
    )

    current = Measurement.objects.filter(
        indicator__goal__agreement=demo_agreement, is_current=True
    ).count()
    assert (
        sum(1 for line in csv_lines if not line.startswith(("Indikator", "ekonomi")))
        == current
    )
    assert len([r for r in sheet[1:] if r[0] != "ekonomi"]) == current


def test_a_value_form_makes_a_revision(client, analyst, agreement, indicator):
    client.force_login(analyst)
    form = {
        "indicator": indicator.pk,
        "period": "2024",
        "unit": "Malmö",
        "value": "80",
        "source": "",
        "comment": "",
    }

    client.post(url(agreement, "agreement:measurement"), form)
    response = client.post(
        url(agreement, "agreement:measurement"), dict(form, value="82"), follow=True
    )

    assert "Det tidigare värdet finns kvar i historiken." in text_of(response)
    history = client.get(url(agreement, "agreement:indicator", "sip"))
    rows = html.fromstring(history.content.decode()).cssselect("#measurements tbody tr")
    assert [r.cssselect("td")[3].text_content() for r in rows] == ["Ja", "Nej, ersatt"]


def test_the_value_form_explains_an_unknown_municipality(
    client, analyst, agreement, indicator
):
    client.force_login(analyst)

    response = client.post(
        url(agreement, "agreement:measurement"),
        {
            "indicator": indicator.pk,
            "period": "2024",
            "unit": "Atlantis",
            "value": "80",
        },
    )

    assert response.status_code == 400
    assert "Okänd kommun: Atlantis." in text_of(response)


def test_economy_items_are_added_and_summed(client, analyst, agreement, demo):
    client.force_login(analyst)
    region = demo.parties.get(kind="region")

    client.post(
        url(agreement, "agreement:economy"),
        {
            "party": region.pk,
            "year": 2024,
            "kind": "cost",
            "category": "it",
            "amount_sek": 1000000,
            "description": "Mina Planer",
            "source": "",
        },
    )
    page = client.get(url(agreement, "agreement:economy"))

    rows = [
        [c.text_content() for c in tr]
        for tr in html.fromstring(page.content.decode()).cssselect(
            "#economy-years tbody tr"
        )
    ]
    assert rows == [["2024", "-1000000", "0", "-1000000"]]


def test_a_member_sees_the_follow_up_but_may_not_import(client, agreement, demo):
    from samverkan.matters.tests.conftest import user_for

    member = user_for("Marianne Eriksson", "marianne")
    client.force_login(member)

    assert client.get(url(agreement)).status_code == 200
    assert client.get(url(agreement, "agreement:import")).status_code == 403


def test_an_assignment_from_a_meeting_is_linked_to_the_goal_it_reports_on(
    client, analyst, agreement, goal, demo, today
):
    from samverkan.meetings.demo import load as load_meeting_demo
    from samverkan.meetings.models import Assignment

    load_meeting_demo(demo, today)
    assignment = Assignment.objects.get(title__startswith="Ta fram ett förslag")
    client.force_login(analyst)

    client.post(
        url(agreement, "agreement:goal-link", goal.pk), {"assignment": assignment.pk}
    )

    assert list(goal.assignments.all()) == [assignment]
    listed = html.fromstring(client.get(url(agreement)).content.decode()).cssselect(
        f"#goal-assignments-{goal.pk} li"
    )
    assert (
        "Ta fram ett förslag" in listed[0].text_content()
        and "CS 2023-12-08" in listed[0].text_content()
    )


def test_versions_and_appendices_of_the_agreement_are_kept(
    client, analyst, agreement, sample_files
):
    client.force_login(analyst)
    for _ in range(2):
        client.post(
            url(agreement, "agreement:upload"),
            {"files": [SimpleUploadedFile("hs-avtalet.pdf", sample_files["pdf"])]},
        )

    document = agreement.documents.get()
    assert document.versions.count() == 2
    page = html.fromstring(client.get(url(agreement)).content.decode())
    link = page.cssselect("#agreement-documents a")[0]
    assert "version 2" in page.cssselect("#agreement-documents li")[0].text_content()
    download = client.get(link.get("href"))
    assert b"".join(download.streaming_content) == sample_files["pdf"]
    download.close()
