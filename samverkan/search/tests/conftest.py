import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from samverkan.accounts.models import Visibility
from samverkan.deviations.models import Deviation
from samverkan.documents.services import create_document
from samverkan.matters.models import Matter
from samverkan.meetings.models import AgendaItem, FollowUp, Meeting, Statement
from samverkan.organisation.models import Membership, Person, Side

ZONE = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def create_matter(persona_body, municipality):  # noqa: ANN001, ANN201
    numbers = iter(range(1, 10_000))

    def make(**overrides: object) -> Matter:
        values = {
            "body": persona_body,
            "year": 2024,
            "number": next(numbers),
            "title": "Ett ärende",
            "description": "",
            "raised_by": municipality,
            "category": Matter.Category.OTHER,
            "visibility": Visibility.PUBLIC,
        }
        values.update(overrides)
        return Matter.objects.create(**values)

    return make


@pytest.fixture
def create_meeting(persona_body):  # noqa: ANN001, ANN201
    def make(**overrides: object) -> Meeting:
        values = {
            "body": persona_body,
            "starts_at": dt.datetime(2023, 12, 8, 9, 0, tzinfo=ZONE),
            "status": Meeting.Status.PUBLISHED,
            "visibility": Visibility.PUBLIC,
        }
        values.update(overrides)
        return Meeting.objects.create(**values)

    return make


@pytest.fixture
def create_deviation(structure, region, municipality):  # noqa: ANN001, ANN201
    def make(**overrides: object) -> Deviation:
        values = {
            "structure": structure,
            "reporting_party": municipality,
            "reporting_unit": "Hemsjukvården",
            "concerned_party": region,
            "concerned_unit": "Avdelning 12",
            "event_date": dt.date(2024, 3, 1),
            "category": Deviation.Category.INFORMATION,
            "description": "",
            "consequence": Deviation.Consequence.MINOR,
            "answer_due": dt.date(2024, 4, 1),
        }
        values.update(overrides)
        return Deviation.objects.create(**values)

    return make


@pytest.fixture
def corpus(  # noqa: ANN201
    persona_body,  # noqa: ANN001
    create_matter,  # noqa: ANN001
    create_meeting,  # noqa: ANN001
    create_deviation,  # noqa: ANN001
    create_membership,  # noqa: ANN001
    sample_files,  # noqa: ANN001
    django_capture_on_commit_callbacks,  # noqa: ANN001
):
    """A small corpus in Swedish with records of every kind and visibility."""
    persona_body.description = "Politisk samverkan om hälso- och sjukvård i Skåne."
    persona_body.save()
    plan = create_matter(
        title="Kommunikationsplan för e-hälsa",
        description="Kommunikationsplanen beskriver hur parterna informerar om "
        "Mina Planer.",
    )
    internal = create_matter(
        title="Läkemedelsgenomgångar i hemsjukvården",
        description="Läkemedelsgenomgångarna behöver en gemensam rutin.",
        visibility=Visibility.INTERNAL,
    )
    published = create_meeting()
    item = AgendaItem.objects.create(
        meeting=published,
        title="Uppföljning av hälso- och sjukvårdsavtalet",
        description="Avtalets indikatorer.",
        notes="Avtalet följs upp med indikatorer för varje delregion.",
        outcome=AgendaItem.Outcome.APPROVED_WITH_CHANGES,
        changes="Lägg till kommunikationsplan",
        matter=plan,
    )
    Statement.objects.create(
        item=item, kind=Statement.Kind.STATEMENT, text="Kommunerna vill se kostnaderna."
    )
    FollowUp.objects.create(
        origin_item=item,
        text="Återkoppling till CS i april 2024 om avtalsuppföljningen",
        target_body=persona_body,
        target_month=dt.date(2024, 4, 1),
    )
    planned = create_meeting(
        starts_at=dt.datetime(2024, 2, 9, 9, 0, tzinfo=ZONE),
        status=Meeting.Status.PLANNED,
        visibility=Visibility.INTERNAL,
    )
    planned_item = AgendaItem.objects.create(
        meeting=planned,
        title="Kompetensförsörjning i primärvården",
        description="Idéer om gemensamma café-träffar för sjuksköterskor.",
    )
    draft = create_meeting(
        starts_at=dt.datetime(2024, 2, 10, 9, 0, tzinfo=ZONE),
        status=Meeting.Status.MINUTES_DRAFT,
    )
    AgendaItem.objects.create(
        meeting=draft,
        title="Digitala vårdmöten",
        notes="Utkast: vårdmötena utvärderas under våren.",
    )
    deviation = create_deviation(
        description="Patienten skrevs ut utan information i Mina Planer.",
        improvement="Följ rutinen för utskrivning.",
    )
    create_membership(
        persona_body,
        person=Person.objects.create(first_name="Åsa", last_name="Öberg"),
        side=Side.MUNICIPALITIES,
        role=Membership.Role.MEMBER,
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = create_document(
            title="Rutin för samverkan",
            filename="rutin.docx",
            content=sample_files["docx"],
            actor=None,
        )
    plan.documents.add(document)
    return SimpleNamespace(
        plan=plan,
        internal=internal,
        published=published,
        item=item,
        planned=planned,
        planned_item=planned_item,
        draft=draft,
        deviation=deviation,
        document=document,
    )
