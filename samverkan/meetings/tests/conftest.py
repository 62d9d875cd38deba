import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from samverkan.accounts.models import User
from samverkan.meetings import services
from samverkan.meetings.demo import load as load_meeting_demo
from samverkan.meetings.models import Meeting
from samverkan.organisation.models import Body

ZONE = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def cs(demo) -> Body:
    return Body.objects.get(structure=demo, slug="cs")


@pytest.fixture
def jill(demo) -> User:
    """The demo secretary of CS (Jill Persson)."""
    return User.objects.get(username="sekreterare")


@pytest.fixture
def seed_meeting(demo, today) -> Meeting:
    """The 2023-12-08 CS meeting of the seed minutes, approved and published."""
    return load_meeting_demo(demo, today)


@pytest.fixture
def plan(cs, jill):
    def make(**overrides) -> Meeting:
        values = {
            "body": cs,
            "starts_at": dt.datetime(2024, 4, 12, 9, 0, tzinfo=ZONE),
            "actor": jill,
        }
        values.update(overrides)
        return services.create_meeting(**values)

    return make
