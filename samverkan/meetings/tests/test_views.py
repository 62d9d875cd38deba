import datetime as dt
import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html
from pypdf import PdfReader

from samverkan.matters.models import Matter
from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.tests.test_services import person
from samverkan.organisation.models import Party

from .conftest import ZONE


def text_of(response) -> str:
    return " ".join(html.fromstring(response.content.decode()).text_content().split())


def test_the_public_sees_a_published_meeting_and_its_minutes(client, seed_meeting):
    page = text_of(client.get(seed_meeting.get_absolute_url()))
    minutes = client.get(
        reverse("meetings:record", args=[seed_meeting.pk, "anteckningar", "html"])
    )

    assert "Möte i Centralt Samverkansorgan, 2023-12-08" in page
    assert "Rutiner för delregional samverkan – Johan Cosmo, Sara Österberg" in page
    assert minutes.status_code == 200
    assert "Minnesanteckningar möte i Centralt Samverkansorgan, 2023-12-08" in text_of(
        minutes
    )


def test_draft_minutes_stay_with_the_body(client, plan, jill, outsider):
    meeting = plan()
    url = reverse("meetings:record", args=[meeting.pk, "anteckningar", "html"])

    anonymous = client.get(url)
    client.force_login(outsider)
    other = client.get(url)
    client.force_login(jill)
    secretary = client.get(url)

    assert (anonymous.status_code, other.status_code, secretary.status_code) == (
        404,
        404,
        200,
    )
    assert (
        client.get(
            reverse("meetings:record", args=[meeting.pk, "dagordning", "html"])
        ).status_code
        == 200
    )


def test_an_internal_meeting_is_not_found_by_the_public(client, plan):
    meeting = plan(visibility="internal")

    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_the_minutes_as_pdf_and_word_hold_every_participant_item_outcome_and_follow_up(
    client, seed_meeting
):
    pdf = client.get(
        reverse("meetings:record", args=[seed_meeting.pk, "anteckningar", "pdf"])
    )
    word = client.get(
        reverse("meetings:record", args=[seed_meeting.pk, "anteckningar", "docx"])
    )

    pdf_text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    word_doc = docx.Document(io.BytesIO(word.content))
    word_text = " ".join(" ".join(p.text.split()) for p in word_doc.paragraphs)
    expected = [
        "Minnesanteckningar möte i Centralt Samverkansorgan, 2023-12-08",
        "Anna Mannfalk (ordförande)",
        "Anders Lundström",
        "Lisa Flinth",
        "Patrik Holmberg",
        "Mätta Ivarsson",
        "Marianne Eriksson",
        "Jacqueline Maly",
        "Anders Rubin (Malmö, vice ordförande)",
        "Patric Åberg (Östra Göinge)",
        "Johan Andersson (Eslöv)",
        "Teddy Nilsson (Svalöv)",
        "Johan Cosmo, Jolanda Van Vliet",
        "Nina Mårtensson, Sara Österberg",
        "Förhinder",
        "Gunilla Wahlberg",
        "Sekreterare",
        "Jill Persson",
        "Region Skåne 7 av 8, kommunerna 4 av 8, 4 vakanta",
        "Godkänns med förändringar",
        "DS byter ordförandeskap den 1 januari.",
        "Återkoppling till CS i april 2024.",
        "Förslag till beslut för Malmö återkommer till CS i september 2024.",
        "https://vårdsamverkanskåne.se/",
        "Uppdrag: Ta fram ett förslag till gemensam intern kommunikationsplan",
    ]
    for item in seed_meeting.items.all():
        expected.append(item.title)
        if item.outcome:
            expected.append(item.get_outcome_display())
    for text in expected:
        assert text in word_text, text
        assert text in pdf_text, text
    assert "%C3%A5" not in pdf_text + word_text


def test_the_agenda_as_pdf_and_word_lists_items_and_presenters(client, seed_meeting):
    word = client.get(
        reverse("meetings:record", args=[seed_meeting.pk, "dagordning", "docx"])
    )
    text = " ".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)

    assert "Dagordning möte i Centralt Samverkansorgan, 2023-12-08" in text
    assert "Sara Österberg, Johan Cosmo" in text
    assert "Förhinder" not in text


