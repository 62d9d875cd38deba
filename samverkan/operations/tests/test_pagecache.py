"""Pages from the page cache: kept until a write, each signed-in user their own."""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.notifications.models import Kind, Notification
from samverkan.operations import pagecache
from samverkan.organisation.models import Person


@pytest.fixture
def cs_url(demo) -> str:  # noqa: ANN001
    return reverse("organisation:body", args=[demo.slug, "cs"])


def _token(response) -> str:  # noqa: ANN001
    found = re.search(
        r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', response.content.decode()
    )
    assert found, "the page has no CSRF token"
    return found.group(1)


def test_a_public_page_is_rendered_once_and_then_served_without_a_query(
    page_cache, cs_url, django_assert_num_queries
):
    first = Client().get(cs_url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(cs_url)
    assert second.status_code == 200
    assert "Anna Mannfalk" in second.content.decode()
    # The same page apart from each visitor's own CSRF token.
    assert second.content.replace(
        _token(second).encode(), b""
    ) == first.content.replace(_token(first).encode(), b"")


@pytest.mark.parametrize("how", ["save", "queryset update", "raw SQL"])
def test_any_write_of_what_the_page_shows_renders_it_afresh(page_cache, cs_url, how):
    Client().get(cs_url)
    person = Person.objects.get(last_name="Mannfalk")
    if how == "save":
        person.last_name = "Nyberg"
        person.save()
    elif how == "queryset update":
        Person.objects.filter(pk=person.pk).update(last_name="Nyberg")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Person._meta.db_table} SET last_name = %s WHERE id = %s",  # noqa: S608
                ["Nyberg", person.pk],
            )
    page = Client().get(cs_url).content.decode()
    assert "Anna Nyberg" in page
    assert "Anna Mannfalk" not in page


def test_a_write_no_page_shows_keeps_the_pages(
    page_cache, cs_url, django_assert_num_queries
):
    Client().get(cs_url)
    SessionStore().create()  # a visitor's session: no public page shows it
    with django_assert_num_queries(0):
        Client().get(cs_url)


def test_a_transaction_moves_the_generation_at_its_first_write_and_at_its_commit(
    page_cache, db, django_capture_on_commit_callbacks
):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Person.objects.create(first_name="Anna", last_name="Mannfalk")
        # A page rendered now reads the old rows: it goes under this number,
        assert pagecache.generation() == before + 1
        Person.objects.update(last_name="Nyberg")
        assert pagecache.generation() == before + 1  # once per transaction
    # which the commit leaves behind.
    assert pagecache.generation() == before + 2


def test_signed_in_users_get_their_own_page_not_the_kept_one(
    page_cache, cs_url, client, secretary
):
    anonymous = Client().get(cs_url).content.decode()
    assert "Logga ut" not in anonymous
    client.force_login(secretary)
    own = client.get(cs_url).content.decode()
    assert "Logga ut" in own


def test_each_visitor_gets_a_csrf_token_that_works_for_them(page_cache, cs_url):
    Client().get(cs_url)  # kept
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(cs_url)
    assert b"\x00" not in page.content
    token = _token(page)
    assert f'"X-CSRFToken": "{token}"' in page.content.decode()
    switched = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": cs_url, "csrfmiddlewaretoken": token},
    )
    assert switched.status_code == 302
    english = visitor.get(cs_url)
    assert english["Content-Language"] == "en"
    assert "Chair" in english.content.decode() or "chair" in english.content.decode()


def test_a_language_is_kept_apart_from_the_other(page_cache, cs_url, settings):
    swedish = Client().get(cs_url)
    english_visitor = Client()
    english_visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = english_visitor.get(cs_url)
    assert swedish["Content-Language"] == "sv"
    assert english["Content-Language"] == "en"
    assert english.content != swedish.content


def test_a_visitor_who_has_the_page_gets_304_not_modified(page_cache, cs_url):
    first = Client().get(cs_url)
    etag = first["ETag"]
    again = Client().get(cs_url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    Person.objects.filter(last_name="Mannfalk").update(last_name="Nyberg")
    changed = Client().get(cs_url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_page_that_is_not_found_is_not_kept(page_cache, demo, create_body):
    url = reverse("organisation:body", args=[demo.slug, "ny-grupp"])
    assert Client().get(url).status_code == 404
    create_body(structure=demo, name="Ny grupp", slug="ny-grupp")
    assert Client().get(url).status_code == 200


def test_the_cache_is_off_at_zero_seconds(
    settings, cs_url, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get(cs_url)
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(0):
        Client().get(cs_url)


@pytest.mark.django_db(transaction=True)
def test_a_write_only_signed_in_pages_show_moves_the_private_generation(
    page_cache, django_capture_on_commit_callbacks
):
    user = User.objects.create_user("sara")
    public, private = pagecache.generation(), pagecache.private_generation()
    SessionStore().create()  # a session: its data is in each private key
    assert (pagecache.generation(), pagecache.private_generation()) == (public, private)
    Notification.objects.create(user=user, kind=Kind.MATTER_STATUS, title="Ny")
    assert pagecache.private_generation() == private + 1
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Notification.objects.update(title="Nytt")
        assert pagecache.private_generation() == private + 2
        Notification.objects.update(title="Nyare")
        assert pagecache.private_generation() == private + 2
    assert pagecache.private_generation() == private + 3
    assert pagecache.generation() == public  # no public page shows a notification
    Person.objects.create(first_name="Anna", last_name="Mannfalk")
    moved = pagecache.generation() - public
    assert moved > 0
    assert (
        pagecache.private_generation() == private + 3 + moved
    )  # a public write moves both


def test_a_signed_in_user_gets_a_public_page_from_their_own_cache(
    page_cache, cs_url, client, secretary, django_assert_max_num_queries
):
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as rendering:
        own = client.get(cs_url).content.decode()
    assert "Logga ut" in own
    # A hit costs what signing in costs: the session, the user, the device.
    with django_assert_max_num_queries(len(rendering) // 3):
        again = client.get(cs_url)
    assert "Logga ut" in again.content.decode()
    assert again["Cache-Control"] == "private"
    assert "Logga ut" not in Client().get(cs_url).content.decode()
