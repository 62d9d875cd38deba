import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils.module_loading import import_string
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from samverkan.matters import services as matters
from samverkan.meetings import services as meetings
from samverkan.meetings.models import Meeting
from samverkan.organisation.models import Body, Party, Structure

ZONE = ZoneInfo("Europe/Stockholm")
SCHEMAS = Path(__file__).parent / "schema"
API = "/oparl/v1/"


def _embedded_as_ref(node: object) -> object:
    """Turn OParl's own keyword `"schema": "X.json"` into a standard `$ref`.

    The OParl schema files mark embedded objects (a meeting's location, its
    agenda items ...) with that keyword, which stock validators ignore; as a
    `$ref` the embedded objects are validated against their own schema too.
    """
    if isinstance(node, list):
        return [_embedded_as_ref(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _embedded_as_ref(v) for k, v in node.items()}
    target = out.get("schema")
    if isinstance(target, str) and target.endswith(".json"):
        del out["schema"]
        out.setdefault("allOf", []).append({"$ref": target})
    return out


class OParlSchemas:
    """Validators for the twelve OParl 1.1 types, embedded objects included."""

    # A deleted object keeps these only (OParl 1.1, "Gelöschte Objekte").
    TOMBSTONE_REQUIRED = ["id", "type", "created", "modified", "deleted"]

    def __init__(self) -> None:
        schemas = {}
        for path in sorted(SCHEMAS.glob("*.json")):
            raw = json.loads(path.read_text(encoding="utf-8"))
            Draft7Validator.check_schema(raw)
            schemas[path.name] = _embedded_as_ref(raw)
        self.schemas = schemas
        self.registry = Registry().with_resources(
            (name, Resource(contents=s, specification=DRAFT7))
            for name, s in schemas.items()
        )

    def errors(self, obj: dict) -> list[str]:
        name = obj["type"].rsplit("/", 1)[-1]
        schema = self.schemas[f"{name}.json"]
        if obj.get("deleted") is True:
            schema = {**schema, "required": self.TOMBSTONE_REQUIRED}
        validator = Draft7Validator(
            schema, registry=self.registry, format_checker=FormatChecker()
        )
        return [
            f"{obj['id']} {list(e.absolute_path)}: {e.message}"
            for e in validator.iter_errors(obj)
        ]


@pytest.fixture(scope="session")
def oparl_schemas() -> OParlSchemas:
    return OParlSchemas()


@pytest.fixture
def demo_site(demo, today) -> Structure:  # noqa: ANN001
    """The demo data as `samverkan load-demo` loads it."""
    for path in settings.DEMO_LOADERS:
        import_string(path)(demo, today)
    return demo


@pytest.fixture
def cs(demo_site) -> Body:  # noqa: ANN001
    return Body.objects.get(structure=demo_site, slug="cs")


@pytest.fixture
def seed_meeting(cs) -> Meeting:  # noqa: ANN001
    return cs.meetings.get(starts_at__date=dt.date(2023, 12, 8))


@pytest.fixture
def world(demo_site, cs, seed_meeting, sample_files) -> dict:  # noqa: ANN001
    """The demo, with public and internal matters, meetings and documents."""
    region = Party.objects.get(structure=demo_site, kind=Party.Kind.REGION)
    # The seed meeting's minutes are locked; the planned next meeting takes more.
    upcoming = cs.meetings.get(status=Meeting.Status.PLANNED)
    item = upcoming.items.order_by("position").last()

    def matter(title: str, visibility: str) -> object:
        registered = matters.register_matter(
            body=cs,
            title=title,
            description="Text",
            raised_by=region,
            category="ehealth",
            actor=None,
            visibility=visibility,
            attachments=[(f"{visibility}.pdf", sample_files["pdf"])],
        )
        for status in ("in_preparation", "ready"):
            matters.transition_matter(matter=registered, to=status, actor=None)
        return registered

    public_matter = matter("Informationsöverföring vid utskrivning", "public")
    internal_matter = matter("Internt ärende", "internal")
    treated = meetings.add_item(
        meeting=upcoming, title="Utskrivning", actor=None, matter=public_matter
    )
    hidden = meetings.add_item(
        meeting=upcoming, title="Intern fråga", actor=None, matter=internal_matter
    )
    meetings.attach_to_item(
        item=item, filename="bilaga.pdf", content=sample_files["pdf"], actor=None
    )
    internal_meeting = meetings.create_meeting(
        body=cs,
        starts_at=dt.datetime(2024, 2, 9, 9, 0, tzinfo=ZONE),
        place="Regionhuset, Kristianstad",
        actor=None,
        visibility="internal",
    )
    secret_item = meetings.add_item(
        meeting=internal_meeting, title="Hemlig punkt", actor=None
    )
    meetings.attach_to_item(
        item=secret_item,
        filename="hemlig.pdf",
        content=sample_files["pdf"],
        actor=None,
    )
    return {
        "structure": demo_site,
        "cs": cs,
        "meeting": seed_meeting,
        "upcoming": upcoming,
        "public_matter": public_matter,
        "internal_matter": internal_matter,
        "treated_item": treated,
        "hidden_item": hidden,
        "internal_meeting": internal_meeting,
        "secret_item": secret_item,
    }


class Crawler:
    """Walk the API from its entry point: every list page, every object's URL."""

    def __init__(self, client, params: str = "") -> None:  # noqa: ANN001
        # With `params` (filters), only the lists of each body are filtered.
        self.client = client
        self.params = params
        self.objects: dict[str, dict] = {}  # id -> the object as a list gives it
        self.embedded: dict[str, dict] = {}
        self.references: set[str] = set()

    def get(self, url: str) -> dict:
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    def pages(self, url: str) -> Iterator[dict]:
        while url:
            page = self.get(url)
            yield from page["data"]
            url = page["links"].get("next")

    def run(self) -> "Crawler":
        system = self.get(API)
        if not self.params:
            self.objects[system["id"]] = system
        for body in self.pages(system["body"]):
            if not self.params:
                self.objects[body["id"]] = body
                self._walk(body)
            for prop in (
                "organization",
                "person",
                "meeting",
                "paper",
                "agendaItem",
                "consultation",
                "file",
                "locationList",
                "legislativeTermList",
                "membership",
            ):
                for obj in self.pages(body[prop] + self.params):
                    self.objects[obj["id"]] = obj
                    self._walk(obj)
        return self

    def _walk(self, obj: dict, top: bool = True) -> None:
        for key, value in obj.items():
            if key == "id":
                continue
            values = value if isinstance(value, list) else [value]
            for v in values:
                if isinstance(v, dict) and "id" in v:
                    self.embedded[v["id"]] = v
                    self._walk(v, top=False)
                elif isinstance(v, str) and "/oparl/v1/" in v and "?" not in v:
                    self.references.add(v)

    def every_object(self) -> dict[str, dict]:
        return {**self.embedded, **self.objects}


@pytest.fixture
def crawl(client) -> Callable[..., Crawler]:  # noqa: ANN001
    def run(params: str = "") -> Crawler:
        return Crawler(client, params).run()

    return run


@pytest.fixture
def small_world(structure, create_body, create_membership, region, sample_files):  # noqa: ANN001
    """A body with two members, a public and an internal meeting, matters, files."""
    body = create_body()
    members = [create_membership(body, side="region", party=region) for _ in range(2)]

    def plan(visibility: str = "public", place: str = "Malmö") -> Meeting:
        meeting = meetings.create_meeting(
            body=body,
            starts_at=dt.datetime(2030, 3, 1, 9, 0, tzinfo=ZONE),
            place=place,
            actor=None,
            visibility=visibility,
        )
        for title in ("Inledning", "Rapport"):
            item = meetings.add_item(meeting=meeting, title=title, actor=None)
        meetings.attach_to_item(
            item=item, filename="rapport.pdf", content=sample_files["pdf"], actor=None
        )
        return meeting

    def raise_matter(visibility: str = "public") -> object:
        matter = matters.register_matter(
            body=body,
            title=f"Ärende ({visibility})",
            description="Text",
            raised_by=region,
            category="other",
            actor=None,
            visibility=visibility,
            attachments=[("underlag.pdf", sample_files["pdf"])],
        )
        for status in ("in_preparation", "ready"):
            matters.transition_matter(matter=matter, to=status, actor=None)
        return matter

    public_meeting = plan()
    internal_meeting = plan("internal", place="Hemligt rum")
    public_matter = raise_matter()
    treated = meetings.add_item(
        meeting=public_meeting, title="Behandling", actor=None, matter=public_matter
    )
    return {
        "structure": structure,
        "body": body,
        "members": members,
        "public_meeting": public_meeting,
        "internal_meeting": internal_meeting,
        "public_matter": public_matter,
        "treated": treated,
        "plan": plan,
        "raise_matter": raise_matter,
    }


def list_url(structure: Structure, kind: str, query: str = "") -> str:
    return f"{API}body/{structure.pk}/{kind}/{query}"


def ids_in(client, url: str) -> dict[str, dict]:  # noqa: ANN001
    """Every object of a list, over all its pages, by id."""
    found = {}
    while url:
        page = client.get(url).json()
        found.update({obj["id"]: obj for obj in page["data"]})
        url = page["links"].get("next")
    return found
