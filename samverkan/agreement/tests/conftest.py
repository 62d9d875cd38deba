import datetime as dt
from decimal import Decimal

import pytest

from samverkan.agreement.models import Agreement, Goal, Indicator
from samverkan.matters.tests.conftest import user_for


@pytest.fixture
def agreement(demo) -> Agreement:
    return Agreement.objects.create(
        structure=demo,
        name="HS-avtalet",
        short_name="HS",
        slug="hs",
        start=dt.date(2020, 1, 1),
    )


@pytest.fixture
def goal(agreement) -> Goal:
    return Goal.objects.create(agreement=agreement, title="Trygg utskrivning")


@pytest.fixture
def indicator(goal) -> Indicator:
    return Indicator.objects.create(
        goal=goal,
        code="sip",
        name="Andel med SIP",
        definition="Andel utskrivningar med SIP.",
        unit="%",
        direction="higher",
        target=Decimal(90),
        breakdown="municipality",
    )


@pytest.fixture
def analyst(demo):
    """Sara Österberg: an official of CTB, which prepares for CS."""
    return user_for("Sara Österberg", "sara")
