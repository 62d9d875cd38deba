"""No search, suggestion or snippet shows anyone what they may not see.

Hypothesis creates matters, meetings (with agenda items, minutes and
follow-ups), deviations and agreements of random visibility, status, body
and parties, some with a document attached, all holding one shared word.
For every persona, what a search for that word finds must be exactly what
the object-level rules of `accounts.permissions` let the persona see: no
more (nothing leaks, not even in the count) and no less. Each text also holds
a secret of its own ("hemlis3m": the minutes of record 3); a snippet may show
only the secret of the thing it was found as, so the agenda never shows the
minutes' notes nor a document another record's text.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan.accounts.models import Visibility
from samverkan.accounts.permissions import (
    can_read_minutes,
    can_view_matter,
    can_view_meeting,
    takes_part_in,
    visible_deviations,
)
from samverkan.agreement.models import Agreement
from samverkan.deviations.models import Deviation
from samverkan.documents.models import Document, DocumentVersion
from samverkan.matters.models import Matter
from samverkan.meetings.models import AgendaItem, FollowUp, Meeting
from samverkan.search.services import search, suggest

ZONE = ZoneInfo("Europe/Stockholm")
WORD = "zebrafink"
SECRET = re.compile(r"hemlis\d+[a-z]")
PERSONAS = [
    "anonymous",
    "outsider",
    "analyst",
    "party_contact",
    "official",
    "member",
    "chair",
    "secretary",
    "administrator",
    "admin_user",
]

visibilities = st.sampled_from(Visibility.values)
bodies = st.sampled_from(["persona", "other"])
parties = st.sampled_from(["municipality", "region", "other_municipality"])
registrants = st.sampled_from([None, "outsider", "party_contact", "member"])

matters = st.fixed_dictionaries(
    {
        "kind": st.just("matter"),
        "visibility": visibilities,
        "body": bodies,
        "party": parties,
        "created_by": registrants,
        "document": st.booleans(),
    }
)
meetings = st.fixed_dictionaries(
    {
        "kind": st.just("meeting"),
        "visibility": visibilities,
        "body": bodies,
        "status": st.sampled_from(Meeting.Status.values),
        "document": st.booleans(),
    }
)
deviations = st.fixed_dictionaries(
    {
        "kind": st.just("deviation"),
        "reporting": parties,
        "concerned": parties,
        "body": st.sampled_from([None, "persona", "other"]),
        "reported_by": registrants,
        "document": st.booleans(),
    }
)
agreements = st.fixed_dictionaries(
    {"kind": st.just("agreement"), "structure": st.sampled_from(["own", "other"])}
)
records = st.lists(
    st.one_of(matters, meetings, deviations, agreements), min_size=1, max_size=5
)


@pytest.fixture
def world(
    request,  # noqa: ANN001
    structure,  # noqa: ANN001
    create_structure,  # noqa: ANN001
    persona_body,  # noqa: ANN001
    create_body,  # noqa: ANN001
    municipality,  # noqa: ANN001
    region,  # noqa: ANN001
    create_party,  # noqa: ANN001
) -> dict:
    users = {name: request.getfixturevalue(name) for name in PERSONAS}
    return {
        "users": users,
        "structure": structure,
        "other_structure": create_structure(),
        "persona": persona_body,
        "other": create_body(),
        "municipality": municipality,
        "region": region,
        "other_municipality": create_party("Lund"),
    }


def attach(record, n: int) -> Document:  # noqa: ANN001
    document = Document.objects.create(title=f"{WORD} dokument {n}")
    DocumentVersion.objects.create(
        document=document,
        number=1,
        file=f"documents/{n}.docx",
        filename=f"{n}.docx",
        kind="docx",
        size=1,
        sha256="0" * 64,
        text=f"Bilaga med {WORD} och hemlis{n}d",
        text_extracted=True,
    )
    record.documents.add(document)
    return document


def create(world: dict, spec: dict, n: int) -> list[tuple[str, object, str]]:
    """Create one record; return (title, rule, secret) for each thing found as."""
    users = world["users"]
    found = []
    if spec["kind"] == "matter":
        matter = Matter.objects.create(
            body=world[spec["body"]],
            year=2024,
            number=n,
            title=f"{WORD} ärende {n}",
            description=f"Text hemlis{n}t om {WORD}.",
            raised_by=world[spec["party"]],
            category=Matter.Category.OTHER,
            visibility=spec["visibility"],
            created_by=users[spec["created_by"]] if spec["created_by"] else None,
        )
        rule = ("matter", matter)
        found.append((f"{matter.registry_number} {matter.title}", rule, f"hemlis{n}t"))
        if spec["document"]:
            found.append((attach(matter, n).title, rule, f"hemlis{n}d"))
    elif spec["kind"] == "meeting":
        meeting = Meeting.objects.create(
            body=world[spec["body"]],
            starts_at=dt.datetime(2024, 1, 1, 9, tzinfo=ZONE) + dt.timedelta(days=n),
            status=spec["status"],
            visibility=spec["visibility"],
        )
        item = AgendaItem.objects.create(
            meeting=meeting,
            title=f"{WORD} punkt {n}",
            description=f"Dagordning hemlis{n}a",
            notes=f"Anteckning {WORD} hemlis{n}m",
        )
        follow_up = FollowUp.objects.create(
            origin_item=item,
            text=f"{WORD} återkoppling {n}",
            target_body=world[spec["body"]],
        )
        heading = f"{meeting.body.short_name} {meeting.date_label}"
        found += [
            (item.title, ("meeting", meeting), f"hemlis{n}a"),
            (f"{item.title} ({heading})", ("minutes", meeting), f"hemlis{n}m"),
            (follow_up.text, ("minutes", meeting), ""),
        ]
        if spec["document"]:
            found.append((attach(item, n).title, ("meeting", meeting), f"hemlis{n}d"))
    elif spec["kind"] == "deviation":
        deviation = Deviation.objects.create(
            structure=world["structure"],
            reporting_party=world[spec["reporting"]],
            reporting_unit="Enhet",
            concerned_party=world[spec["concerned"]],
            event_date=dt.date(2024, 3, 1),
            category=Deviation.Category.OTHER,
            description=f"{WORD} hemlis{n}v",
            consequence=Deviation.Consequence.NONE,
            answer_due=dt.date(2024, 4, 1),
            body=world[spec["body"]] if spec["body"] else None,
            reported_by=users[spec["reported_by"]] if spec["reported_by"] else None,
        )
        rule = ("deviation", deviation)
        found.append(
            (
                f"{deviation.reference}: {deviation.get_category_display()}",
                rule,
                f"hemlis{n}v",
            )
        )
        if spec["document"]:
            found.append((attach(deviation, n).title, rule, f"hemlis{n}d"))
    else:
        structure = world[
            "structure" if spec["structure"] == "own" else "other_structure"
        ]
        agreement = Agreement.objects.create(
            structure=structure,
            name=f"Avtal {n}",
            short_name=f"A{n}",
            slug=f"avtal-{n}",
            start=dt.date(2024, 1, 1),
        )
        found.append(
            (attach(agreement, n).title, ("agreement", agreement), f"hemlis{n}d")
        )
    return found


def may_see(user, rule) -> bool:  # noqa: ANN001
    kind, record = rule
    if kind == "matter":
        return can_view_matter(user, record)
    if kind == "meeting":
        return can_view_meeting(user, record)
    if kind == "minutes":
        return can_read_minutes(user, record)
    if kind == "deviation":
        return visible_deviations(user, Deviation.objects.filter(pk=record.pk)).exists()
    return takes_part_in(user, record.structure_id)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=records)
def test_no_one_finds_what_they_may_not_see(world, specs) -> None:  # noqa: ANN001
    with transaction.atomic():
        found = []
        for n, spec in enumerate(specs, start=1):
            found += create(world, spec, n)
        secrets = {title: secret for title, _rule, secret in found}
        for name, user in world["users"].items():
            allowed = sorted(title for title, rule, _ in found if may_see(user, rule))
            page = search(user, WORD, page_size=100)
            assert sorted(hit.title for hit in page.hits) == allowed, name
            assert page.total == len(allowed), name
            # A snippet carries the text of what was found, and nothing else.
            for hit in page.hits:
                assert WORD in hit.snippet_html or WORD in hit.title_html.lower()
                shown = set(SECRET.findall(hit.snippet_html + hit.title_html))
                assert shown <= {secrets[hit.title]}, (name, hit.title, shown)
            suggestions = suggest(user, WORD[:5])
            suggested = {s.title for s in suggestions}
            assert suggested <= set(allowed), name
            assert len(suggested) == min(len(allowed), 8), name
            for suggestion in suggestions:
                assert not SECRET.search(suggestion.title_html), name
        transaction.set_rollback(True)
