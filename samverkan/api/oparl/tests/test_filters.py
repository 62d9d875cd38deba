"""modified_since, created_since, modified_until, created_until, and the pages."""

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine

from samverkan.documents import services as documents
from samverkan.matters import services as matters
from samverkan.meetings import services as meetings

from .conftest import API, ids_in, list_url

SERVER = "http://testserver"
KINDS = [
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaitem",
    "paper",
    "consultation",
    "file",
    "location",
]


def url(kind: str, pk: int) -> str:
    return f"{SERVER}{API}{kind}/{pk}/"


def since(moment: dt.datetime, name: str = "modified_since") -> str:
    return f"?{name}={quote(moment.isoformat())}"


def test_a_crawl_with_modified_since_returns_exactly_what_changed(world, crawl) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    upcoming, matter = world["upcoming"], world["public_matter"]
    with time_machine.travel(later):
        upcoming.place = "Regionhuset, Lund"
        upcoming.save()
        removed = upcoming.items.get(title="Välkommen")
        removed_address = url("agendaitem", removed.pk)
        # Its document (bilaga.pdf) was public through this item only.
        attached = url("file", removed.documents.get().pk)
        meetings.remove_item(item=removed, actor=None)
        document = matter.documents.get()
        matter.visibility = "internal"
        matter.save()
    full = crawl()
    changed = crawl(since(later - dt.timedelta(minutes=1)))
    treated = world["treated_item"].pk
    # Lists only: an object embedded in a changed one is listed on its own.
    assert set(changed.objects) == {
        url("meeting", upcoming.pk),
        url("location", upcoming.pk),
        removed_address,
        url("paper", matter.pk),
        url("consultation", treated),
        # The item that treats the matter no longer names its consultation.
        url("agendaitem", treated),
        url("file", document.pk),
        attached,
    }
    assert {k for k, o in changed.objects.items() if o["deleted"]} == {
        removed_address,
        url("paper", matter.pk),
        url("consultation", treated),
        url("file", document.pk),
        attached,
    }
    assert (
        changed.objects[url("meeting", upcoming.pk)]
        == full.objects[url("meeting", upcoming.pk)]
    )
    nothing = crawl(since(later + dt.timedelta(minutes=1)))
    assert set(nothing.objects) == set()


def _changed_later(world: dict, crawl, change, days: int = 2) -> set[str]:  # noqa: ANN001
    """Make `change` `days` on; return the ids a modified_since crawl lists."""
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    with time_machine.travel(later):
        change()
    return set(crawl(since(later - dt.timedelta(minutes=1))).objects)


def test_an_edited_agenda_item_changes_the_meeting_that_embeds_it(
    small_world, crawl
) -> None:
    meeting = small_world["public_meeting"]
    item = meeting.items.get(title="Inledning")

    def edit() -> None:
        meetings.update_item(
            item=item, actor=None, title="Välkomna", kind=item.kind,
            description="", presenters=[],
        )  # fmt: skip

    # The location is the meeting's place and carries the meeting's stamps.
    assert _changed_later(small_world, crawl, edit) == {
        url("agendaitem", item.pk),
        url("meeting", meeting.pk),
        url("location", meeting.pk),
    }


def test_moved_and_removed_agenda_items_change_their_meeting(
    small_world, crawl
) -> None:
    meeting = small_world["public_meeting"]
    first, second = meeting.items.order_by("position")[:2]
    moved = _changed_later(
        small_world,
        crawl,
        lambda: meetings.move_item(item=second, up=True, actor=None),
    )
    assert moved == {
        url("agendaitem", first.pk),
        url("agendaitem", second.pk),
        url("meeting", meeting.pk),
        url("location", meeting.pk),
    }
    address = url("agendaitem", first.pk)
    removed = _changed_later(
        small_world,
        crawl,
        lambda: meetings.remove_item(item=first, actor=None),
        days=4,
    )
    assert removed == {
        address,
        url("meeting", meeting.pk),
        url("location", meeting.pk),
    }


def test_a_new_version_of_a_file_changes_the_item_meeting_and_paper_holding_it(
    small_world, crawl, sample_files
) -> None:
    meeting, matter = small_world["public_meeting"], small_world["public_matter"]
    item = meeting.items.get(title="Rapport")
    document = item.documents.get()
    matter.documents.add(document)  # one file, embedded in two objects
    changed = _changed_later(
        small_world,
        crawl,
        lambda: meetings.attach_to_item(
            item=item, filename="rapport.pdf", content=sample_files["pdf"], actor=None
        ),
    )
    assert changed == {
        url("file", document.pk),
        url("agendaitem", item.pk),
        url("meeting", meeting.pk),
        url("location", meeting.pk),
        url("paper", matter.pk),
    }


def test_a_file_added_to_or_taken_off_a_paper_changes_the_paper(
    small_world, crawl, sample_files
) -> None:
    matter = small_world["public_matter"]
    added = _changed_later(
        small_world,
        crawl,
        lambda: matters.attach_document(
            matter=matter, filename="bilaga.pdf", content=sample_files["pdf"],
            actor=None,
        ),
    )  # fmt: skip
    document = matter.documents.get(title="bilaga.pdf")
    assert added == {url("paper", matter.pk), url("file", document.pk)}
    taken = _changed_later(
        small_world, crawl, lambda: matter.documents.remove(document), days=4
    )
    assert taken == {url("paper", matter.pk), url("file", document.pk)}


