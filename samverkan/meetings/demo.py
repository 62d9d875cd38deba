"""Demo: the CS meeting of 2023-12-08 as its minutes record it, in our own words."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from samverkan.accounts.models import User
from samverkan.organisation.models import Body, Party, Person, Side, Structure

from . import services
from .models import AgendaItem, Attendance, Meeting

DEMO_PASSWORD = "samverkan-demo"  # noqa: S105 (printed by `make run` on purpose)

REGION_PRESENT = [
    "Anna Mannfalk", "Anders Lundström", "Lisa Flinth", "Patrik Holmberg",
    "Mätta Ivarsson", "Marianne Eriksson", "Jacqueline Maly",
]  # fmt: skip
MUNICIPAL_PRESENT = [
    ("Anders Rubin", "Malmö"), ("Patric Åberg", "Östra Göinge"),
    ("Johan Andersson", "Eslöv"), ("Teddy Nilsson", "Svalöv"),
]  # fmt: skip
OFFICIALS = {
    Side.REGION: ["Johan Cosmo", "Jolanda Van Vliet"],
    Side.MUNICIPALITIES: ["Nina Mårtensson", "Sara Österberg"],
}

ITEMS = [
    {
        "title": "Välkommen",
        "kind": AgendaItem.Kind.STANDING,
        "presenters": [],
        "notes": "Ordföranden hälsar alla välkomna.",
    },
    {
        "title": "Rutiner för delregional samverkan",
        "kind": AgendaItem.Kind.DECISION,
        "presenters": ["Johan Cosmo", "Sara Österberg"],
        "description": "Rutinen för delregional samverkan i Skåne skickas ut med dagordningen.",
        "notes": "Rutinen för delregional samverkan i Skåne skickades ut med dagordningen. "
        "CS godkänner den med tre förändringar.",
        "outcome": AgendaItem.Outcome.APPROVED_WITH_CHANGES,
        "outcome_text": "Rutinen godkänns med nedanstående förändringar.",
        "changes": "Det ska tydligt framgå från när och hur länge rutinen gäller, förslagsvis från januari 2024.\n"
        "Region Skåne utser ordförande och kommunerna vice ordförande i varje delregion från och med januari 2024.\n"
        "DS byter ordförandeskap den 1 januari.",
    },
    {
        "title": "Uppdragsbeskrivning avtalsuppföljning HS-avtalet",
        "kind": AgendaItem.Kind.DECISION,
        "presenters": ["Sara Österberg", "Johan Cosmo"],
        "description": "Uppdragsbeskrivningen för uppföljningen av avtalet om ansvarsfördelning och "
        "utveckling avseende hälso- och sjukvården i Skåne skickas ut med dagordningen.",
        "notes": "Uppdragsbeskrivningen för uppföljningen av HS-avtalet skickades ut med "
        "dagordningen. Mer om vårdsamverkan: https://v%C3%A5rdsamverkansk%C3%A5ne.se/",
        "outcome": AgendaItem.Outcome.APPROVED,
        "outcome_text": "CS godkänner att arbetet fortsätter enligt uppdragsbeskrivningen.",
        "follow_ups": [("Återkoppling till CS i april 2024.", dt.date(2024, 4, 1))],
    },
    {
        "title": "Information om arbete med gemensam intern kommunikationsplan",
        "kind": AgendaItem.Kind.INFORMATION,
        "presenters": ["Johan Cosmo", "Sara Österberg"],
        "notes": "Organisationerna behöver en tydlig plan för den interna kommunikationen mellan "
        "och inom kommunerna och Region Skåne – alltså inte kommunikation till medborgarna. "
        "En kommunikatör från vardera Region Skåne och Skånes Kommuner får uppdraget.",
        "outcome": AgendaItem.Outcome.NOTED,
        "assignments": [
            (
                "Ta fram ett förslag till gemensam intern kommunikationsplan, som CS godkänner "
                "innan den sprids",
                ["Johan Cosmo", "Sara Österberg"],
                None,
            )
        ],
    },
    {
        "title": "Information och tankar kring Region Skånes mobila team",
        "kind": AgendaItem.Kind.DISCUSSION,
        "presenters": ["Johan Cosmo"],
        "notes": "Region Skåne vill erbjuda samma utbud i hela Skåne: tre team utgår från "
        "primärvården och enstaka team är knutna till sjukhusen, som då ansvarar för vården.\n\n"
        "Diskussion efter presentationen:\n\n"
        "- Samma sak kallas i dag olika saker, vilket skapar förvirring.\n"
        "- Bilderna visades för att kommunerna ska se vart Region Skåne är på väg.\n"
        "- Malmö har ett annat gränssnitt, organiseras i HS-avtalet och får listningsersättning.\n\n"
        "Läs mer om mobila team i närsjukvården: "
        "https://vardgivare.skane.se/kompetens-utveckling/projekt-och-utvecklingsarbete/mobila-team-narsjukvard--utokat-pilotprojekt/",
        "outcome": AgendaItem.Outcome.NOTED,
        "follow_ups": [
            (
                "Förslag till beslut för Malmö återkommer till CS i september 2024.",
                dt.date(2024, 9, 1),
            )
        ],
        "assignments": [
            (
                "Återkomma regelbundet under 2024 med planen för utvidgning av mobilt "
                "närsjukvårdsteam och basonkologi",
                ["Johan Cosmo"],
                dt.date(2024, 12, 31),
            )
        ],
    },
    {
        "title": "Information om samverkan mellan Skånegemensam digitalisering och SDV",
        "kind": AgendaItem.Kind.INFORMATION,
        "presenters": ["Johan Cosmo", "Sara Österberg"],
        "notes": "SDV presenterades på Central tjänstemannaberedning, som också diskuterade de "
        "glapp som kan uppstå i Skånegemensam digitalisering (SGD). Region Skåne har sett "
        "glapp och brister som kan uppstå i Mina Planer när journalsystemet byts.",
        "outcome": AgendaItem.Outcome.NOTED,
    },
    {
        "title": "Hantering av beslut eller ärenden i Vårdsamverkansstrukturen som påverkar båda parter",
        "kind": AgendaItem.Kind.DISCUSSION,
        "presenters": ["Johan Cosmo", "Sara Österberg"],
        "notes": "Central tjänstemannaberedning diskuterade hur beslut i Region Skåne som också "
        "påverkar alla kommuner ska hanteras. Framöver ska parterna arbeta mer med "
        "konsekvensanalyser och beslutsprocesser inom vårdsamverkan.\n\n"
        "Reflektioner från CS:\n\n"
        "- Det är viktigt att hålla sig till vårdsamverkansstrukturen.\n"
        "- Frågor och information ska anpassas till den nivå där de behandlas; CS håller en "
        "övergripande nivå.\n"
        "- Tids- och aktivitetsplanen ger strukturen.",
        "outcome": AgendaItem.Outcome.NOTED,
    },
]


def _person(name: str) -> Person:
    first, _space, last = name.partition(" ")
    return Person.objects.get(first_name=first, last_name=last)


def load(structure: Structure, today: dt.date) -> Meeting:
    """Create the 2023-12-08 meeting with attendance, minutes and approval, and a next meeting."""
    cs = Body.objects.get(structure=structure, slug="cs")
    region = Party.objects.get(structure=structure, kind=Party.Kind.REGION)
    zone = ZoneInfo(settings.TIME_ZONE)
    meeting = services.create_meeting(
        body=cs,
        starts_at=dt.datetime(2023, 12, 8, 9, 0, tzinfo=zone),
        ends_at=dt.datetime(2023, 12, 8, 12, 0, tzinfo=zone),
        place="Skånes Kommuner, Malmö",
        actor=None,
    )
    for spec in ITEMS:
        item = services.add_item(
            meeting=meeting,
            title=spec["title"],
            kind=spec["kind"],
            description=spec.get("description", ""),
            presenters=[_person(name) for name in spec["presenters"]],
            actor=None,
        )
        item.notes = spec["notes"]
        item.save(update_fields=["notes"])
    services.send_agenda(meeting=meeting, actor=None)
    _attendance(meeting, region)
    services.transition_meeting(meeting=meeting, to=Meeting.Status.HELD, actor=None)
    services.transition_meeting(
        meeting=meeting, to=Meeting.Status.MINUTES_DRAFT, actor=None
    )
    for spec, item in zip(ITEMS, meeting.items.order_by("position"), strict=True):
        if "outcome" in spec:
            services.record_outcome(
                item=item,
                outcome=spec["outcome"],
                outcome_text=spec.get("outcome_text", ""),
                changes=spec.get("changes", ""),
                actor=None,
            )
        for text, month in spec.get("follow_ups", []):
            services.add_follow_up(
                item=item, text=text, target_body=cs, target_month=month, actor=None
            )
        for title, owners, due in spec.get("assignments", []):
            services.add_assignment(
                item=item,
                title=title,
                owners=[_person(n) for n in owners],
                due=due,
                actor=None,
            )
    anna = _person("Anna Mannfalk")
    chair_user = User.objects.create_user(
        "ordforande",
        "anna.mannfalk@example.org",
        DEMO_PASSWORD,
        first_name="Anna",
        last_name="Mannfalk",
    )
    anna.user, anna.email = chair_user, chair_user.email
    anna.save()
    services.name_approvers(
        meeting=meeting, chair=anna, due=dt.date(2023, 12, 22), actor=None
    )
    services.sign_minutes(meeting=meeting, person=anna, user=chair_user)
    services.publish(meeting=meeting, actor=None)
    upcoming = services.create_meeting(
        body=cs,
        starts_at=dt.datetime.combine(
            today + dt.timedelta(days=30), dt.time(9, 0), tzinfo=zone
        ),
        place="Skånes Kommuner, Malmö",
        actor=None,
    )
    services.add_item(
        meeting=upcoming, title="Välkommen", kind=AgendaItem.Kind.STANDING, actor=None
    )
    meeting.refresh_from_db()
    return meeting


def _attendance(meeting: Meeting, region: Party) -> None:
    position = 0
    for name in REGION_PRESENT:
        role = (
            Attendance.Role.CHAIR if name == "Anna Mannfalk" else Attendance.Role.MEMBER
        )
        services.record_attendance(
            meeting=meeting,
            person=_person(name),
            role=role,
            side=Side.REGION,
            party=region,
            actor=None,
        )
    services.record_attendance(
        meeting=meeting,
        person=_person("Gunilla Wahlberg"),
        role=Attendance.Role.MEMBER,
        side=Side.REGION,
        party=region,
        status=Attendance.Status.APOLOGIES,
        actor=None,
    )
    for name, municipality in MUNICIPAL_PRESENT:
        role = (
            Attendance.Role.VICE_CHAIR
            if name == "Anders Rubin"
            else Attendance.Role.MEMBER
        )
        services.record_attendance(
            meeting=meeting,
            person=_person(name),
            role=role,
            side=Side.MUNICIPALITIES,
            party=Party.objects.get(
                structure=meeting.body.structure, name=municipality
            ),
            actor=None,
        )
    for side, names in OFFICIALS.items():
        for name in names:
            services.record_attendance(
                meeting=meeting,
                person=_person(name),
                role=Attendance.Role.OFFICIAL,
                side=side,
                actor=None,
            )
    services.record_attendance(
        meeting=meeting,
        person=_person("Jill Persson"),
        role=Attendance.Role.SECRETARY,
        actor=None,
    )
    for index, attendance in enumerate(meeting.attendance.order_by("pk")):
        position = index
        Attendance.objects.filter(pk=attendance.pk).update(position=position)
