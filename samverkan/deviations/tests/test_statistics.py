"""Statistics over a generated set of reports, against figures computed here."""

import datetime as dt
import math
import random
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from samverkan.deviations.models import Deviation
from samverkan.deviations.statistics import Filters, deviation_statistics
from samverkan.organisation.models import Party

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = dt.date(2025, 1, 15)


@pytest.fixture
def generated(demo):
    """3,000 reports over two years between random parties of both sides."""
    rng = random.Random(20231208)
    region = Party.objects.get(structure=demo, kind=Party.Kind.REGION)
    municipalities = list(
        Party.objects.filter(
            structure=demo, kind=Party.Kind.MUNICIPALITY
        ).select_related("subregion")
    )
    categories = Deviation.Category.values
    rows, moments = [], []
    for _ in range(3000):
        municipality = rng.choice(municipalities)
        from_region = rng.random() < 0.3
        created = dt.datetime(2023, 1, 1, tzinfo=STOCKHOLM) + dt.timedelta(
            seconds=rng.randrange(0, 730 * 86400)
        )
        answered = (
            created + dt.timedelta(minutes=rng.randrange(60, 60 * 24 * 60))
            if rng.random() < 0.8
            else None
        )
        moments.append(created)
        rows.append(
            Deviation(
                structure=demo,
                reporting_party=region if from_region else municipality,
                reporting_unit="Enhet",
                concerned_party=municipality if from_region else region,
                event_date=created.date(),
                category=rng.choice(categories),
                description="Genererad",
                consequence="none",
                status=Deviation.Status.ANSWERED if answered else Deviation.Status.SENT,
                answered_at=answered,
                answer_due=created.date() + dt.timedelta(days=28),
            )
        )
    saved = Deviation.objects.bulk_create(rows)
    # `created` is stamped on insert; give each report its generated moment.
    for row, moment in zip(saved, moments, strict=True):
        row.created = moment
    Deviation.objects.bulk_update(saved, ["created"], batch_size=500)
    return saved, municipalities


def nearest_rank(values, percent):
    ordered = sorted(values)
    return ordered[math.ceil(percent / 100 * len(ordered)) - 1]


def test_counts_per_month_category_party_and_subregion_match(generated, demo):
    rows, _municipalities = generated

    stats = deviation_statistics(demo, Filters(), today=TODAY)

    months = Counter(r.created.astimezone(STOCKHOLM).strftime("%Y-%m") for r in rows)
    quarters = Counter(
        f"{r.created.astimezone(STOCKHOLM).year} K{(r.created.astimezone(STOCKHOLM).month - 1) // 3 + 1}"
        for r in rows
    )
    categories = Counter(r.get_category_display() for r in rows)
    concerned = Counter(r.concerned_party.name for r in rows)
    subregions = Counter(
        (r.reporting_party.subregion or r.concerned_party.subregion).name for r in rows
    )
    assert stats.total == 3000
    assert dict(stats.by_month) == dict(months)
    assert len(stats.by_month) == 24
    assert dict(stats.by_quarter) == dict(quarters)
    assert dict(stats.by_category) == {str(k): v for k, v in categories.items()}
    assert dict(stats.by_concerned_party) == dict(concerned)
    assert dict(stats.by_subregion) == dict(subregions)
    assert [n for _label, n in stats.by_category] == sorted(
        categories.values(), reverse=True
    )


def test_answer_times_overdue_and_late_match(generated, demo):
    rows, _ = generated

    stats = deviation_statistics(demo, Filters(), today=TODAY)

    days = [
        (r.answered_at - r.created).total_seconds() / 86400
        for r in rows
        if r.answered_at
    ]
    assert stats.answered == len(days)
    assert stats.median_days == round(nearest_rank(days, 50), 1)
    assert stats.p90_days == round(nearest_rank(days, 90), 1)
    assert stats.overdue_open == sum(
        1 for r in rows if not r.answered_at and r.answer_due < TODAY
    )
    assert stats.answered_late == sum(
        1
        for r in rows
        if r.answered_at and r.answered_at.astimezone(STOCKHOLM).date() > r.answer_due
    )


def test_filters_narrow_the_counts(generated, demo):
    rows, municipalities = generated
    lund = next(m for m in municipalities if m.name == "Lund")
    start, end = dt.date(2024, 1, 1), dt.date(2024, 6, 30)

    stats = deviation_statistics(
        demo,
        Filters(start=start, end=end, category="medication", party_id=lund.pk),
        today=TODAY,
    )

    expected = [
        r
        for r in rows
        if start <= r.created.astimezone(STOCKHOLM).date() <= end
        and r.category == "medication"
        and lund.pk in (r.reporting_party_id, r.concerned_party_id)
    ]
    assert stats.total == len(expected) > 0


def test_the_subregion_filter_counts_reports_involving_its_municipalities(
    generated, demo
):
    rows, municipalities = generated
    sydost = next(m.subregion for m in municipalities if m.subregion.name == "Sydost")

    stats = deviation_statistics(demo, Filters(subregion_id=sydost.pk), today=TODAY)

    assert stats.total == sum(
        1
        for r in rows
        if sydost.pk in (r.reporting_party.subregion_id, r.concerned_party.subregion_id)
    )
    assert dict(stats.by_subregion) == {"Sydost": stats.total}


def test_no_reports_gives_empty_statistics(demo):
    stats = deviation_statistics(demo, Filters(), today=TODAY)

    assert (stats.total, stats.median_days, stats.p90_days, stats.by_month) == (
        0,
        None,
        None,
        [],
    )
