"""Deviations (the identity guard, answers) and meetings through the API."""

import base64
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from samverkan.deviations.models import Deviation
from samverkan.documents.models import Document
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Meeting

PERSONNUMMER = "19121212-1212"


@pytest.fixture
def report(structure, municipality, region) -> dict:  # noqa: ANN001
    return {
        "structure": structure.slug,
        "reporting_party": municipality.pk,
        "reporting_unit": "Hemtjänsten Väster",
        "concerned_party": region.pk,
        "event_date": "2024-03-01",
        "category": "discharge",
        "description": "Patienten skrevs ut utan information i SVPL.",
        "consequence": "minor",
    }


def test_a_party_reports_a_deviation_with_an_attachment(
    party_contact, api_for, report, sample_files
) -> None:  # noqa: ANN001
    attachment = {
        "filename": "rutin.pdf",
        "content_base64": base64.b64encode(sample_files["pdf"]).decode(),
    }
    response = api_for(party_contact).post(
        "deviations", {**report, "attachments": [attachment]}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["reference"] == f"AVV-{Deviation.objects.get().pk}"
    assert body["status"] == "sent"
    assert body["documents"][0]["versions"][0]["filename"] == "rutin.pdf"


def test_a_personnummer_refuses_the_report_and_names_the_field(
    party_contact, api_for, report
) -> None:  # noqa: ANN001
    response = api_for(party_contact).post(
        "deviations",
        {**report, "description": f"Patient {PERSONNUMMER} skrevs ut."},
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "personal_identity_found"
    assert [f["field"] for f in problem["fields"]] == ["description"]
    assert "19121212-****" in problem["message_sv"]
    assert PERSONNUMMER not in response.content.decode()
    assert problem["message_en"] == (
        "The report contains a personal identity or coordination number in the "
        "field “What happened”, line 1, character 9 (19121212-****). Remove it: "
        "deviations must never carry the patient's identity. Nothing has been saved."
    )
    assert not Deviation.objects.exists()
    assert not Document.objects.exists()


def test_a_party_reports_only_for_itself(
    party_contact, api_for, report, region
) -> None:  # noqa: ANN001
    response = api_for(party_contact).post(
        "deviations",
        {
            **report,
            "reporting_party": region.pk,
            "concerned_party": report["reporting_party"],
        },
    )
    assert response.status_code == 403
    assert not Deviation.objects.exists()


def test_the_concerned_party_answers_with_the_current_etag(
    party_contact, api_for, report, region, django_user_model, structure
) -> None:  # noqa: ANN001
    from samverkan.accounts.models import RoleGrant

    reporter = api_for(party_contact)
    deviation = reporter.post("deviations", report).json()
    region_contact = django_user_model.objects.create_user("region-contact")
    RoleGrant.objects.create(
        user=region_contact,
        role=RoleGrant.Role.PARTY_CONTACT,
        structure=structure,
        party=region,
    )
    answerer = api_for(region_contact)
    url = f"deviations/{deviation['id']}"
    # The reporter may read it, but does not answer its own report.
    etag = reporter.get(url)["ETag"]
    assert (
        reporter.post(f"{url}/answer", {"answer": "Ja"}, If_Match=etag).status_code
        == 403
    )
    assert answerer.post(f"{url}/answer", {"answer": "Ja"}).status_code == 428
    guarded = answerer.post(
        f"{url}/answer", {"answer": f"Gäller {PERSONNUMMER}"}, If_Match=etag
    )
    assert guarded.status_code == 400
    assert guarded.json()["fields"][0]["field"] == "answer"
    answered = answerer.post(
        f"{url}/answer", {"answer": "Rutinen är uppdaterad."}, If_Match=etag
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == "answered"
    again = answerer.post(f"{url}/answer", {"answer": "Igen"}, If_Match=etag)
    assert again.status_code == 412


@pytest.fixture
def meeting(persona_body) -> Meeting:  # noqa: ANN001
    meeting = meetings.create_meeting(
        body=persona_body,
        starts_at=dt.datetime(2030, 4, 12, 9, tzinfo=ZoneInfo("Europe/Stockholm")),
        actor=None,
    )
    item = meetings.add_item(meeting=meeting, title="Välkommen", actor=None)
    AgendaItem.objects.filter(pk=item.pk).update(notes="Hemliga anteckningar")
    return meeting


def test_the_secretary_plans_a_meeting_and_builds_its_agenda(
    secretary, api_for, persona_body, sample_files
) -> None:  # noqa: ANN001
    api = api_for(secretary)
    created = api.post(
        "meetings",
        {
            "body": persona_body.pk,
            "starts_at": "2030-06-13T09:00:00+02:00",
            "place": "Malmö",
        },
    )
    assert created.status_code == 201
    meeting_id = created.json()["id"]
    item = api.post(
        f"meetings/{meeting_id}/items", {"title": "Ekonomi", "kind": "decision"}
    )
    assert item.status_code == 201
    assert item.json()["position"] == 1
    upload = api.upload(
        f"agenda-items/{item.json()['id']}/documents",
        "budget.xlsx",
        sample_files["xlsx"],
    )
    assert upload.status_code == 201
    assert upload.json()["documents"][0]["versions"][0]["kind"] == "xlsx"
    detail = api.get(f"meetings/{meeting_id}").json()
    assert [i["title"] for i in detail["items"]] == ["Ekonomi"]
    refused = api.post(
        "meetings", {"body": persona_body.pk, "starts_at": "2030-06-13T09:00:00"}
    )
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"] == "starts_at"


def test_a_member_reads_the_agenda_but_may_not_create(
    member, api_for, persona_body, meeting
) -> None:  # noqa: ANN001
    api = api_for(member)
    assert api.get(f"meetings/{meeting.pk}").status_code == 200
    refused = api.post(
        "meetings", {"body": persona_body.pk, "starts_at": "2030-06-13T09:00:00+02:00"}
    )
    assert refused.status_code == 403
    assert api.post(f"meetings/{meeting.pk}/items", {"title": "X"}).status_code == 403
    assert Meeting.objects.count() == 1


def test_draft_notes_stay_with_the_body(outsider, member, api_for, meeting) -> None:  # noqa: ANN001
    seen_by_outsider = api_for(outsider).get(f"meetings/{meeting.pk}").json()
    assert seen_by_outsider["items"][0]["minutes"] is None
    assert "Hemliga" not in str(seen_by_outsider)
    seen_by_member = api_for(member).get(f"meetings/{meeting.pk}").json()
    assert seen_by_member["items"][0]["minutes"]["notes"] == "Hemliga anteckningar"


def test_follow_ups_and_assignments_are_given_and_moved_on(
    secretary, member, api_for, meeting, persona_body
) -> None:  # noqa: ANN001
    api = api_for(secretary)
    item_id = meeting.items.get().pk
    follow_up = api.post(
        f"agenda-items/{item_id}/follow-ups",
        {
            "text": "Återkoppling till CS",
            "target_body": persona_body.pk,
            "target_month": "2030-09-01",
        },
    )
    assert follow_up.status_code == 201
    assignment = api.post(
        f"agenda-items/{item_id}/assignments",
        {"title": "Ta fram en plan", "due": "2030-08-30"},
    )
    assert assignment.status_code == 201
    listed = api_for(member).get(f"bodies/{persona_body.pk}/follow-ups", status="open")
    assert [f["text"] for f in listed.json()["items"]] == ["Återkoppling till CS"]

    url = f"assignments/{assignment.json()['id']}"
    etag = api.get(url)["ETag"]
    assert (
        api_for(member).patch(url, {"status": "done"}, If_Match=etag).status_code == 403
    )
    moved = api.patch(url, {"status": "in_progress"}, If_Match=etag)
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    assert api.patch(url, {"status": "done"}, If_Match=etag).status_code == 412

    url = f"follow-ups/{follow_up.json()['id']}"
    etag = api.get(url)["ETag"]
    resolved = api.post(f"{url}/resolve", If_Match=etag)
    assert resolved.status_code == 200 and resolved.json()["status"] == "done"
