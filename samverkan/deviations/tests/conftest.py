import datetime as dt

import pytest

from samverkan.deviations import services
from samverkan.deviations.models import Deviation
from samverkan.matters.tests.conftest import user_for
from samverkan.organisation.models import Party


@pytest.fixture
def svalov(demo) -> Party:
    return Party.objects.get(structure=demo, name="Svalöv")


@pytest.fixture
def region(demo) -> Party:
    return Party.objects.get(structure=demo, kind=Party.Kind.REGION)


@pytest.fixture
def municipal_rep(demo):
    """Teddy Nilsson: CS member and party contact for Svalöv."""
    return user_for("Teddy Nilsson", "teddy", contact_for="Svalöv")


@pytest.fixture
def region_rep(demo):
    """Lisa Flinth: CS member and party contact for Region Skåne."""
    return user_for("Lisa Flinth", "lisa", contact_for="Region Skåne")


@pytest.fixture
def ds_chair(demo):
    """The chair of DS Nordväst, the sub-region Svalöv belongs to."""
    return user_for("Karin Demo-Bergström", "karin")


@pytest.fixture
def cs_official(demo):
    return user_for("Sara Österberg", "sara")


@pytest.fixture
def report(demo, svalov, region, municipal_rep):
    def make(**overrides) -> Deviation:
        values = {
            "structure": demo,
            "reporting_party": svalov,
            "reporting_unit": "Hemsjukvården Svalöv",
            "concerned_party": region,
            "concerned_unit": "Helsingborgs lasarett, avdelning 12",
            "event_date": dt.date(2024, 3, 4),
            "category": Deviation.Category.DISCHARGE,
            "description": "Patienten skrevs ut utan information i Mina Planer.",
            "consequence": Deviation.Consequence.MINOR,
            "actor": municipal_rep,
            "today": dt.date(2024, 3, 5),
        }
        values.update(overrides)
        return services.report_deviation(**values)

    return make


@pytest.fixture
def ds_vice_chair(demo):
    """The vice chair of DS Nordväst, for Helsingborg: neither party of the report."""
    return user_for("Per Demo-Holm", "per")
