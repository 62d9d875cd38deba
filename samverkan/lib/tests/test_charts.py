"""The bar chart: an SVG drawing and the same figures as a table."""

import lxml.html
from django.template import Context, Template
from django.utils import translation

from samverkan.lib.templatetags.samverkan_tags import bar_chart

ROWS = [
    ("Malmö <stad> & omnejd, ett mycket långt namn", 120),
    ("Lund", 1.5),
    ("Skurup", -30),
]


def _figure(rows=ROWS, **labels: str):  # noqa: ANN001, ANN202
    chart = bar_chart(rows, "Per part & år", "parts", **labels)
    return lxml.html.fragment_fromstring(str(chart))


def test_each_row_is_a_bar_scaled_to_the_largest_and_a_row_of_the_table():
    figure = _figure(key_label="Part", value_label="Antal")
    bars = figure.cssselect("svg rect.bar")
    assert [bar.get("width") for bar in bars] == ["420.0", "5.2", "105.0"]
    assert [bar.get("y") for bar in bars] == ["0", "24", "48"]
    assert figure.cssselect("svg")[0].get(
        "viewbox"
    )  # HTML parsing lowers attribute names == "0 0 700 72"
    # The drawing keeps the sign; the bar shows the magnitude.
    assert [t.text for t in figure.cssselect("text.bar-value")] == ["120", "1.5", "-30"]
    assert [th.text for th in figure.cssselect("thead th")] == ["Part", "Antal"]
    cells = [
        (row[0].text, row[1].text)
        for row in figure.cssselect("table.chart-data tr")[1:]
    ]
    assert cells[1:] == [("Lund", "1,5"), ("Skurup", "-30")]  # Swedish decimals


def test_labels_are_escaped_and_long_ones_shortened_in_the_drawing_only():
    figure = _figure()
    label = figure.cssselect("text.bar-label")[0].text
    assert label == "Malmö <stad> & omnejd, ett …"
    assert len(label) == 28
    assert figure.cssselect("tbody th")[0].text == ROWS[0][0]
    assert figure.cssselect("figcaption")[0].text == "Per part & år"
    assert "<stad>" not in str(bar_chart(ROWS, "t", "c"))


def test_the_description_is_in_the_language_of_the_page():
    with translation.override("en"):
        english = _figure()
    assert english.cssselect("desc")[0].text == (
        "Bar chart with 3 bars; the figures are in the table below."
    )
    assert _figure().cssselect("desc")[0].text.startswith("Stapeldiagram med 3 staplar")


def test_no_rows_gives_a_table_that_says_so_and_no_drawing():
    figure = _figure(rows=[])
    assert not figure.cssselect("svg")
    assert figure.cssselect("tbody td")[0].text == "Inga uppgifter."


def test_the_tag_is_used_in_templates_as_before():
    page = Template(
        '{% load samverkan_tags %}{% bar_chart rows "Per månad" "month" '
        'key_label="Månad" value_label="Antal" %}'
    ).render(Context({"rows": [("2026-01", 3)]}))
    figure = lxml.html.fragment_fromstring(page)
    assert figure.get("aria-labelledby") == "month-caption"
    assert figure.cssselect("table#month td")[0].text == "3"
