"""Demo data: Vårdsamverkan Skåne with CS as its public page shows it.

The CS composition, mandate and officials come from the body's public page
and minutes; the sub-regional chairs are fictional and labelled so.
Chair years are anchored on `today`: the region holds the CS chair in the
current year, and the earlier years alternate as the rule says.
"""

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from samverkan.accounts.models import User

from . import services
from .models import Body, Membership, Party, Person, Side, Structure, SubRegion

DEMO_PASSWORD = "samverkan-demo"  # noqa: S105 (printed by `make run` on purpose)
HISTORY_START = dt.date(2023, 1, 1)

# The 33 municipalities of Skåne with SCB codes, by sub-region (demo grouping).
SUBREGIONS = {
    "Nordväst": [
        ("Bjuv", "1260"), ("Båstad", "1278"), ("Helsingborg", "1283"),
        ("Höganäs", "1284"), ("Klippan", "1276"), ("Landskrona", "1282"),
        ("Perstorp", "1275"), ("Svalöv", "1214"), ("Åstorp", "1277"),
        ("Ängelholm", "1292"), ("Örkelljunga", "1257"),
    ],
    "Nordost": [
        ("Bromölla", "1272"), ("Hässleholm", "1293"), ("Kristianstad", "1290"),
        ("Osby", "1273"), ("Östra Göinge", "1256"),
    ],
    "Mellersta": [
        ("Eslöv", "1285"), ("Höör", "1267"), ("Hörby", "1266"), ("Kävlinge", "1261"),
        ("Lomma", "1262"), ("Lund", "1281"), ("Staffanstorp", "1230"),
    ],
    "Sydväst": [
        ("Burlöv", "1231"), ("Malmö", "1280"), ("Svedala", "1263"),
        ("Trelleborg", "1287"), ("Vellinge", "1233"),
    ],
    "Sydost": [
        ("Simrishamn", "1291"), ("Sjöbo", "1265"), ("Skurup", "1264"),
        ("Tomelilla", "1270"), ("Ystad", "1286"),
    ],
}  # fmt: skip

CS_DESCRIPTION = (
    "Det Centrala Samverkansorganet (CS), är ett politiskt sammansatt samverkansorgan "
    "med representanter från Region Skåne och från de skånska kommunerna. "
    "CS är inte ett beslutande organ."
)
CS_MANDATE = """CS uppdrag är på Skåneövergripande nivå att samverka kring:

- partsgemensam utveckling avseende hälso- och sjukvård i Skåne
- avvikelser avseende samverkansfrågor mellan parterna
- nationella frågor som berör båda parter
- informationsutbyte mellan parterna
- gemensam strategi för utveckling inom informationsöverföring och \
E-hälsotjänster
- gemensam strategi för kompetensförsörjning/kompetensutveckling
"""
CS_RESPONSIBILITIES = """## Ansvar angående ”Avtal om ansvarsfördelning och utveckling \
avseende hälso- och sjukvården i Skåne”

CS ska följa och genom olika initiativ stödja implementeringen av avtalet i syfte att \
skapa förutsättningar för att uppsatta mål i avtalet uppnås med särskilt fokus på:

- implementering
- förvaltning
- utveckling
- säkerställa att uppföljning och utvärdering sker i enlighet med avtalet, inklusive \
de ekonomiska konsekvenserna

Dessutom ska CS:

- hantera avvikelser och tvister
- rekommendera lösningar

Var och en av parterna (Region Skåne och enskilda kommuner) har rätt att lyfta frågor \
som rör hälso- och sjukvårdsavtalet och övriga samverkansfrågor och eventuellt \
behov av \
åtgärder till CS för behandling. Beredning av ärenden sker genom en gemensam \
tjänstemannagrupp med representanter från Region Skåne, Skånes Kommuner och de \
skånska kommunerna.

## E-hälsa

Ansvaret för framtagande av gemensamma strategiska beslutsförslag om e-hälsa och \
övergripande samverkan på detta område åvilar Centralt Samverkansorgan. Utvecklingen \
på e-hälsoområdet är en viktig del i samtliga de gemensamma utvecklingsområden som \
omfattas av avtalet.

## Kompetensutveckling

En för parterna gemensam strategi för kompetensförsörjning och kompetensutveckling i \
hemsjukvården är ytterligare en förutsättning för avtalet och för att den gemensamma \
avsiktsförklaringen ska kunna uppnås. Ansvaret för framtagande av gemensamma \
strategiska beslutsförslag för kompetensutveckling åvilar Centralt Samverkansorgan. \
Kompetensförsörjning och kompetensutveckling är även en central del i de \
utvecklingsområden som omfattas av avtalet.
"""

