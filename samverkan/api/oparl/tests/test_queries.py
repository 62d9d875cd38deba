"""A list page costs the same number of queries with 5 records or 50."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from samverkan.meetings import services as meetings
from samverkan.meetings.models import Attendance, Meeting

from .conftest import API, list_url

ZONE = ZoneInfo("Europe/Stockholm")
# The most queries one list page of each type may take, whatever its length.
MOST = {
    "organization": 6,
    "person": 6,
    "membership": 5,
    "meeting": 11,
    "agendaitem": 9,
    "paper": 10,
    "consultation": 5,
    "file": 8,
    "location": 5,
    "legislativeterm": 2,
}


@pytest.fixture
def grow(small_world, create_membership, sample_files):  # noqa: ANN001
    """Add meetings with items, matters and documents, people and memberships."""
    body = small_world["body"]
    made = {"count": 0}

    def add(count: int) -> None:
        for _n in range(count - made["count"]):
            membership = create_membership(body, role="substitute")
            matter = small_world["raise_matter"]()
            meeting = meetings.create_meeting(
                body=body,
                starts_at=dt.datetime(2031, 1, 10, 9, 0, tzinfo=ZONE),
                place="Lund",
                actor=None,
            )
            item = meetings.add_item(
                meeting=meeting, title="Punkt", actor=None, matter=matter
            )
            meetings.attach_to_item(
                item=item, filename="b.pdf", content=sample_files["pdf"], actor=None
            )
            Attendance.objects.create(
                meeting=meeting, person=membership.person, role="substitute"
            )
            Meeting.objects.filter(pk=meeting.pk).update(status="published")
        made["count"] = count

    return add


def test_a_list_page_costs_the_same_with_5_or_50_records(
    small_world, grow, client, django_assert_max_num_queries
) -> None:
    sizes = {}
    for count in (5, 50):
        grow(count)
        for kind, most in MOST.items():
            with django_assert_max_num_queries(most):
                page = client.get(list_url(small_world["structure"], kind)).json()
            sizes.setdefault(kind, []).append(page["pagination"]["totalElements"])
    grown = {kind for kind, (small, large) in sizes.items() if large >= small + 45}
    assert grown == set(MOST) - {"organization", "legislativeterm"}


def test_one_object_costs_as_few_queries_as_a_page_of_them(
    small_world, grow, client, django_assert_max_num_queries
) -> None:
    grow(5)
    meeting = small_world["public_meeting"]
    with django_assert_max_num_queries(MOST["meeting"]):
        assert client.get(f"{API}meeting/{meeting.pk}/").json()["id"]
