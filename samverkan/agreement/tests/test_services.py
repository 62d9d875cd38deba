import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from samverkan.agreement import services
from samverkan.agreement.followup import agreement_views, economy
from samverkan.agreement.models import Indicator, Measurement, period_start
from samverkan.lib.errors import DomainError
from samverkan.organisation.models import Party

D = dt.date


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("frequency", "period", "start"),
    [
        ("year", "2024", D(2024, 1, 1)),
        ("quarter", "2024-K3", D(2024, 7, 1)),
        ("month", "2024-11", D(2024, 11, 1)),
        ("year", "24", None),
        ("quarter", "2024-K5", None),
        ("month", "2024-13", None),
        ("year", "1800", None),
        ("quarter", "2024", None),
    ],
)
def test_periods_are_read_by_frequency(frequency, period, start):
    assert period_start(frequency, period) == start


def test_a_new_value_for_the_same_period_and_unit_is_a_revision(
    indicator, demo, analyst
):
    malmo = Party.objects.get(structure=demo, name="Malmö")
    unit = services.Unit(party=malmo)

    first = services.record_measurement(
        indicator=indicator,
        period="2024",
        unit=unit,
        value=Decimal("81.5"),
        actor=analyst,
    )
    second = services.record_measurement(
        indicator=indicator,
        period="2024",
        unit=unit,
        value=Decimal("83.0"),
        actor=analyst,
    )

    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert second.replaces == first
    assert list(
        Measurement.objects.filter(indicator=indicator)
        .values_list("value", flat=True)
        .order_by("recorded")
    ) == [Decimal("81.5"), Decimal("83.0")]


def test_a_value_must_fit_the_indicators_breakdown_and_frequency(
    indicator, demo, analyst
):
    with pytest.raises(DomainError, match="redovisas per kommun"):
        services.record_measurement(
            indicator=indicator,
            period="2024",
            unit=services.Unit(),
            value=1,
            actor=analyst,
        )
    with pytest.raises(DomainError, match="Perioden 2024-K1"):
        services.record_measurement(
            indicator=indicator,
            period="2024-K1",
            unit=services.Unit(party=demo.parties.get(name="Lund")),
            value=1,
            actor=analyst,
        )
    with pytest.raises(DomainError, match="ingen kommun"):
        services.record_measurement(
            indicator=indicator,
            period="2024",
            unit=services.Unit(party=demo.parties.get(kind="region")),
            value=1,
            actor=analyst,
        )


def test_an_import_with_good_rows_imports_them_all(agreement, indicator, analyst):
    content = csv_bytes(
        "indikator;period;enhet;värde;källa;kommentar",
        "sip;2023;Malmö;81,5;Kolada;",
        "sip;2023;1281;77;Kolada;Lund med kommunkod",
        "sip;2024;Malmö;88.0;Kolada;",
    )

    parsed = services.import_measurements(
        agreement=agreement, filename="v.csv", content=content, actor=analyst
    )

    assert len(parsed.rows) == 3
    values = {
        (m.period, m.party.name): m.value
        for m in Measurement.objects.filter(indicator=indicator)
    }
    assert values == {
        ("2023", "Malmö"): Decimal("81.5"),
        ("2023", "Lund"): Decimal("77"),
        ("2024", "Malmö"): Decimal("88"),
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sip;2024;Köpenhamn;80;;", "Okänd kommun: Köpenhamn."),
        (
            "sip;2024-K1;Malmö;80;;",
            "Fel period ”2024-K1”: indikatorn mäts per år (t.ex. 2024).",
        ),
        ("sip;2024;Malmö;åttio;;", "Värdet ”åttio” är inget tal."),
        ("okand;2024;Malmö;80;;", "Okänd indikator: okand."),
    ],
)
def test_each_kind_of_bad_row_is_reported_and_nothing_is_imported(
    agreement, indicator, analyst, line, message
):
    content = csv_bytes(
        "indikator;period;enhet;värde;källa;kommentar", "sip;2024;Lund;70;;", line
    )

    parsed = services.parse_import(agreement, "v.csv", content)
    with pytest.raises(DomainError, match="Ingenting importerades: filen har 1 fel."):
        services.import_measurements(
            agreement=agreement, filename="v.csv", content=content, actor=analyst
        )

    assert not parsed.valid
    assert parsed.rows[0].errors == []
    assert parsed.rows[1].errors == [message]
    assert parsed.rows[1].line == 3
    assert not Measurement.objects.exists()


def test_a_duplicate_row_points_at_the_first(agreement, indicator):
    parsed = services.parse_import(
        agreement,
        "v.csv",
        csv_bytes(
            "indikator,period,enhet,värde", "sip,2024,Malmö,80", "sip,2024,malmö,81"
        ),
    )

    assert parsed.rows[1].errors == ["Samma indikator, period och enhet som rad 2."]


def test_missing_columns_and_empty_files_are_explained(agreement):
    assert services.parse_import(agreement, "v.csv", b"").errors == ["Filen är tom."]
    assert services.parse_import(
        agreement, "v.csv", csv_bytes("indikator;period")
    ).errors == ["Kolumnerna enhet, värde saknas i första raden."]
    with pytest.raises(DomainError, match="CSV- eller XLSX"):
        services.parse_import(agreement, "v.pdf", b"%PDF")


def test_an_xlsx_import_reads_the_first_sheet(agreement, indicator, analyst):
    workbook = openpyxl.Workbook()
    workbook.active.append(["indikator", "period", "enhet", "värde"])
    workbook.active.append(["sip", 2024, "Ystad", 91.5])
    buffer = io.BytesIO()
    workbook.save(buffer)

    services.import_measurements(
        agreement=agreement, filename="v.xlsx", content=buffer.getvalue(), actor=analyst
    )

    assert Measurement.objects.get().value == Decimal("91.5")