def test_the_text_read_from_a_file_changes_the_file_and_what_embeds_it(
    small_world, crawl, client
) -> None:
    meeting = small_world["public_meeting"]
    item = meeting.items.get(title="Rapport")
    version = item.documents.get().versions.get()
    changed = _changed_later(
        small_world, crawl, lambda: documents.extract_into(version)
    )
    assert changed == {
        url("file", version.document_id),
        url("agendaitem", item.pk),
        url("meeting", meeting.pk),
        url("location", meeting.pk),
    }
    assert client.get(url("file", version.document_id)).json()["text"]


def test_a_file_embedded_in_a_meeting_leaves_its_text_to_the_file_itself(
    small_world, client
) -> None:
    meeting = small_world["public_meeting"]
    item = meeting.items.get(title="Rapport")
    version = item.documents.get().versions.get()
    documents.extract_into(version)
    version.refresh_from_db()
    assert version.text

    listed = client.get(url("meeting", meeting.pk)).json()
    (embedded,) = next(
        i["auxiliaryFile"] for i in listed["agendaItem"] if i["name"] == "Rapport"
    )
    assert embedded["id"] == url("file", version.document_id)
    assert "text" not in embedded
    assert embedded["accessUrl"]
    own = client.get(url("file", version.document_id)).json()
    assert own["text"] == version.text


def test_a_membership_that_ends_changes_its_person_and_organization(
    small_world, crawl
) -> None:
    membership = small_world["members"][0]

    def end() -> None:
        membership.end = membership.start + dt.timedelta(days=30)
        membership.save()

    assert _changed_later(small_world, crawl, end) == {
        url("membership", membership.pk),
        url("person", membership.person_id),
        url("organization", membership.body_id),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_each_list_honours_the_four_date_filters(small_world, client, kind) -> None:
    structure = small_world["structure"]
    everything = ids_in(client, list_url(structure, kind))
    assert everything
    moments = sorted(
        dt.datetime.fromisoformat(o["created"]) for o in everything.values()
    )
    middle = moments[len(moments) // 2]
    for name, keep in (
        ("created_since", lambda o: o >= middle),
        ("created_until", lambda o: o <= middle),
    ):
        listed = ids_in(client, list_url(structure, kind, since(middle, name)))
        assert set(listed) == {
            k
            for k, o in everything.items()
            if keep(dt.datetime.fromisoformat(o["created"]))
        }, name
    last = max(dt.datetime.fromisoformat(o["modified"]) for o in everything.values())
    assert set(
        ids_in(client, list_url(structure, kind, since(last, "modified_until")))
    ) == set(everything)
    after = last + dt.timedelta(microseconds=1)
    assert ids_in(client, list_url(structure, kind, since(after))) == {}


def test_a_timestamp_without_zone_is_read_in_the_local_zone(
    small_world, client
) -> None:
    structure = small_world["structure"]
    everything = ids_in(client, list_url(structure, "meeting"))
    assert (
        ids_in(
            client, list_url(structure, "meeting", "?created_since=2000-01-01T00:00:00")
        )
        == everything
    )
    assert (
        ids_in(
            client, list_url(structure, "meeting", "?created_until=2000-01-01T00:00")
        )
        == {}
    )


@pytest.mark.parametrize(
    "query", ["?modified_since=igår", "?created_until=2024-13-01T00:00", "?page=0"]
)
def test_an_unreadable_filter_is_refused_with_a_problem(
    small_world, client, query
) -> None:
    response = client.get(list_url(small_world["structure"], "meeting", query))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400
    assert response.json()["detail"]


def test_pages_follow_each_other_and_keep_the_filters(
    small_world, client, settings
) -> None:
    settings.OPARL_PAGE_SIZE = 2
    structure = small_world["structure"]
    meetings.remove_item(
        item=small_world["public_meeting"].items.get(title="Inledning"), actor=None
    )
    small_world["plan"]()  # two more public items
    query = "?created_since=2000-01-01T00:00:00%2B00:00"
    first = client.get(list_url(structure, "agendaitem", query)).json()
    assert first["pagination"] == {
        "totalElements": 4 + 1,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": 3,
    }
    assert "prev" not in first["links"]
    assert "created_since=2000-01-01T00%3A00%3A00%2B00%3A00" in first["links"]["next"]
    listed = ids_in(client, list_url(structure, "agendaitem", query))
    assert len(listed) == 5
    # Living objects first in a stable order, the tombstone last.
    assert [o["deleted"] for o in listed.values()] == [False] * 4 + [True]
    last = client.get(first["links"]["last"]).json()
    assert last["links"]["prev"].endswith("page=2") and "next" not in last["links"]


def test_the_terms_of_office_run_four_years_and_filter_too(small_world, client) -> None:
    structure = small_world["structure"]
    terms = ids_in(client, list_url(structure, "legislativeterm"))
    first = min(terms.values(), key=lambda t: t["startDate"])
    assert (first["startDate"], first["endDate"]) == ("2023-01-01", "2026-12-31")
    assert first["name"] == "Mandatperioden 2023–2026"
    created = dt.datetime.fromisoformat(first["created"])
    assert (
        ids_in(
            client,
            list_url(structure, "legislativeterm", since(created, "created_since")),
        )
        == terms
    )
    later = since(created + dt.timedelta(seconds=1), "created_since")
    assert ids_in(client, list_url(structure, "legislativeterm", later)) == {}
