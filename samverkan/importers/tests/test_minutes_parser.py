"""The minutes reader: the seed field by field, and our own minutes with variations."""

import datetime as dt

import pytest

from samverkan.importers.minutes import parse_minutes
from samverkan.importers.text import UnreadableFile, clean_lines, read_text

from . import samples
from .conftest import as_docx, as_pdf

SKÅNE = ["Malmö", "Östra Göinge", "Eslöv", "Svalöv", "Helsingborg"]


def people(attendees) -> list[tuple[str, str, str, str]]:  # noqa: ANN001
    return [(a.name, a.side, a.municipality, a.role) for a in attendees]


def test_it_reads_the_header_participants_and_roles_of_the_seed(seed_minutes) -> None:
    parsed = parse_minutes(seed_minutes)
    assert parsed.body == "Centralt Samverkansorgan"
    assert parsed.date == dt.date(2023, 12, 8)
    assert people(parsed.participants) == [
        ("Anna Mannfalk", "region", "", "chair"),
        ("Anders Lundström", "region", "", "member"),
        ("Lisa Flinth", "region", "", "member"),
        ("Patrik Holmberg", "region", "", "member"),
        ("Mätta Ivarsson", "region", "", "member"),  # split over two lines
        ("Marianne Eriksson", "region", "", "member"),
        ("Jacqueline Maly", "region", "", "member"),
        ("Anders Rubin", "municipalities", "Malmö", "chair"),
        ("Patric Åberg", "municipalities", "Östra Göinge", "member"),
        ("Johan Andersson", "municipalities", "Eslöv", "member"),
        ("Teddy Nilsson", "municipalities", "Svalöv", "member"),
    ]
    assert people(parsed.officials) == [
        ("Johan Cosmo", "region", "", "official"),
        ("Jolanda Van Vliet", "region", "", "official"),
        ("Nina Mårtensson", "municipalities", "", "official"),
        ("Sara Österberg", "municipalities", "", "official"),
    ]
    assert parsed.absent == ["Gunilla Wahlberg"]
    assert parsed.secretary == "Jill Persson"
    assert parsed.warnings == []
    assert parsed.unrecognised == []


def test_it_reads_every_item_of_the_seed_with_presenters(seed_minutes) -> None:
    items = parse_minutes(seed_minutes).items
    assert [(i.title, i.presenters) for i in items] == [
        ("Välkommen", []),
        ("Rutiner för delregional samverkan", ["Johan Cosmo", "Sara Österberg"]),
        (
            "Uppdragsbeskrivning avtalsuppföljning HS-avtalet",
            ["Sara Österberg", "Johan Cosmo"],
        ),
        (
            "Information om arbete med gemensam intern kommunikationsplan",
            ["Johan Cosmo", "Sara Österberg"],
        ),
        ("Information och tankar kring Region Skånes mobila team", ["Johan Cosmo"]),
        (
            "Information om samverkan mellan Skånegemensam digitalisering och SDV",
            ["Johan Cosmo", "Sara Österberg"],
        ),
        (
            "Hantering av beslut eller ärenden i Vårdsamverkansstrukturen som "
            "påverkar både parter",
            ["Johan Cosmo", "Sara Österberg"],
        ),
    ]
    assert items[0].text == "Anna hälsar alla välkomna."


def test_it_reads_the_outcome_and_the_changes_joined_over_the_page_break(
    seed_minutes,
) -> None:
    item = parse_minutes(seed_minutes).items[1]
    assert item.outcome == "approved_with_changes"
    assert item.outcome_text == "Dokumentet godkänns med nedan förändringar"
    assert item.changes == [
        "att det tydligt står från när och hur länge dokumentet gäller. Förslag "
        "från januari 2024.",
        "att Region Skåne utser en ordförande i varje delregion med start från och "
        "med januari 2024 och kommunerna utser vice ordförande från kommunsidan i "
        "varje delregion med start från och med januari 2024.",
        "att DS framöver byter ordförandeskap den 1 januari.",
    ]
    assert item.text == (
        "Dokumentet ”Rutin för delregional samverkan i Skåne” bifogades "
        "tillsammans med dagordningen."
    )