CS_REGION_MEMBERS = [
    "Anna Mannfalk", "Marianne Eriksson", "Anders Lundström", "Lisa Flinth",
    "Jacqueline Maly", "Patrik Holmberg", "Gunilla Wahlberg", "Mätta Ivarsson",
]  # fmt: skip
CS_MUNICIPAL_MEMBERS = [
    ("Anders Rubin", "Malmö"), ("Patric Åberg", "Östra Göinge"),
    ("Johan Andersson", "Eslöv"), ("Teddy Nilsson", "Svalöv"),
]  # fmt: skip
OFFICIALS = {
    Side.REGION: ["Johan Cosmo", "Jolanda Van Vliet"],
    Side.MUNICIPALITIES: ["Nina Mårtensson", "Sara Österberg"],
}
# Fictional sub-regional chairs (region) and vice chairs (municipality).
DS_LEADERS = {
    "Nordväst": ("Karin Demo-Bergström", "Per Demo-Holm", "Helsingborg"),
    "Nordost": ("Eva Demo-Lindqvist", "Lars Demo-Nyberg", "Kristianstad"),
    "Mellersta": ("Sofia Demo-Ek", "Mats Demo-Sandberg", "Lund"),
    "Sydväst": ("Helena Demo-Wik", "Jonas Demo-Falk", "Trelleborg"),
    "Sydost": ("Maria Demo-Strand", "Erik Demo-Borg", "Ystad"),
}


def _person(name: str) -> Person:
    first, _space, last = name.partition(" ")
    person, _created = Person.objects.get_or_create(first_name=first, last_name=last)
    return person


