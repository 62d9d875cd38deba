import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from lxml import html
from pypdf import PdfReader

from samverkan.lib.errors import DomainError
from samverkan.meetings import services as meetings
from samverkan.organisation.models import Body
from samverkan.planning import services

D = dt.date
ZONE = ZoneInfo("Europe/Stockholm")


def test_the_second_friday_of_six_months():
    days = services.series_days(
        year=2024, months=[2, 4, 6, 9, 11, 12], weekday_index=4, ordinal=2
    )

    assert [d.day for d in days] == [
        D(2024, 2, 9),
        D(2024, 4, 12),
        D(2024, 6, 14),
        D(2024, 9, 13),
        D(2024, 11, 8),
        D(2024, 12, 13),
    ]
    assert all(d.moved_from is None for d in days)


def test_a_meeting_on_midsommarafton_moves_to_the_working_day_before():
    (june,) = services.series_days(year=2024, months=[6], weekday_index=4, ordinal=3)

    assert (june.day, june.moved_from) == (D(2024, 6, 20), D(2024, 6, 21))


def test_the_last_weekday_of_a_month():
    (december,) = services.series_days(
        year=2024, months=[12], weekday_index=1, ordinal=-1
    )

    # The last Tuesday of December 2024 is the 31st, nyårsafton: the meeting moves to the 30th.
    assert (december.day, december.moved_from) == (D(2024, 12, 30), D(2024, 12, 31))


@pytest.mark.parametrize(
    ("months", "weekday_index", "ordinal"), [([], 4, 2), ([13], 4, 2), ([2], 4, 5)]
)
def test_a_rule_without_months_or_with_a_bad_position_is_refused(
    months, weekday_index, ordinal
):
    with pytest.raises(DomainError):
        services.series_days(
            year=2024, months=months, weekday_index=weekday_index, ordinal=ordinal
        )


@pytest.fixture
def cs(demo) -> Body:
    return Body.objects.get(structure=demo, slug="cs")


def test_a_series_creates_the_meetings_and_skips_days_already_planned(cs):
    meetings.create_meeting(
        body=cs, starts_at=dt.datetime(2024, 4, 12, 13, tzinfo=ZONE), actor=None
    )

    created = services.plan_series(
        body=cs,
        year=2024,
        months=[2, 4, 6],
        weekday_index=4,
        ordinal=2,
        start=dt.time(9),
        end=dt.time(12),
        actor=None,
    )

    assert [m.starts_at for m in created] == [
        dt.datetime(2024, 2, 9, 9, tzinfo=ZONE),
        dt.datetime(2024, 6, 14, 9, tzinfo=ZONE),
    ]
    assert created[0].ends_at == dt.datetime(2024, 2, 9, 12, tzinfo=ZONE)


def test_the_year_plan_holds_meetings_deadlines_in_working_days_follow_ups_and_the_chair_change(
    cs,
):
    meeting = meetings.create_meeting(
        body=cs, starts_at=dt.datetime(2024, 4, 12, 9, tzinfo=ZONE), actor=None
    )
    item = meetings.add_item(meeting=meeting, title="Avtalsuppföljning", actor=None)
    meetings.add_follow_up(
        item=item,
        text="Återkoppling till CS i september 2024",
        target_body=cs,
        target_month=D(2024, 9, 1),
        actor=None,
    )
    meetings.add_assignment(
        item=item, title="Ta fram planen", due=D(2024, 6, 30), actor=None
    )

    entries = [(e.day, e.kind, e.text) for e in services.year_plan(cs, 2024)]

    assert (D(2024, 1, 1), "chair", "Ordförandeskapet byts") in entries
    assert (D(2024, 4, 12), "meeting", "Möte i CS") in entries
    # Ten working days before 12 April 2024, over Easter: 27 March.
    assert (
        D(2024, 3, 27),
        "deadline",
        "Handlingar till mötet 2024-04-12 ska vara inne",
    ) in entries
    assert (
        D(2024, 4, 5),
        "deadline",
        "Dagordningen till mötet 2024-04-12 skickas ut",
    ) in entries
    assert (
        D(2024, 4, 26),
        "deadline",
        "Anteckningarna från mötet 2024-04-12 justeras",
    ) in entries
    assert (
        D(2024, 9, 1),
        "follow_up",
        "Återkoppling till CS i september 2024",
    ) in entries
    assert (D(2024, 6, 30), "assignment", "Uppdrag: Ta fram planen") in entries
    assert [e[0] for e in entries] == sorted(e[0] for e in entries)


