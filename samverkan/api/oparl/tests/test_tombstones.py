"""A public object that is deleted or stops being public stays in the lists as deleted."""

from samverkan.meetings import services as meetings
from samverkan.organisation.models import Membership

from .conftest import API, ids_in, list_url

SERVER = "http://testserver"


def url(kind: str, pk: int) -> str:
    return f"{SERVER}{API}{kind}/{pk}/"


def deleted_in(client, structure, kind: str) -> set[str]:  # noqa: ANN001
    listed = ids_in(client, list_url(structure, kind))
    return {obj_id for obj_id, obj in listed.items() if obj["deleted"]}


def test_a_deleted_agenda_item_stays_as_a_tombstone(small_world, client) -> None:
    item = small_world["public_meeting"].items.get(title="Inledning")
    address = url("agendaitem", item.pk)
    created = client.get(address).json()["created"]
    meetings.remove_item(item=item, actor=None)
    structure = small_world["structure"]
    assert deleted_in(client, structure, "agendaitem") == {address}
    tombstone = client.get(address).json()
    assert tombstone["deleted"] is True
    assert tombstone["created"] == created
    assert tombstone["modified"] >= created
    assert set(tombstone) == {"id", "type", "created", "modified", "deleted"}
    # Counted with the list; nothing else was buried.
    items = client.get(list_url(structure, "agendaitem")).json()
    assert items["pagination"]["totalElements"] == 2 + 1
    assert deleted_in(client, structure, "meeting") == set()


def test_nothing_that_was_never_public_gets_a_tombstone(small_world, client) -> None:
    internal = small_world["internal_meeting"]
    for item in internal.items.all():
        meetings.remove_item(item=item, actor=None)
    internal.delete()
    structure = small_world["structure"]
    for kind in ("meeting", "agendaitem", "file", "location"):
        assert deleted_in(client, structure, kind) == set(), kind
    assert client.get(url("meeting", internal.pk)).status_code == 404


def test_a_meeting_made_internal_takes_what_hangs_on_it_along(
    small_world, client
) -> None:
    meeting = small_world["public_meeting"]
    structure = small_world["structure"]
    items = {url("agendaitem", pk) for pk in meeting.items.values_list("pk", flat=True)}
    document = meeting.items.get(title="Rapport").documents.get()
    meeting.visibility = "internal"
    meeting.save()
    assert deleted_in(client, structure, "meeting") == {url("meeting", meeting.pk)}
    assert deleted_in(client, structure, "location") == {url("location", meeting.pk)}
    assert deleted_in(client, structure, "agendaitem") == items
    assert deleted_in(client, structure, "consultation") == {
        url("consultation", small_world["treated"].pk)
    }
    assert deleted_in(client, structure, "file") == {url("file", document.pk)}
    # The matter itself is still public, without the consultation.
    paper = client.get(url("paper", small_world["public_matter"].pk)).json()
    assert paper["deleted"] is False and paper["consultation"] == []

    meeting.visibility = "public"
    meeting.save()
    for kind in ("meeting", "location", "agendaitem", "consultation", "file"):
        assert deleted_in(client, structure, kind) == set(), kind
    assert client.get(url("meeting", meeting.pk)).json()["deleted"] is False


def test_a_matter_made_internal_leaves_its_paper_consultation_and_files(
    small_world, client
) -> None:
    matter = small_world["public_matter"]
    structure = small_world["structure"]
    document = matter.documents.get()
    matter.visibility = "internal"
    matter.save()
    assert deleted_in(client, structure, "paper") == {url("paper", matter.pk)}
    assert deleted_in(client, structure, "consultation") == {
        url("consultation", small_world["treated"].pk)
    }
    assert deleted_in(client, structure, "file") == {url("file", document.pk)}
    item = client.get(url("agendaitem", small_world["treated"].pk)).json()
    assert item["deleted"] is False and "consultation" not in item


def test_a_document_taken_off_its_item_is_buried_and_revived(
    small_world, client
) -> None:
    item = small_world["public_meeting"].items.get(title="Rapport")
    document = item.documents.get()
    structure = small_world["structure"]
    item.documents.remove(document)
    assert deleted_in(client, structure, "file") == {url("file", document.pk)}
    assert client.get(f"{API}file/{document.pk}/download/").status_code == 404
    item.documents.add(document)
    assert deleted_in(client, structure, "file") == set()


def test_a_removed_membership_and_its_last_person_are_buried(
    small_world, client
) -> None:
    structure = small_world["structure"]
    membership = small_world["members"][0]
    person = membership.person
    address = url("membership", membership.pk)
    Membership.objects.filter(pk=membership.pk).get().delete()
    assert deleted_in(client, structure, "membership") == {address}
    assert deleted_in(client, structure, "person") == {url("person", person.pk)}
    assert url("person", small_world["members"][1].person_id) not in deleted_in(
        client, structure, "person"
    )