def test_a_secretary_builds_the_agenda_without_javascript(client, plan, jill):
    meeting = plan()
    client.force_login(jill)
    url = reverse("meetings:agenda", args=[meeting.pk])

    for title in ("Välkommen", "Rutiner för delregional samverkan"):
        client.post(
            url,
            {
                "title": title,
                "kind": "information",
                "presenters": [person("Johan Cosmo").pk],
                "description": "",
            },
        )
    second = meeting.items.get(title="Rutiner för delregional samverkan")
    client.post(reverse("meetings:item-move", args=[second.pk]), {"direction": "up"})

    page = html.fromstring(client.get(url).content.decode())
    assert [h.text_content() for h in page.cssselect(".item-title")] == [
        "Rutiner för delregional samverkan",
        "Välkommen",
    ]


def test_a_missing_title_is_explained(client, plan, jill):
    client.force_login(jill)

    response = client.post(
        reverse("meetings:agenda", args=[plan().pk]),
        {"title": "", "kind": "information"},
    )

    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in text_of(response)


def test_only_the_secretary_may_edit(client, plan, outsider, demo):
    from samverkan.matters.tests.conftest import user_for

    meeting = plan()
    member = user_for("Lisa Flinth", "lisa")
    client.force_login(member)

    assert client.get(reverse("meetings:agenda", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 403
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_notes_save_without_and_with_htmx_and_report_a_conflict(client, plan, jill):
    meeting = plan()
    item = services.add_item(meeting=meeting, title="Rutiner", actor=jill)
    client.force_login(jill)
    url = reverse("meetings:notes", args=[item.pk])

    plain = client.post(url, {"notes": "Första.", "version": "0"})
    partial = client.post(
        url, {"notes": "Andra.", "version": "1"}, headers={"HX-Request": "true"}
    )
    conflict = client.post(
        url, {"notes": "Tredje.", "version": "1"}, headers={"HX-Request": "true"}
    )
    page_conflict = client.post(url, {"notes": "Fjärde.", "version": "1"})

    assert plain.status_code == 302
    assert partial.status_code == 200 and "Sparat" in partial.content.decode()
    assert 'value="2"' in partial.content.decode()
    assert conflict.status_code == 409
    tree = html.fromstring(conflict.content.decode())
    assert tree.cssselect(".version-saved")[0].text_content() == "Andra."
    assert tree.cssselect(".version-yours")[0].text_content() == "Tredje."
    assert (
        page_conflict.status_code == 409 and "Fjärde." in page_conflict.content.decode()
    )
    assert AgendaItem.objects.get(pk=item.pk).notes == "Andra."


def test_outcomes_follow_ups_and_assignments_from_the_minutes_page(
    client, plan, jill, cs
):
    meeting = plan()
    item = services.add_item(meeting=meeting, title="Uppdragsbeskrivning", actor=jill)
    client.force_login(jill)

    client.post(
        reverse("meetings:outcome", args=[item.pk]),
        {"outcome": "approved", "outcome_text": "CS godkänner.", "changes": ""},
    )
    client.post(
        reverse("meetings:follow-up", args=[item.pk]),
        {
            "text": "Återkoppling till CS i april 2025",
            "target_body": cs.pk,
            "target_month": "",
        },
    )
    client.post(
        reverse("meetings:assignment", args=[item.pk]),
        {
            "title": "Ta fram en plan",
            "owners": [person("Sara Österberg").pk],
            "due": "2025-03-01",
        },
    )

    item.refresh_from_db()
    assert item.outcome == "approved"
    follow_up = item.follow_ups.get()
    assert follow_up.target_month == dt.date(2025, 4, 1)
    assert item.assignments.get().owners.get().name == "Sara Österberg"


def test_the_follow_up_list_marks_overdue_ones(client, seed_meeting, jill, demo):
    client.force_login(jill)

    response = client.get(reverse("meetings:follow-ups", args=[demo.slug, "cs"]))

    rows = [
        [c.text_content() for c in tr.cssselect("td")]
        for tr in html.fromstring(response.content.decode()).cssselect(
            "#follow-ups tbody tr"
        )
    ]
    assert [
        "Återkoppling till CS i april 2024.",
        "2023-12-08",
        "2024-04",
        "Försenad",
    ] in [r[:4] for r in rows]


def test_attendance_is_filled_and_the_quorum_warning_shown(client, plan, jill):
    meeting = plan()
    client.force_login(jill)

    client.post(reverse("meetings:attendance", args=[meeting.pk]), {"fill": "1"})
    page = client.get(meeting.get_absolute_url())

    assert "Region Skåne 8 av 8, kommunerna 4 av 8, 4 vakanta" in text_of(page)
    assert "Beslutsförheten" not in text_of(page)
    for name in ("Anders Rubin", "Patric Åberg", "Johan Andersson", "Teddy Nilsson"):
        client.post(
            reverse("meetings:attendance", args=[meeting.pk]),
            {
                "person": person(name).pk,
                "role": "member",
                "status": "apologies",
                "side": "municipalities",
            },
        )
    warning = html.fromstring(
        client.get(meeting.get_absolute_url()).content.decode()
    ).cssselect("#quorum-warning")
    assert "Minst 1 från kommunerna måste vara närvarande." in warning[0].text_content()


def test_the_chair_signs_on_the_review_page(client, plan, jill, django_user_model):
    meeting = plan()
    item = services.add_item(meeting=meeting, title="A", actor=jill)
    anna = person("Anna Mannfalk")
    anna.user = django_user_model.objects.create_user("anna")
    anna.save()
    services.record_attendance(
        meeting=meeting, person=anna, role="chair", side="region", actor=jill
    )
    services.transition_meeting(meeting=meeting, to="held", actor=jill)
    services.save_notes(item=item, text="Noterat.", base_version=0, actor=jill)
    services.name_approvers(meeting=meeting, chair=anna, actor=jill)

    client.force_login(jill)
    assert client.get(reverse("meetings:review", args=[meeting.pk])).status_code == 403
    client.force_login(anna.user)
    response = client.post(
        reverse("meetings:review", args=[meeting.pk]), {"sign": "1"}, follow=True
    )

    assert "Du har justerat anteckningarna." in text_of(response)
    assert Meeting.objects.get(pk=meeting.pk).status == "minutes_approved"


def test_a_ready_matter_goes_on_the_agenda_with_one_action(client, plan, jill, cs):
    from samverkan.matters import services as matters

    matter = matters.register_matter(
        body=cs,
        title="Hjälpmedel",
        description="x",
        raised_by=cs.structure.parties.get(name="Ystad"),
        category="agreement",
        actor=jill,
    )
    for status in ("in_preparation", "ready"):
        matters.transition_matter(matter=matter, to=status, actor=jill)
    meeting = plan()
    client.force_login(jill)

    client.post(
        reverse("meetings:add-matter", args=[meeting.pk]), {"matter": matter.pk}
    )

    matter.refresh_from_db()
    assert matter.status == "on_agenda"
    assert meeting.items.get().matter == matter


@pytest.mark.parametrize("count", [5, 50])
def test_the_meeting_page_costs_the_same_with_5_and_50_items(
    client, plan, jill, count, django_assert_max_num_queries
):
    meeting = plan()
    for index in range(count):
        services.add_item(
            meeting=meeting,
            title=f"Punkt {index}",
            actor=jill,
            presenters=[person("Johan Cosmo")],
        )
    services.attendance_from_composition(meeting=meeting, actor=jill)
    client.force_login(jill)

    with django_assert_max_num_queries(30):
        response = client.get(meeting.get_absolute_url())
    assert (
        len(html.fromstring(response.content.decode()).cssselect("#agenda > li"))
        == count
    )


def _agenda_page_queries(client, meeting) -> tuple[int, list]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        response = client.get(meeting.get_absolute_url())
    return len(queries), html.fromstring(response.content.decode()).cssselect(
        "#agenda > li"
    )


def test_the_meeting_page_shows_each_items_presenters_matter_and_documents_in_fixed_queries(
    client, plan, jill, sample_files, cs
):
    client.force_login(jill)
    party = Party.objects.filter(structure=cs.structure).first()
    counts = {}
    for count in (2, 6):
        meeting = plan()
        for index in range(count):
            item = services.add_item(
                meeting=meeting,
                title=f"Punkt {index}",
                actor=jill,
                presenters=[person("Johan Cosmo")],
            )
            item.matter = Matter.objects.create(
                body=cs,
                year=2026,
                number=100 * count + index,
                title=f"Ärende {index}",
                raised_by=party,
                category=Matter.Category.OTHER,
            )
            item.save()
            services.attach_to_item(
                item=item,
                filename=f"underlag-{index}.pdf",
                content=sample_files["pdf"],
                actor=jill,
            )
        counts[count], rows = _agenda_page_queries(client, meeting)
        assert len(rows) == count
        last = rows[-1].text_content()
        assert "Johan Cosmo" in last
        assert f"(CS 2026/{100 * count + count - 1})" in last
        assert rows[-1].cssselect("a")[0].text == f"underlag-{count - 1}.pdf"
    assert counts[2] == counts[6]


def test_the_meeting_list_shows_upcoming_and_past(client, seed_meeting, demo):
    response = client.get(reverse("meetings:list", args=[demo.slug, "cs"]))

    tree = html.fromstring(response.content.decode())
    assert len(tree.cssselect("#past tbody tr")) == 1
    assert len(tree.cssselect("#upcoming tbody tr")) == 1


def test_a_new_meeting_is_planned_from_the_form(client, jill, demo):
    client.force_login(jill)

    response = client.post(
        reverse("meetings:create", args=[demo.slug, "cs"]),
        {
            "date": "2027-02-12",
            "start": "09:00",
            "end": "12:00",
            "place": "Malmö",
            "video_link": "",
        },
    )

    meeting = Meeting.objects.get(place="Malmö")
    assert response.status_code == 302
    assert meeting.starts_at == dt.datetime(2027, 2, 12, 9, tzinfo=ZONE)


def test_a_meeting_ending_before_it_starts_is_refused(client, jill, demo):
    client.force_login(jill)

    response = client.post(
        reverse("meetings:create", args=[demo.slug, "cs"]),
        {
            "date": "2027-02-12",
            "start": "12:00",
            "end": "09:00",
        },
    )

    assert response.status_code == 400
    assert "Mötet måste sluta efter att det börjar." in text_of(response)


def test_the_secretary_marks_follow_ups_reported_and_moves_assignments(
    client, seed_meeting, jill, demo
):
    from samverkan.meetings.models import Assignment, FollowUp

    follow_up = FollowUp.objects.get(text__startswith="Återkoppling till CS i april")
    assignment = Assignment.objects.get(title__startswith="Ta fram ett förslag")
    client.force_login(jill)

    client.post(reverse("meetings:follow-up-resolve", args=[follow_up.pk]))
    client.post(
        reverse("meetings:assignment-status", args=[assignment.pk]),
        {"status": "in_progress"},
    )
    bad = client.post(
        reverse("meetings:assignment-status", args=[assignment.pk]),
        {"status": "forgotten"},
        follow=True,
    )

    assert FollowUp.objects.get(pk=follow_up.pk).status == "done"
    assert Assignment.objects.get(pk=assignment.pk).status == "in_progress"
    assert "Okänd status för uppdraget." in text_of(bad)
    rows = text_of(client.get(reverse("meetings:follow-ups", args=[demo.slug, "cs"])))
    assert "Återkoppling till CS i april 2024." not in rows


def test_only_the_secretary_moves_assignments(client, seed_meeting, outsider):
    from samverkan.meetings.models import Assignment

    assignment = Assignment.objects.first()
    client.force_login(outsider)

    assert (
        client.post(
            reverse("meetings:assignment-status", args=[assignment.pk]),
            {"status": "done"},
        ).status_code
        == 403
    )