def test_it_reads_the_follow_up_with_its_month_and_decodes_the_link(
    seed_minutes,
) -> None:
    item = parse_minutes(seed_minutes).items[2]
    assert item.outcome == "approved"
    assert (
        item.outcome_text == "CS godkänner fortsättning enligt uppdragsbeskrivningen."
    )
    assert [(f.text, f.target_body, f.target_month) for f in item.follow_ups] == [
        ("Återkoppling till CS i april 2024.", "CS", "2024-04")
    ]
    assert item.links == ["https://vårdsamverkanskåne.se/"]
    assert "https://vårdsamverkanskåne.se/" in item.text
    assert "%C3" not in item.text


def test_it_joins_an_address_broken_over_two_lines(seed_minutes) -> None:
    item = parse_minutes(seed_minutes).items[4]
    address = (
        "https://vardgivare.skane.se/kompetens-utveckling/projekt-och-"
        "utvecklingsarbete/mobila-team-narsjukvard--utokat-pilotprojekt/"
    )
    assert item.links == [address]
    assert address in item.text
    assert item.outcome == ""
    # The discussion is kept as a heading and a list, page breaks joined.
    assert (
        "- Malmö har ett helt annat gränssnitt, organiseras i HS-avtalet och får "
        "listningsersättning. Förslag för beslut i september 2024 för Malmö."
    ) in item.text
    assert "Diskussion utifrån presentation\n\n- Det är just nu" in item.text


def test_the_last_item_keeps_its_reflections_and_the_link_list_is_not_an_item(
    seed_minutes,
) -> None:
    items = parse_minutes(seed_minutes).items
    assert len(items) == 7
    last = items[-1]
    assert last.text.endswith("- Tids- och aktivitetsplanen skapar strukturen.")
    assert "Reflektioner från CS" in last.text
    assert last.links == []
    # "ska godkännas av CS" is no decision.
    assert items[3].outcome == ""


def test_the_dry_run_json_has_the_documented_keys_and_no_others(
    seed_minutes,
) -> None:
    data = parse_minutes(seed_minutes).dry_run()
    assert list(data) == samples.DRY_RUN_KEYS
    assert data["date"] == "2023-12-08"
    for attendee in [*data["participants"], *data["officials"]]:
        assert list(attendee) == ["name", "side", "municipality", "role"]
    assert {a["side"] for a in data["participants"]} == {"region", "municipalities"}
    assert data["absent"] == ["Gunilla Wahlberg"]
    assert data["secretary"] == "Jill Persson"
    for item in data["items"]:
        assert list(item) == [
            "title",
            "presenters",
            "text",
            "outcome",
            "changes",
            "follow_ups",
            "links",
        ]
    assert data["items"][2]["follow_ups"] == [
        {
            "text": "Återkoppling till CS i april 2024.",
            "target_body": "CS",
            "target_month": "2024-04",
        }
    ]
    assert data["warnings"] == []


def test_the_dry_run_json_tells_the_lines_not_understood_among_the_warnings() -> None:
    text = samples.MISSING_SECTIONS.replace(
        "Deltagare\n", "Deltagare\nMötet hölls digitalt.\n"
    )
    parsed = parse_minutes(text)
    assert parsed.unrecognised == ["Mötet hölls digitalt."]
    assert parsed.warnings == []
    assert parsed.dry_run()["warnings"] == ["Inte förstått: Mötet hölls digitalt."]


def test_a_sub_regional_body_with_numbered_items_and_items_without_presenters() -> None:
    parsed = parse_minutes(samples.DS_NORDVAST, municipalities=SKÅNE)
    assert parsed.body == "Delregional samverkan Nordväst"
    assert parsed.date == dt.date(2024, 3, 15)
    assert people(parsed.participants)[2] == (
        "Per Demo-Holm",
        "municipalities",
        "Helsingborg",
        "vice_chair",
    )
    assert [i.title for i in parsed.items] == [
        "Välkommen",
        "Rutin för samordnad vårdplanering",
        "Lägesbild mobila team",
        "Övriga frågor",
    ]
    second = parsed.items[1]
    assert (second.outcome, second.outcome_text) == ("approved", "Rutinen godkänns.")
    assert second.follow_ups[0].target_month == "2024-06"
    assert parsed.items[2].outcome == "noted"
    assert parsed.items[3].text == "Inga övriga frågor togs upp."


def test_missing_sections_are_no_error_and_an_inline_secretary_is_read() -> None:
    parsed = parse_minutes(samples.MISSING_SECTIONS)
    assert parsed.body == "Central tjänstemannaberedning"
    assert parsed.absent == [] and parsed.officials == []
    assert parsed.secretary == "Jill Persson"
    assert people(parsed.participants)[2] == (
        "Nina Mårtensson",
        "municipalities",
        "Malmö",
        "member",
    )
    assert parsed.problems == []


