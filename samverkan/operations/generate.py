"""Deterministic synthetic data at three scales: small, region and national.

The same seed gives the same rows, primary keys and files. Rows are written
with `bulk_create` in batches, parents before children, with the primary keys
chosen here, so nothing has to be read back; the sequences are moved past them
at the end. Bulk rows have no history (they were never edited).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, models

from samverkan.agreement.models import (
    Agreement,
    FocusArea,
    Goal,
    Indicator,
    Measurement,
)
from samverkan.deviations.models import Deviation, DeviationEvent
from samverkan.documents.models import Document, DocumentVersion
from samverkan.lib.bulk import BATCH, insert_rows, reset_sequences
from samverkan.lib.errors import DomainError
from samverkan.matters.models import Matter, MatterEvent, RegistryCounter
from samverkan.meetings.models import AgendaItem, Attendance, Meeting, Presenter
from samverkan.organisation.models import (
    Body,
    Membership,
    Party,
    Person,
    Side,
    Structure,
    SubRegion,
)
from samverkan.search import indexing

from . import synthetic as words

TZ = ZoneInfo("Europe/Stockholm")
# Ten full years ending here: fixed, so the data does not depend on the day it is made.
LAST_YEAR = 2025
MEETING_MONTHS = (2, 3, 4, 6, 9, 10, 11, 12)


@dataclass(frozen=True)
class Scale:
    structures: int  # how many of the 21 regions
    municipalities: int | None  # per structure; None: the region's real number
    years: int
    meetings_per_year: int
    items_per_meeting: int
    seats_per_side: int
    matters_per_body_year: int
    deviations: int
    documents: int


SCALES = {
    "small": Scale(1, 6, 2, 2, 4, 3, 3, 60, 24),
    "region": Scale(1, None, 10, 8, 15, 8, 20, 25_000, 10_000),
    "national": Scale(21, None, 10, 8, 15, 8, 20, 500_000, 200_000),
}


@contextlib.contextmanager
def fixed_timestamps() -> Iterator[None]:
    """Let the generator set `created`, `modified` and `at` itself (auto_now off)."""
    changed = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(
                field, "auto_now_add", False
            ):
                changed.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in changed:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def pdf_bytes(lines: list[str]) -> bytes:
    """Return a one-page PDF showing `lines` (Latin-1 text in Helvetica)."""
    text = " ".join(
        f"({line.replace(chr(92), '').replace('(', '[').replace(')', ']')}) Tj T*"
        for line in lines
    )
    stream = f"BT /F1 11 Tf 14 TL 56 780 Td {text} ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


class Writer:
    """Buffer rows per model and insert them in batches, parents first."""

    def __init__(self) -> None:
        self.buffers: dict[type[models.Model], list[models.Model]] = {}
        self.next_pk: dict[type[models.Model], int] = {}
        self.counts: dict[str, int] = {}

    def pk(self, model: type[models.Model]) -> int:
        value = self.next_pk.get(model, 1)
        self.next_pk[model] = value + 1
        return value

    def add(self, obj: models.Model) -> models.Model:
        model = type(obj)
        if obj.pk is None:
            obj.pk = self.pk(model)
        # Models are first seen parents before children: dicts keep that order.
        self.buffers.setdefault(model, []).append(obj)
        if len(self.buffers[model]) >= BATCH:
            self.flush()
        return obj

    def flush(self) -> None:
        for model, rows in self.buffers.items():
            if rows:
                insert_rows(model, rows)
                label = model._meta.label
                self.counts[label] = self.counts.get(label, 0) + len(rows)
                rows.clear()

    def reset_sequences(self) -> None:
        reset_sequences(self.next_pk)


Progress = Callable[[str, int], None]


def _quiet(phase: str, step: int) -> None:
    return None


class Generator:
    def __init__(
        self, *, scale: Scale, seed: int, media_root: Path, progress: Progress
    ) -> None:
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
        self.media_root = media_root
        self.progress = progress
        self.out = Writer()
        self.first_year = LAST_YEAR - scale.years + 1
        self.structures: list[dict] = []
        self.items: list[tuple[int, int | None]] = []  # (item pk, matter pk)

    # ---------------------------------------------------------------- helpers
    def when(self, day: dt.date, hour: int = 9) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)

    def person(self, structure_name: str) -> Person:
        first = self.rng.choice(words.FIRST_NAMES)
        last = self.rng.choice(words.LAST_NAMES)
        pk = self.out.pk(Person)
        stamp = self.when(dt.date(self.first_year, 1, 1))
        return self.out.add(
            Person(
                pk=pk,
                first_name=first,
                last_name=last,
                email=f"person{pk}@{_slug(structure_name)}.example.se",
                created=stamp,
                modified=stamp,
            )
        )

    def membership(self, body: Body, person: Person, role: str, **extra) -> None:
        start = extra.pop("start", dt.date(self.first_year, 1, 1))
        stamp = self.when(start)
        self.out.add(
            Membership(
                body_id=body.pk,
                person_id=person.pk,
                role=role,
                start=start,
                created=stamp,
                modified=stamp,
                **extra,
            )
        )

    # ------------------------------------------------------------ organisation
    def organisation(self) -> None:
        regions = words.REGIONS[: self.scale.structures]
        start = self.when(dt.date(self.first_year, 1, 1))
        for position, (name, real_count, county) in enumerate(regions):
            count = self.scale.municipalities or real_count
            structure = self.out.add(
                Structure(
                    name=f"Vårdsamverkan {name}",
                    short_name=f"VS {name}",
                    slug=_slug(f"vardsamverkan-{name}"),
                    description=f"Samverkan mellan Region {name} och kommunerna.",
                    created=start,
                    modified=start,
                )
            )
            n_sub = max(1, min(5, round(count / 7)))
            subregions = [
                self.out.add(
                    SubRegion(
                        structure_id=structure.pk,
                        name=f"{words.SUBREGION_NAMES[i]} {name}",
                        position=i,
                        created=start,
                        modified=start,
                    )
                )
                for i in range(n_sub)
            ]
            region = self.out.add(
                Party(
                    structure_id=structure.pk,
                    name=f"Region {name}",
                    kind=Party.Kind.REGION,
                    created=start,
                    modified=start,
                )
            )
            association = self.out.add(
                Party(
                    structure_id=structure.pk,
                    name=f"Kommunerna i {name}",
                    kind=Party.Kind.ASSOCIATION,
                    created=start,
                    modified=start,
                )
            )
            municipalities = []
            for i, town in enumerate(self.town_names(count)):
                municipalities.append(
                    self.out.add(
                        Party(
                            structure_id=structure.pk,
                            name=f"{town} kommun",
                            kind=Party.Kind.MUNICIPALITY,
                            code=f"{county:02d}{i + 1:02d}",
                            subregion_id=subregions[i % n_sub].pk,
                            created=start,
                            modified=start,
                        )
                    )
                )
            bodies = self.bodies(structure, name, subregions, region, municipalities)
            self.structures.append(
                {
                    "structure": structure,
                    "subregions": subregions,
                    "region": region,
                    "association": association,
                    "municipalities": municipalities,
                    "bodies": bodies,
                    "position": position,
                }
            )
        self.out.flush()
        self.progress("organisation", len(regions))

    def town_names(self, count: int) -> list[str]:
        names: list[str] = []
        while len(names) < count:
            name = self.rng.choice(words.PLACE_STEMS) + self.rng.choice(
                words.PLACE_ENDINGS
            )
            if name not in names:
                names.append(name)
        return names

    def bodies(
        self,
        structure: Structure,
        name: str,
        subregions: list[SubRegion],
        region: Party,
        municipalities: list[Party],
    ) -> list[dict]:
        stamp = self.when(dt.date(self.first_year, 1, 1))
        seats = self.scale.seats_per_side
        common = {"structure_id": structure.pk, "created": stamp, "modified": stamp}
        central = Body(
            name=f"Centralt samverkansorgan {name}",
            short_name="CS",
            slug="cs",
            level=Body.Level.CENTRAL,
            kind=Body.Kind.POLITICAL,
            seats_region=seats,
            seats_municipalities=seats,
            chair_rule=Body.ChairRule.ALTERNATING,
            chair_reference_year=self.first_year,
            chair_reference_side=Side.REGION,
            mandate="Följa upp hälso- och sjukvårdsavtalet och rekommendera parterna.",
            position=0,
            **common,
        )
        self.out.add(central)
        officials = self.out.add(
            Body(
                name=f"Central tjänstemannaberedning {name}",
                short_name="CTB",
                slug="ctb",
                level=Body.Level.CENTRAL,
                kind=Body.Kind.OFFICIALS,
                prepares_for_id=central.pk,
                parent_id=central.pk,
                position=1,
                **common,
            )
        )
        result = [{"body": central, "political": True, "subregion": None}]
        result.append({"body": officials, "political": False, "subregion": None})
        for i, subregion in enumerate(subregions):
            body = self.out.add(
                Body(
                    name=f"Delregional samverkan {subregion.name}",
                    short_name=f"DS {i + 1}",
                    slug=f"ds-{i + 1}",
                    level=Body.Level.SUBREGIONAL,
                    kind=Body.Kind.POLITICAL,
                    parent_id=central.pk,
                    subregion_id=subregion.pk,
                    seats_region=seats,
                    seats_municipalities=seats,
                    chair_rule=Body.ChairRule.REGION,
                    position=2 + i,
                    **common,
                )
            )
            result.append({"body": body, "political": True, "subregion": subregion})
        for entry in result:
            entry["people"] = self.members(entry, name, region, municipalities)
        return result

    def members(
        self, entry: dict, name: str, region: Party, municipalities: list[Party]
    ) -> list[tuple[Person, str, str, int | None]]:
        """Write the body's memberships; return (person, role, side, party) to attend."""
        body: Body = entry["body"]
        people: list[tuple[Person, str, str, int | None]] = []
        if not entry["political"]:
            for position in range(6):
                person = self.person(name)
                side = Side.REGION if position % 2 == 0 else Side.MUNICIPALITIES
                self.membership(body, person, "official", side=side, position=position)
                people.append((person, "official", side, None))
            return people
        local = [
            m
            for m in municipalities
            if entry["subregion"] is None or m.subregion_id == entry["subregion"].pk
        ] or municipalities
        for side in (Side.REGION, Side.MUNICIPALITIES):
            leader = self.person(name)
            party = region.pk if side == Side.REGION else local[0].pk
            if body.chair_rule == Body.ChairRule.ALTERNATING:
                # One chair year at a time, the side following the rule.
                for year in range(self.first_year, LAST_YEAR + 1):
                    chair_side = body.chair_side_for(year)
                    role = "chair" if chair_side == side else "vice_chair"
                    self.membership(
                        body,
                        leader,
                        role,
                        side=side,
                        party_id=party,
                        start=dt.date(year, 1, 1),
                        end=dt.date(year, 12, 31),
                    )
            else:
                role = (
                    "chair"
                    if body.chair_side_for(self.first_year) == side
                    else "vice_chair"
                )
                self.membership(body, leader, role, side=side, party_id=party)
            # Chair or vice chair, depending on the year of the meeting.
            people.append((leader, "leader", side, party))
            for position in range(1, self.scale.seats_per_side):
                person = self.person(name)
                if side == Side.REGION:
                    party = region.pk
                else:
                    party = local[position % len(local)].pk
                self.membership(
                    body, person, "member", side=side, party_id=party, position=position
                )
                people.append((person, "member", side, party))
        secretary = self.person(name)
        self.membership(body, secretary, "secretary")
        people.append((secretary, "secretary", "", None))
        return people

    # ---------------------------------------------------------------- matters
    def matters(self) -> None:
        for entry in self.structures:
            parties = [entry["region"], *entry["municipalities"]]
            for body_entry in entry["bodies"]:
                body_entry["matters"] = {}
                if not body_entry["political"]:
                    continue
                body = body_entry["body"]
                preparing = (
                    entry["bodies"][1]["body"].pk if body.short_name == "CS" else None
                )
                for year in range(self.first_year, LAST_YEAR + 1):
                    numbers = []
                    for number in range(1, self.scale.matters_per_body_year + 1):
                        day = dt.date(year, 1, 1) + dt.timedelta(
                            days=(number * 360)
                            // (self.scale.matters_per_body_year + 1)
                        )
                        stamp = self.when(day, 10)
                        status = self.rng.choice(
                            ["closed", "closed", "treated", "following_up", "closed"]
                        )
                        matter = self.out.add(
                            Matter(
                                body_id=body.pk,
                                year=year,
                                number=number,
                                title=self.rng.choice(words.MATTER_TITLES),
                                description="Ärendet gäller samverkan mellan parterna.",
                                raised_by_id=self.rng.choice(parties).pk,
                                category=self.rng.choice(words.MATTER_CATEGORIES),
                                visibility=self.rng.choice(["public", "internal"]),
                                status=status,
                                preparing_body_id=preparing,
                                outcome="Behandlat i organet.",
                                created=stamp,
                                modified=stamp,
                            )
                        )
                        self.out.add(
                            MatterEvent(
                                matter_id=matter.pk, to_status="received", at=stamp
                            )
                        )
                        self.out.add(
                            MatterEvent(
                                matter_id=matter.pk,
                                from_status="received",
                                to_status=status,
                                at=stamp + dt.timedelta(days=60),
                            )
                        )
                        numbers.append(matter.pk)
                    body_entry["matters"][year] = numbers
                    # The counter knows the numbers given, so the next one follows.
                    self.out.add(
                        RegistryCounter(
                            body_id=body.pk,
                            year=year,
                            last=self.scale.matters_per_body_year,
                        )
                    )
        self.out.flush()
        self.progress("matters", 1)

    # --------------------------------------------------------------- meetings
    def meetings(self) -> None:
        months = MEETING_MONTHS[: self.scale.meetings_per_year]
        for entry in self.structures:
            for body_entry in entry["bodies"]:
                body = body_entry["body"]
                people = body_entry["people"]
                visibility = "public" if body_entry["political"] else "body"
                for year in range(self.first_year, LAST_YEAR + 1):
                    matters = list(body_entry["matters"].get(year, []))
                    for month in months:
                        day = dt.date(year, month, self.rng.randint(3, 25))
                        starts = self.when(day)
                        approved = starts + dt.timedelta(days=10)
                        meeting = self.out.add(
                            Meeting(
                                body_id=body.pk,
                                starts_at=starts,
                                ends_at=starts + dt.timedelta(hours=3),
                                place="Regionhuset, sammanträdesrum A",
                                status="published",
                                visibility=visibility,
                                agenda_sent_at=starts - dt.timedelta(days=7),
                                approval_due=(approved + dt.timedelta(days=4)).date(),
                                approved_at=approved,
                                content_hash=hashlib.sha256(
                                    f"{self.seed}:{body.pk}:{day}".encode()
                                ).hexdigest(),
                                chair_id=_chair(people, body.chair_side_for(year)),
                                quorum_note="Organet är beslutsfört.",
                                created=starts - dt.timedelta(days=30),
                                modified=approved,
                            )
                        )
                        # The year's last meeting has a double agenda.
                        items = self.scale.items_per_meeting * (2 if month == 12 else 1)
                        self.agenda(meeting, people, matters, starts, items)
                        self.attendance(meeting, people, body.chair_side_for(year))
            self.progress("meetings", 1)
        self.out.flush()

    def agenda(
        self,
        meeting: Meeting,
        people: list,
        matters: list[int],
        starts: dt.datetime,
        count: int,
    ) -> None:
        for position in range(count):
            title = words.ITEM_TITLES[position % len(words.ITEM_TITLES)]
            matter = matters.pop(0) if matters and 1 < position < count - 1 else None
            outcome, outcome_text = self.rng.choice(words.OUTCOMES)
            notes = " ".join(self.rng.sample(words.NOTES, 2))
            item = self.out.add(
                AgendaItem(
                    meeting_id=meeting.pk,
                    position=position,
                    title=title,
                    kind="decision" if matter else self.rng.choice(words.ITEM_KINDS),
                    description=f"Underlag till punkten {title.lower()}.",
                    matter_id=matter,
                    notes=notes,
                    notes_version=1,
                    outcome=outcome,
                    outcome_text=outcome_text,
                    changes="Tidsplanen förlängs." if "changes" in outcome else "",
                    created=starts - dt.timedelta(days=20),
                    modified=starts + dt.timedelta(days=10),
                )
            )
            self.items.append((item.pk, matter))
            presenter = people[position % len(people)][0]
            self.out.add(Presenter(item_id=item.pk, person_id=presenter.pk))

    def attendance(
        self, meeting: Meeting, people: list, chair_side: str | None
    ) -> None:
        for position, (person, role, side, party) in enumerate(people):
            if role == "leader":
                role = "chair" if side == chair_side else "vice_chair"
            status = "apologies" if self.rng.random() < 0.15 else "present"
            self.out.add(
                Attendance(
                    meeting_id=meeting.pk,
                    person_id=person.pk,
                    role=role,
                    side=side,
                    party_id=party,
                    status=status,
                    position=position,
                )
            )

    # ------------------------------------------------------------- deviations
    def deviations(self) -> None:
        per = self.scale.deviations // len(self.structures)
        extra = self.scale.deviations - per * len(self.structures)
        span = (dt.date(LAST_YEAR, 12, 31) - dt.date(self.first_year, 1, 1)).days
        step = max(1, self.scale.deviations // 100)
        done = 0
        for index, entry in enumerate(self.structures):
            region = entry["region"]
            municipalities = entry["municipalities"]
            structure = entry["structure"]
            for _ in range(per + (extra if index == 0 else 0)):
                municipality = self.rng.choice(municipalities)
                if self.rng.random() < 0.5:
                    reporting, concerned = municipality, region
                    units = (words.MUNICIPAL_UNITS, words.REGION_UNITS)
                else:
                    reporting, concerned = region, municipality
                    units = (words.REGION_UNITS, words.MUNICIPAL_UNITS)
                event = dt.date(self.first_year, 1, 1) + dt.timedelta(
                    days=self.rng.randrange(span)
                )
                created = self.when(event + dt.timedelta(days=self.rng.randint(0, 6)))
                due = created.date() + dt.timedelta(days=28)
                roll = self.rng.random()
                status = (
                    "closed" if roll < 0.7 else "answered" if roll < 0.9 else "sent"
                )
                answered = (
                    created + dt.timedelta(days=self.rng.randint(2, 40))
                    if status != "sent"
                    else None
                )
                description = (
                    f"{self.rng.choice(words.DEVIATION_SUBJECTS)} "
                    f"{self.rng.choice(words.DEVIATION_EVENTS)}. "
                    f"{self.rng.choice(words.DEVIATION_AFTER)}"
                )
                deviation = self.out.add(
                    Deviation(
                        structure_id=structure.pk,
                        reporting_party_id=reporting.pk,
                        reporting_unit=self.rng.choice(units[0]),
                        concerned_party_id=concerned.pk,
                        concerned_unit=self.rng.choice(units[1]),
                        event_date=event,
                        category=self.rng.choice(words.DEVIATION_CATEGORIES),
                        description=description,
                        consequence=self.rng.choice(["none", "minor", "serious"]),
                        improvement=self.rng.choice(words.IMPROVEMENTS),
                        status=status,
                        answer=self.rng.choice(words.ANSWERS) if answered else "",
                        answered_at=answered,
                        answer_due=due,
                        closed_at=answered + dt.timedelta(days=3)
                        if status == "closed"
                        else None,
                        created=created,
                        modified=answered or created,
                    )
                )
                self.out.add(
                    DeviationEvent(
                        deviation_id=deviation.pk,
                        to_status="sent",
                        level="local",
                        at=created,
                    )
                )
                if answered:
                    self.out.add(
                        DeviationEvent(
                            deviation_id=deviation.pk,
                            to_status=status,
                            level="local",
                            at=answered,
                        )
                    )
                done += 1
                if done % step == 0:
                    self.progress("deviations", 1)
        self.out.flush()

    # -------------------------------------------------------------- documents
    def documents(self) -> None:
        through_items = AgendaItem.documents.through
        through_matters = Matter.documents.through
        count = self.scale.documents
        step = max(1, count // 100)
        for number in range(count):
            item, matter = self.items[(number * 7919) % len(self.items)]
            title = f"{self.rng.choice(words.DOCUMENT_TITLES)} {number + 1}"
            lines = [
                title,
                "Underlag till samverkansorganet.",
                " ".join(self.rng.sample(words.NOTES, 3)),
            ]
            content = pdf_bytes(lines)
            digest = hashlib.sha256(f"{self.seed}:document:{number}".encode())
            name = f"documents/{digest.hexdigest()[:2]}/{digest.hexdigest()[:32]}.pdf"
            path = self.media_root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            stamp = self.when(dt.date(self.first_year, 1, 1)) + dt.timedelta(
                hours=number % 80000
            )
            document = self.out.add(
                Document(title=title, created=stamp, modified=stamp)
            )
            self.out.add(
                DocumentVersion(
                    document_id=document.pk,
                    number=1,
                    file=name,
                    filename=f"{_slug(title)}.pdf",
                    kind="pdf",
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    text="\n".join(lines),
                    text_extracted=True,
                    uploaded=stamp,
                )
            )
            self.out.add(through_items(agendaitem_id=item, document_id=document.pk))
            if matter:
                self.out.add(through_matters(matter_id=matter, document_id=document.pk))
            if (number + 1) % step == 0:
                self.progress("documents", 1)
        self.out.flush()

    # ------------------------------------------------------------- indicators
    def indicators(self) -> None:
        for entry in self.structures:
            structure = entry["structure"]
            stamp = self.when(dt.date(self.first_year, 1, 1))
            agreement = self.out.add(
                Agreement(
                    structure_id=structure.pk,
                    name="Hälso- och sjukvårdsavtalet",
                    short_name="HS-avtalet",
                    slug="hs-avtalet",
                    start=dt.date(self.first_year, 1, 1),
                    created=stamp,
                    modified=stamp,
                )
            )
            area = self.out.add(
                FocusArea(agreement_id=agreement.pk, kind="follow_up", position=0)
            )
            goal = self.out.add(
                Goal(
                    agreement_id=agreement.pk,
                    focus_area_id=area.pk,
                    title="Trygga övergångar mellan vårdgivarna",
                    created=stamp,
                    modified=stamp,
                )
            )
            for code, name, unit, direction, target in words.INDICATORS:
                indicator = self.out.add(
                    Indicator(
                        goal_id=goal.pk,
                        code=code,
                        name=name,
                        definition=f"{name}, per kommun och år.",
                        unit=unit,
                        direction=direction,
                        target=Decimal(target),
                        source="Syntetiska data",
                        created=stamp,
                        modified=stamp,
                    )
                )
                for year in range(self.first_year, LAST_YEAR + 1):
                    for party in entry["municipalities"]:
                        value = target * self.rng.uniform(0.6, 1.3)
                        self.out.add(
                            Measurement(
                                indicator_id=indicator.pk,
                                period=str(year),
                                period_start=dt.date(year, 1, 1),
                                party_id=party.pk,
                                value=Decimal(f"{value:.2f}"),
                                source="Syntetiska data",
                                recorded=self.when(dt.date(year + 1, 2, 1)),
                            )
                        )
        self.out.flush()
        self.progress("indicators", 1)

    def run(self) -> dict[str, int]:
        with fixed_timestamps():
            self.organisation()
            self.matters()
            self.meetings()
            self.deviations()
            self.documents()
            self.indicators()
        self.out.reset_sequences()
        # Bulk rows send no signals: the index is built from them in one pass.
        self.out.counts["search.SearchEntry"] = indexing.rebuild(
            lambda label: self.progress("search index", 1)
        )
        refresh_statistics()
        return dict(sorted(self.out.counts.items()))


def refresh_statistics() -> None:
    """Fresh planner statistics after a bulk load, which would think the tables empty.

    On PostgreSQL, outside a transaction, VACUUM also marks the new pages
    all-visible: index-only scans work at once and the first readers do not
    have to set the rows' hint bits.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def _chair(people: list, chair_side: str | None) -> int | None:
    for person, role, side, _party in people:
        if role == "leader" and side == chair_side:
            return person.pk
    return None


def _slug(text: str) -> str:
    table = str.maketrans("åäöÅÄÖé ", "aaoAAOe-")
    return "".join(c for c in text.translate(table).lower() if c.isalnum() or c == "-")


def expected_steps(scale: Scale) -> int:
    """Return the number of steps `generate` reports to `progress` for `scale`."""
    deviations = scale.deviations // max(1, scale.deviations // 100)
    documents = scale.documents // max(1, scale.documents // 100)
    return 2 * scale.structures + 2 + deviations + documents + len(indexing.REBUILT)


def generate(
    *, scale: str, seed: int, media_root: Path, progress: Progress = _quiet
) -> dict[str, int]:
    """Fill an empty database with synthetic data; return the rows written per model."""
    if Structure.objects.exists():
        raise DomainError(
            "Databasen innehåller redan en samverkansstruktur: syntetiska data "
            "skapas bara i en tom databas."
        )
    return Generator(
        scale=SCALES[scale], seed=seed, media_root=media_root, progress=progress
    ).run()
