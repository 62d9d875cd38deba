from django.utils import translation

from samverkan.lib.choices import display
from samverkan.meetings.models import Meeting


def test_display_gives_what_get_display_gives_in_each_language():
    meeting = Meeting(status=Meeting.Status.PUBLISHED)
    for language in ("sv", "en", "sv"):
        with translation.override(language):
            assert display(meeting, "status") == meeting.get_status_display()
    with translation.override("en"):
        assert display(meeting, "status") == "Published"


def test_a_value_outside_the_choices_is_shown_as_it_is():
    meeting = Meeting(status="no-such-status")
    assert display(meeting, "status") == meeting.get_status_display()
    assert display(meeting, "status") == "no-such-status"
