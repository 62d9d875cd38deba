"""Only public records leave through OParl: not in lists, embedded, counts or files."""

import json

import pytest

from samverkan.accounts.permissions import (
    can_read_minutes,
    meetings_with_readable_minutes,
)
from samverkan.meetings import services as meetings
from samverkan.meetings.models import Meeting

from .conftest import API, list_url

SERVER = "http://testserver"


def test_internal_records_never_appear_not_even_embedded(world, crawl) -> None:
    crawler = crawl()
    everything = json.dumps(
        [crawler.every_object(), sorted(crawler.references)], ensure_ascii=False
    )
    internal_meeting = world["internal_meeting"]
    secret_document = world["secret_item"].documents.get()
    internal_document = world["internal_matter"].documents.get()
    for absent in (
        f"{API}meeting/{internal_meeting.pk}/",
        f"{API}location/{internal_meeting.pk}/",
        f"{API}agendaitem/{world['secret_item'].pk}/",
        f"{API}paper/{world['internal_matter'].pk}/",
        f"{API}consultation/{world['hidden_item'].pk}/",
        f"{API}file/{secret_document.pk}/",
        f"{API}file/{internal_document.pk}/",
        "Internt ärende",
        "Hemlig punkt",
        "hemlig.pdf",
        "internal.pdf",
        "Regionhuset, Kristianstad",
    ):
        assert f'{absent}"' not in everything and absent not in everything, absent
    # The public ones are there, linked both ways.
    objects = crawler.every_object()
    paper = objects[f"{SERVER}{API}paper/{world['public_matter'].pk}/"]
    consultation = paper["consultation"][0]
    assert (
        consultation["agendaItem"]
        == f"{SERVER}{API}agendaitem/{world['treated_item'].pk}/"
    )
    item = objects[consultation["agendaItem"]]
    assert item["consultation"] == consultation["id"]
    assert [f["fileName"] for f in paper["auxiliaryFile"]] == ["public.pdf"]
    # The item of a public meeting that treats an internal matter is public,
    # but not its consultation.
    hidden = objects[f"{SERVER}{API}agendaitem/{world['hidden_item'].pk}/"]
    assert "consultation" not in hidden


def test_lists_count_public_records_only(world, client) -> None:
    structure = world["structure"]
    meetings = client.get(list_url(structure, "meeting")).json()
    public = Meeting.objects.filter(body__structure=structure, visibility="public")
    assert meetings["pagination"]["totalElements"] == public.count() == 2
    assert Meeting.objects.filter(body__structure=structure).count() == 3
    papers = client.get(list_url(structure, "paper")).json()
    assert [p["name"] for p in papers["data"]] == [world["public_matter"].title]
    assert papers["pagination"]["totalElements"] == 1
    files = client.get(list_url(structure, "file")).json()
    assert sorted(f["fileName"] for f in files["data"]) == ["bilaga.pdf", "public.pdf"]


def test_internal_records_are_not_found_at_their_address(world, client) -> None:
    secret_document = world["secret_item"].documents.get()
    for url in (
        f"{API}meeting/{world['internal_meeting'].pk}/",
        f"{API}location/{world['internal_meeting'].pk}/",
        f"{API}agendaitem/{world['secret_item'].pk}/",
        f"{API}paper/{world['internal_matter'].pk}/",
        f"{API}consultation/{world['hidden_item'].pk}/",
        f"{API}file/{secret_document.pk}/",
        f"{API}file/{secret_document.pk}/download/",
        f"{API}file/{secret_document.pk}/access/",
        f"{API}file/agenda/{world['internal_meeting'].pk}/",
        # The next meeting is public, its minutes are not written yet.
        f"{API}file/minutes/{world['upcoming'].pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        if not url.endswith(("/download/", "/access/")):
            assert response.json()["status"] == 404


def test_attendance_and_outcomes_appear_once_the_minutes_are_published(
    world, client
) -> None:
    published = client.get(f"{API}meeting/{world['meeting'].pk}/").json()
    planned = client.get(f"{API}meeting/{world['upcoming'].pk}/").json()
    assert published["meetingState"] == "Publicerat"
    assert (
        len(published["participant"])
        == world["meeting"].attendance.filter(status="present").count()
        > 0
    )
    assert published["resultsProtocol"]["downloadUrl"].endswith("/anteckningar.pdf")
    assert any("result" in item for item in published["agendaItem"])
    assert "participant" not in planned and "resultsProtocol" not in planned
    assert all("result" not in item for item in planned["agendaItem"])


@pytest.mark.parametrize("persona", ["anonymous", "member", "secretary", "outsider"])
def test_the_list_of_readable_minutes_agrees_with_can_read_minutes(
    request, persona, small_world, persona_body
) -> None:
    user = request.getfixturevalue(persona)
    small_world["public_meeting"].status = Meeting.Status.PUBLISHED
    small_world["public_meeting"].save()
    small_world["plan"]()  # planned, public: its minutes are drafts
    for visibility in ("public", "body"):  # the personas' own body
        meetings.create_meeting(
            body=persona_body,
            starts_at=small_world["public_meeting"].starts_at,
            actor=None,
            visibility=visibility,
        )
    every = Meeting.objects.all()
    listed = set(
        meetings_with_readable_minutes(user, every).values_list("pk", flat=True)
    )
    assert listed == {m.pk for m in every if can_read_minutes(user, m)}
    if persona != "anonymous":
        assert listed  # each persona but the public reads some drafts or minutes