def test_the_template_lists_every_indicator(agreement, indicator):
    rows = services.template_rows(agreement)

    assert rows[0] == services.IMPORT_COLUMNS
    assert rows[1][:3] == ["sip", "2024", "Malmö"]


def measure(indicator, period, values: dict, analyst):
    for party, value in values.items():
        services.record_measurement(
            indicator=indicator,
            period=period,
            unit=services.Unit(party=party),
            value=Decimal(value),
            actor=analyst,
        )


def test_the_sentence_counts_municipalities_meeting_the_target_against_the_year_before(
    agreement, indicator, demo, analyst
):
    municipalities = list(demo.parties.filter(kind="municipality").order_by("name"))
    measure(
        indicator,
        "2023",
        {m: 95 if i < 8 else 70 for i, m in enumerate(municipalities)},
        analyst,
    )
    measure(
        indicator,
        "2024",
        {m: 91 if i < 12 else 80 for i, m in enumerate(municipalities)},
        analyst,
    )

    (view,) = agreement_views(agreement)[indicator.goal_id]

    assert view.sentence() == "12 av 33 kommuner når målet 2024, 4 fler än 2023."
    assert view.meeting(view.periods[0]) == 8


def test_the_sentence_for_fewer_and_for_a_lower_is_better_indicator(
    agreement, goal, demo, analyst
):
    readmissions = Indicator.objects.create(
        goal=goal,
        code="ater",
        name="Återinläggningar",
        definition="x",
        unit="%",
        direction="lower",
        target=Decimal(12),
        breakdown="municipality",
    )
    lund, malmo, ystad = (demo.parties.get(name=n) for n in ("Lund", "Malmö", "Ystad"))
    measure(readmissions, "2023", {lund: 10, malmo: 11, ystad: 14}, analyst)
    measure(readmissions, "2024", {lund: 13, malmo: 11.5, ystad: 14}, analyst)

    view = next(
        v for v in agreement_views(agreement)[goal.pk] if v.indicator == readmissions
    )

    assert view.sentence() == "1 av 3 kommuner når målet 2024, 1 färre än 2023."
    assert [label for label, _ in view.comparison()] == ["Malmö", "Lund", "Ystad"]


def test_the_sentence_for_a_structure_wide_indicator(agreement, goal, analyst):
    days = Indicator.objects.create(
        goal=goal,
        code="dagar",
        name="Dagar som utskrivningsklar",
        definition="x",
        unit="dagar",
        direction="lower",
        target=Decimal("1.5"),
        breakdown="structure",
    )
    for period, value in (("2023", "2.4"), ("2024", "1.9")):
        services.record_measurement(
            indicator=days,
            period=period,
            unit=services.Unit(),
            value=Decimal(value),
            actor=analyst,
        )

    view = next(v for v in agreement_views(agreement)[goal.pk] if v.indicator == days)

    assert (
        view.sentence()
        == "Värdet 2024 är 1,9 dagar, 0,5 bättre än 2023, målet 1,5 är inte nått."
    )


def test_the_trend_is_the_mean_of_the_units_per_period(
    agreement, indicator, demo, analyst
):
    lund, malmo = demo.parties.get(name="Lund"), demo.parties.get(name="Malmö")
    measure(indicator, "2023", {lund: 80, malmo: 90}, analyst)
    measure(indicator, "2024", {lund: 85, malmo: 86}, analyst)

    (view,) = agreement_views(agreement)[indicator.goal_id]

    assert view.trend() == [("2023", 85.0), ("2024", 85.5)]
    assert view.by_subregion() == [("Mellersta", 85.0), ("Sydväst", 86.0)]


def test_filters_by_period_and_unit(agreement, indicator, demo, analyst):
    lund, malmo = demo.parties.get(name="Lund"), demo.parties.get(name="Malmö")
    for year in ("2022", "2023", "2024"):
        measure(indicator, year, {lund: 80, malmo: 90}, analyst)

    (view,) = agreement_views(agreement, first="2023", last="2023", unit="Lund")[
        indicator.goal_id
    ]

    assert [(p.period, p.values) for p in view.periods] == [("2023", {"Lund": 80.0})]


def test_economy_nets_per_side_and_the_balance(agreement, demo, analyst):
    region = demo.parties.get(kind="region")
    lund = demo.parties.get(name="Lund")
    for party, kind, amount in (
        (region, "cost", 5_000_000),
        (region, "revenue", 1_000_000),
        (lund, "cost", 2_500_000),
    ):
        services.add_economic_item(
            agreement=agreement,
            party=party,
            year=2024,
            kind=kind,
            category="it",
            amount_sek=Decimal(amount),
            description="x",
            actor=analyst,
        )

    years, parties = economy(agreement)

    assert [(y.year, y.region, y.municipalities, y.balance) for y in years] == [
        (2024, -4_000_000, -2_500_000, -1_500_000)
    ]
    assert parties == [("Lund", 2024, -2_500_000), ("Region Skåne", 2024, -4_000_000)]


def test_a_negative_amount_is_refused(agreement, demo, analyst):
    with pytest.raises(DomainError, match="positivt tal"):
        services.add_economic_item(
            agreement=agreement,
            party=demo.parties.get(kind="region"),
            year=2024,
            kind="cost",
            category="it",
            amount_sek=Decimal(-5),
            description="x",
            actor=analyst,
        )