def test_the_secretary_plans_the_year_from_the_page_and_prints_it(client, demo, cs):
    from samverkan.accounts.models import User

    client.force_login(User.objects.get(username="sekreterare"))
    url = reverse("planning:year", args=[demo.slug, "cs", 2027])

    response = client.post(
        url,
        {
            "ordinal": "2",
            "weekday_index": "4",
            "months": ["2", "4", "6", "9", "11", "12"],
            "start": "09:00",
            "end": "",
            "place": "Malmö",
        },
        follow=True,
    )
    pdf = client.get(url, {"format": "pdf"})

    assert "6 möten är planerade." in " ".join(
        html.fromstring(response.content.decode()).text_content().split()
    )
    assert cs.meetings.filter(starts_at__year=2027).count() == 6
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Tids- och aktivitetsplan CS 2027" in text and "2027-02-12" in text


def test_the_secretary_is_told_which_meetings_moved_off_a_holiday(client, demo, cs):
    from samverkan.accounts.models import User

    client.force_login(User.objects.get(username="sekreterare"))
    url = reverse("planning:year", args=[demo.slug, "cs", 2030])

    # The third Friday of June 2030 is midsommarafton; May's is an ordinary day.
    response = client.post(
        url,
        {"ordinal": "3", "weekday_index": "4", "months": ["5", "6"], "start": "09:00"},
        follow=True,
    )

    messages = [
        " ".join(li.text_content().split())
        for li in html.fromstring(response.content.decode()).cssselect(".messages li")
    ]
    assert messages == [
        "2 möten är planerade.",
        "2030-06-21 är en helgdag eller helgdagsafton; mötet är planerat till "
        "2030-06-20 i stället.",
    ]


def test_the_list_view_shows_the_year_in_date_order_with_kinds(client, demo, cs):
    from samverkan.accounts.models import User

    services.plan_series(
        body=cs,
        year=2027,
        ordinal=2,
        weekday_index=4,
        months=[2, 4],
        start=dt.time(9),
        end=None,
        place="Malmö",
        actor=None,
    )
    client.force_login(User.objects.get(username="sekreterare"))
    url = reverse("planning:year", args=[demo.slug, "cs", 2027])
    page = html.fromstring(client.get(url, {"vy": "lista"}).content.decode())
    rows = [
        [cell.text_content().strip() for cell in row.cssselect("td")]
        for row in page.cssselect("#year-list tbody tr")
    ]
    days = [row[0] for row in rows]
    assert days == sorted(days)
    assert ["2027-02-12", "Möte", "Möte i CS"] in rows
    assert any(kind == "Sista dag" and day < "2027-02-12" for day, kind, _ in rows)
    assert any(kind == "Ordförandebyte" for _day, kind, _ in rows)
    assert not page.cssselect("#year-plan")  # the month grid is the other view


def test_a_series_without_months_is_explained(client, demo, cs):
    from samverkan.accounts.models import User

    client.force_login(User.objects.get(username="sekreterare"))

    response = client.post(
        reverse("planning:year", args=[demo.slug, "cs", 2027]),
        {"ordinal": "2", "weekday_index": "4", "start": "09:00"},
    )

    assert response.status_code == 400
    assert not cs.meetings.filter(starts_at__year=2027).exists()


def test_the_year_plan_is_internal_to_the_structure(client, demo, outsider):
    url = reverse("planning:year", args=[demo.slug, "cs", 2024])

    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