def test_odd_spacing_tabs_and_windows_line_ends_are_tidied() -> None:
    parsed = parse_minutes(samples.ODD_SPACING, municipalities=SKÅNE)
    assert (parsed.body, parsed.date) == (
        "Centralt Samverkansorgan",
        dt.date(2024, 4, 12),
    )
    assert people(parsed.participants) == [
        ("Anna Mannfalk", "region", "", "chair"),
        ("Lisa Flinth", "region", "", "member"),
        ("Patrik Holmberg", "region", "", "member"),
        ("Anders Rubin", "municipalities", "Malmö", "chair"),
        ("Johan Andersson", "municipalities", "Eslöv", "member"),
    ]
    assert parsed.absent == ["Gunilla Wahlberg", "Mätta Ivarsson"]
    (item,) = parsed.items
    assert item.presenters == ["Sara Österberg", "Johan Cosmo"]
    assert item.text == "Uppföljningen av HS-avtalet redovisades."


def test_page_numbers_split_lines_and_broken_encoded_addresses_are_mended() -> None:
    parsed = parse_minutes(samples.PAGE_BREAKS)
    assert parsed.body == "Centralt Samverkansorgan"
    assert "Mätta Ivarsson" in [a.name for a in parsed.participants]
    first, second = parsed.items
    assert first.outcome == "approved_with_changes"
    assert first.changes == [
        "att riktlinjen gäller från och med den 1 september 2024 och att den följs "
        "upp efter ett år.",
        "att kommunerna får ta del av utbildningsmaterialet.",
    ]
    assert first.links == [
        "https://vårdsamverkanskåne.se/riktlinjer/läkemedel-och-hjälpmedel/"
    ]
    assert "Sida 2" not in first.text
    assert second.title == "Information om e-hälsa och informationsöverföring"
    assert second.follow_ups[0].target_month == "2024-09"


def test_other_outcomes_are_recognised() -> None:
    items = parse_minutes(samples.OUTCOMES).items
    assert [i.outcome for i in items] == ["sent_back", "recommendation", "postponed"]
    assert items[0].text == "Förslaget behöver beredas vidare."


@pytest.mark.parametrize("form", ["pdf", "docx"])
def test_the_same_minutes_read_alike_from_pdf_and_word(form) -> None:  # noqa: ANN001
    content = (
        as_pdf(samples.CTB_FOR_FILES)
        if form == "pdf"
        else as_docx(samples.CTB_FOR_FILES)
    )
    parsed = parse_minutes(read_text(f"anteckningar.{form}", content))
    assert (parsed.body, parsed.date) == (
        "Central tjänstemannaberedning",
        dt.date(2024, 5, 17),
    )
    assert [a.name for a in parsed.participants] == [
        "Johan Cosmo",
        "Jolanda Van Vliet",
        "Nina Mårtensson",
        "Sara Österberg",
    ]
    assert parsed.absent == ["Emelie Sundén"]
    assert [i.title for i in parsed.items] == [
        "Välkommen",
        "Uppföljning av avvikelser",
        "Gemensam intern kommunikationsplan",
    ]
    follow = parsed.items[1]
    assert follow.outcome == "noted"
    assert follow.links == ["https://vardgivare.skane.se/samverkan/avvikelser/"]
    assert follow.follow_ups[0].target_month == "2024-06"
    assert parsed.items[2].changes == [
        "att planen även omfattar delregional samverkan.",
        "att planen följs upp årligen.",
    ]


def test_a_text_that_is_no_minutes_reports_what_is_missing() -> None:
    parsed = parse_minutes(samples.UNREADABLE)
    assert parsed.date is None
    assert parsed.items == [] and parsed.participants == []
    assert "Mötets datum hittades inte i rubriken." in parsed.problems
    assert parsed.recognised == []


def test_a_damaged_pdf_or_an_unknown_kind_cannot_be_read() -> None:
    with pytest.raises(UnreadableFile):
        read_text("trasig.pdf", b"%PDF-1.7 trasig")
    with pytest.raises(UnreadableFile):
        read_text("bild.png", b"\x89PNG")


def test_clean_lines_drops_page_numbers_and_joins_broken_addresses() -> None:
    lines = clean_lines(
        "Se https://example.org/a-\nb/c och\n2 (5)\nhttps://example.org/\nInformation"
    )
    assert lines == [
        "Se https://example.org/a-b/c",
        "och",
        "https://example.org/",
        "Information",
    ]
