"""Demo follow-up of HS-avtalet: plausible, clearly labelled demo figures."""

import datetime as dt
import random
from decimal import Decimal

from samverkan.organisation.models import Party, Structure

from . import services
from .models import (
    Agreement,
    EconomicItem,
    FocusArea,
    Goal,
    Indicator,
    Measurement,
    period_start,
)

DEMO = " (demodata)"
INDICATORS = [
    # goal, focus, code, name, unit, direction, target, breakdown, start, yearly change
    ("Trygg och säker utskrivning från slutenvården", "implementation", "sip-andel",
     "Andel utskrivningar med samordnad planering i Mina Planer", "%", "higher", 90,
     "municipality", 74.0, 4.0),
    ("Trygg och säker utskrivning från slutenvården", "implementation", "aterinlaggning",
     "Återinläggningar inom 30 dagar, 65 år och äldre", "%", "lower", 12,
     "municipality", 15.5, -0.8),
    ("Effektiv informationsöverföring mellan parterna", "ehealth", "utskrivningsklar",
     "Dagar som utskrivningsklar i slutenvården, medelvärde", "dagar", "lower", 1.5,
     "structure", 2.6, -0.3),
    ("Kompetensförsörjning i hemsjukvården", "competence", "specialistsjukskoterskor",
     "Andel sjuksköterskor i hemsjukvården med specialistutbildning", "%", "higher", 40,
     "subregion", 31.0, 2.0),
]  # fmt: skip


def load(structure: Structure, today: dt.date) -> Agreement:
    """Create the agreement with goals, indicators, four years of values and economy."""
    rng = random.Random(2023)  # noqa: S311 - demo figures, not secrets
    agreement = Agreement.objects.create(
        structure=structure,
        name="Avtal om ansvarsfördelning och utveckling avseende hälso- och sjukvården i Skåne",
        short_name="HS-avtalet",
        slug="hs-avtalet",
        description="Uppföljningen nedan bygger på **demodata** som visar hur verktyget används.",
        start=dt.date(today.year - 4, 1, 1),
    )
    focus = {
        kind: FocusArea.objects.create(
            agreement=agreement, kind=kind, position=position
        )
        for position, kind in enumerate(FocusArea.Kind.values)
    }
    goals: dict[str, Goal] = {}
    years = [str(year) for year in range(today.year - 4, today.year)]
    municipalities = list(
        Party.objects.filter(structure=structure, kind=Party.Kind.MUNICIPALITY)
    )
    subregions = list(structure.subregions.all())
    measurements = []
    for (
        title,
        area,
        code,
        name,
        unit,
        direction,
        target,
        breakdown,
        start,
        change,
    ) in INDICATORS:
        goal = goals.get(title) or Goal.objects.create(
            agreement=agreement,
            focus_area=focus[area],
            title=title,
            position=len(goals),
        )
        goals[title] = goal
        indicator = Indicator.objects.create(
            goal=goal,
            code=code,
            name=name + DEMO,
            unit=unit,
            direction=direction,
            target=target,
            breakdown=breakdown,
            source="Demodata",
            definition=f"{name}. Värdena är påhittade för demonstration.",
        )
        units = {
            "municipality": [{"party": m} for m in municipalities],
            "subregion": [{"subregion": s} for s in subregions],
            "structure": [{}],
        }[breakdown]
        for unit_fields in units:
            level = start + rng.uniform(-4, 4) * (abs(change) or 1)
            for index, year in enumerate(years):
                value = max(
                    level + change * index + rng.uniform(-1.5, 1.5) * abs(change), 0
                )
                if unit == "%":
                    value = min(value, 99.5)
                measurements.append(
                    Measurement(
                        indicator=indicator,
                        period=year,
                        period_start=period_start("year", year),
                        value=Decimal(str(round(value, 1))),
                        source="Demodata",
                        **unit_fields,
                    )
                )
    Measurement.objects.bulk_create(measurements)
    region = Party.objects.get(structure=structure, kind=Party.Kind.REGION)
    for year in map(int, years):
        for kind, category, amount, text in (
            ("cost", "it", 4_200_000, "Förvaltning av Mina Planer"),
            ("cost", "staff", 2_600_000, "Mobila team, ökad bemanning"),
            (
                "revenue",
                "reimbursement",
                1_500_000,
                "Ersättning från kommunerna för hjälpmedel",
            ),
        ):
            services.add_economic_item(
                agreement=agreement,
                party=region,
                year=year,
                kind=kind,
                category=category,
                amount_sek=Decimal(amount),
                description=text + DEMO,
                source="Demodata",
                actor=None,
            )
        for municipality in municipalities[::4]:
            services.add_economic_item(
                agreement=agreement,
                party=municipality,
                year=year,
                kind=EconomicItem.Kind.COST,
                category=EconomicItem.Category.STAFF,
                amount_sek=Decimal(rng.randrange(300, 1500) * 1000),
                description="Hemsjukvård, utökade insatser" + DEMO,
                source="Demodata",
                actor=None,
            )
    return agreement