def _slug(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", " ": "-"})
    return text.lower().translate(table)


@transaction.atomic
def load(today: dt.date) -> Structure:
    """Create the demo structure as it stands on `today`; return it."""
    structure = Structure.objects.create(
        name="Vårdsamverkan Skåne",
        short_name="Vårdsamverkan",
        slug="vardsamverkan-skane",
        description=(
            "Samverkan mellan Region Skåne och de 33 skånska kommunerna om hälso- och "
            "sjukvård, på central, delregional och lokal nivå. (Demodata.)"
        ),
    )
    region = Party.objects.create(
        structure=structure, name="Region Skåne", kind="region"
    )
    association = Party.objects.create(
        structure=structure, name="Skånes Kommuner", kind=Party.Kind.ASSOCIATION
    )
    municipalities = {}
    subregions = {}
    for position, (subregion_name, members) in enumerate(SUBREGIONS.items()):
        subregion = SubRegion.objects.create(
            structure=structure, name=subregion_name, position=position
        )
        subregions[subregion_name] = subregion
        for name, code in members:
            municipalities[name] = Party.objects.create(
                structure=structure,
                name=name,
                kind=Party.Kind.MUNICIPALITY,
                code=code,
                subregion=subregion,
            )

    cs = Body.objects.create(
        structure=structure,
        name="Centralt Samverkansorgan",
        short_name="CS",
        slug="cs",
        level=Body.Level.CENTRAL,
        kind=Body.Kind.POLITICAL,
        description=CS_DESCRIPTION,
        mandate=CS_MANDATE,
        responsibilities=CS_RESPONSIBILITIES,
        is_decision_making=False,
        seats_region=8,
        seats_municipalities=8,
        municipalities_appointed_by="Skånes Kommuners styrelse",
        chair_rule=Body.ChairRule.ALTERNATING,
        chair_reference_year=today.year,
        chair_reference_side=Side.REGION,
        page_owner=_person("Emelie Sundén"),
        position=0,
    )
    ctb = Body.objects.create(
        structure=structure,
        name="Central tjänstemannaberedning",
        short_name="CTB",
        slug="ctb",
        level=Body.Level.CENTRAL,
        kind=Body.Kind.OFFICIALS,
        prepares_for=cs,
        description=(
            "Gemensam tjänstemannagrupp med representanter från Region Skåne, Skånes "
            "Kommuner och de skånska kommunerna som bereder ärenden till CS."
        ),
        position=1,
    )
    _cs_members(cs, region, municipalities, today)
    for side, names in OFFICIALS.items():
        for name in names:
            services.save_membership(
                membership=Membership(
                    body=ctb,
                    person=_person(name),
                    role=Membership.Role.OFFICIAL,
                    side=side,
                    party=region if side == Side.REGION else association,
                    start=HISTORY_START,
                )
            )
    services.save_membership(
        membership=Membership(
            body=cs,
            person=_person("Jill Persson"),
            role=Membership.Role.SECRETARY,
            start=HISTORY_START,
        )
    )
    _subregional_bodies(structure, cs, region, municipalities, subregions, today)
    _users(structure)
    return structure


def _cs_members(cs: Body, region: Party, municipalities: dict, today: dt.date) -> None:
    anna, rubin = _person(CS_REGION_MEMBERS[0]), _person(CS_MUNICIPAL_MEMBERS[0][0])
    for position, name in enumerate(CS_REGION_MEMBERS[1:], start=2):
        services.save_membership(
            membership=Membership(
                body=cs,
                person=_person(name),
                role=Membership.Role.MEMBER,
                side=Side.REGION,
                party=region,
                start=HISTORY_START,
                position=position,
            )
        )
    for position, (name, municipality) in enumerate(CS_MUNICIPAL_MEMBERS[1:], start=2):
        services.save_membership(
            membership=Membership(
                body=cs,
                person=_person(name),
                role=Membership.Role.MEMBER,
                side=Side.MUNICIPALITIES,
                party=municipalities[municipality],
                appointed_by=cs.municipalities_appointed_by,
                start=HISTORY_START,
                position=position,
            )
        )
    # The chair and the vice chair take turns, one chair year at a time.
    malmo = municipalities[CS_MUNICIPAL_MEMBERS[0][1]]
    for year in range(HISTORY_START.year, today.year + 1):
        start, end = cs.chair_year_bounds(year)
        region_chairs = cs.chair_side_for(year) == Side.REGION
        for person, side, party in (
            (anna, Side.REGION, region),
            (rubin, Side.MUNICIPALITIES, malmo),
        ):
            chairs = region_chairs == (side == Side.REGION)
            services.save_membership(
                membership=Membership(
                    body=cs,
                    person=person,
                    role=Membership.Role.CHAIR
                    if chairs
                    else Membership.Role.VICE_CHAIR,
                    side=side,
                    party=party,
                    appointed_by=""
                    if side == Side.REGION
                    else cs.municipalities_appointed_by,
                    start=max(start, HISTORY_START),
                    end=end,
                    position=1,
                )
            )


def _subregional_bodies(
    structure: Structure,
    cs: Body,
    region: Party,
    municipalities: dict,
    subregions: dict,
    today: dt.date,
) -> None:
    for position, (name, (chair, vice, municipality)) in enumerate(DS_LEADERS.items()):
        ds = Body.objects.create(
            structure=structure,
            name=f"Delregional samverkan {name}",
            short_name=f"DS {name}",
            slug=f"ds-{_slug(name)}",
            level=Body.Level.SUBREGIONAL,
            kind=Body.Kind.POLITICAL,
            parent=cs,
            subregion=subregions[name],
            description=(
                f"Delregionalt samverkansorgan för kommunerna i delregion {name} och "
                "Region Skåne. Ordförande och vice ordförande är fiktiva demopersoner."
            ),
            chair_rule=Body.ChairRule.REGION,
            chair_term_start_month=1,
            position=10 + position,
        )
        start, end = ds.chair_year_bounds(today.year)
        for person, role, side, party in (
            (chair, Membership.Role.CHAIR, Side.REGION, region),
            (
                vice,
                Membership.Role.VICE_CHAIR,
                Side.MUNICIPALITIES,
                municipalities[municipality],
            ),
        ):
            services.save_membership(
                membership=Membership(
                    body=ds,
                    person=_person(person),
                    role=role,
                    side=side,
                    party=party,
                    start=start,
                    end=end,
                )
            )


def _users(structure: Structure) -> None:
    secretaries, _created = Group.objects.get_or_create(name="Sekreterare")
    secretaries.permissions.set(
        Permission.objects.filter(content_type__app_label="organisation")
    )
    admin = User.objects.create_superuser(
        "admin",
        "admin@example.org",
        DEMO_PASSWORD,
        first_name="Demo",
        last_name="Administratör",
    )
    admin.save()
    secretary = User.objects.create_user(
        "sekreterare",
        "jill.persson@example.org",
        DEMO_PASSWORD,
        first_name="Jill",
        last_name="Persson",
        is_staff=True,
    )
    secretary.groups.add(secretaries)
    Person.objects.filter(first_name="Jill", last_name="Persson").update(
        user=secretary, email=secretary.email
    )


DEMO_LOGINS = [
    ("sekreterare", DEMO_PASSWORD, "Jill Persson, sekreterare i CS"),
    ("ordforande", DEMO_PASSWORD, "Anna Mannfalk, ordförande i CS"),
    ("admin", DEMO_PASSWORD, "administratör"),
]
