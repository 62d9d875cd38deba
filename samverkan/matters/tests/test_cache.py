"""A signed-in user's pages from the page cache: their own, until any write."""

import json

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import MessageEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import SignedInClient
from samverkan.matters.models import Matter
from samverkan.notifications.models import Kind, Notification

from .conftest import user_for


@pytest.fixture
def list_url(demo) -> str:  # noqa: ANN001
    return reverse("matters:list", args=[demo.slug]) + "?status=received"


@pytest.fixture
def sara(page_cache, official) -> SignedInClient:  # noqa: ANN001
    signed_in = SignedInClient()
    signed_in.force_login(official)
    return signed_in


def _get(client, url: str, **headers: str) -> tuple[str, list[str]]:  # noqa: ANN001
    """The page and the SQL its request ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _reads_matters(queries: list[str]) -> bool:
    return any(Matter._meta.db_table in sql for sql in queries)


def test_the_second_request_is_served_without_running_the_view(
    sara, list_url, register
):
    register()
    first, first_queries = _get(sara, list_url)
    assert "Utskrivning utan information i Mina Planer" in first
    assert _reads_matters(first_queries)
    again, queries = _get(sara, list_url)
    # Only what signing in costs (the session, the user), not the view's reads.
    assert not _reads_matters(queries)
    assert len(queries) < len(first_queries)
    assert again.replace(_csrf(again), "") == first.replace(_csrf(first), "")


def _csrf(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.find(marker)
    return page[start + len(marker) : page.find('"', start + len(marker))]


def test_a_kept_page_is_private_to_its_user(sara, list_url, register, demo):
    register()
    _get(sara, list_url)
    response = sara.get(list_url)
    assert response["Cache-Control"] == "private"
    assert "Inloggad som sara" in response.content.decode()
    # Another signed-in user never gets Sara's page: they see their own name.
    teddy = SignedInClient()
    teddy.force_login(user_for("Teddy Nilsson", "teddy"))
    theirs, queries = _get(teddy, list_url)
    assert _reads_matters(queries)
    assert "Inloggad som teddy" in theirs
    assert "Inloggad som sara" not in theirs


def test_a_write_shows_on_the_next_request(sara, list_url, register):
    _get(sara, list_url)
    register(title="Läkemedelsgenomgångar i hemsjukvården")
    page, queries = _get(sara, list_url)
    assert _reads_matters(queries)
    assert "Läkemedelsgenomgångar i hemsjukvården" in page


def test_a_notification_no_public_page_shows_renders_the_users_pages_again(
    sara, list_url, official
):
    before, _queries = _get(sara, list_url)
    assert "oläst" not in before
    Notification.objects.create(user=official, kind=Kind.MATTER_STATUS, title="Nytt")
    after, _queries = _get(sara, list_url)
    assert "1 oläst" in after


def test_a_forced_reload_renders_the_page_afresh(sara, list_url):
    _get(sara, list_url)
    _page, queries = _get(sara, list_url, cache_control="no-cache")
    assert _reads_matters(queries)


def test_a_change_in_the_session_gives_a_page_of_its_own(sara, list_url, settings):
    swedish, _queries = _get(sara, list_url)
    session = sara.session
    session["matter-filter-hint-seen"] = True
    session.save()
    _page, queries = _get(sara, list_url)
    assert _reads_matters(queries)
    sara.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, _queries = _get(sara, list_url)
    assert "Matters" in english
    assert "Matters" not in swedish


def _leave_message(client, text: str) -> None:  # noqa: ANN001
    """A message waiting in the session, where the session store keeps it."""
    session = client.session
    session["_messages"] = json.dumps(
        [Message(messages.SUCCESS, text)], cls=MessageEncoder
    )
    session.save()


def test_a_message_is_shown_once_each_time_it_is_left(sara, list_url, settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    _get(sara, list_url)
    for _time in range(2):
        # The second time the session holds just what it held the first time.
        _leave_message(sara, "Ärendet är registrerat.")
        shown, _queries = _get(sara, list_url)
        assert "Ärendet är registrerat." in shown
        gone, _queries = _get(sara, list_url)
        assert "Ärendet är registrerat." not in gone
