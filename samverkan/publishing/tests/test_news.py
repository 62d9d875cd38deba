"""News: written by the body's secretary, public once published, in the feed."""

import datetime as dt

import feedparser
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from lxml import html

from samverkan.meetings.demo import load as load_meeting_demo
from samverkan.organisation.models import Body
from samverkan.publishing import services
from samverkan.publishing.models import NewsItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def cs(demo, today) -> Body:
    load_meeting_demo(demo, today)
    return Body.objects.get(structure=demo, slug="cs")


@pytest.fixture
def jill(cs):  # noqa: ANN001
    from samverkan.accounts.models import User

    return User.objects.get(username="sekreterare")


def list_url(body: Body) -> str:
    return reverse("publishing:news-list", args=[body.structure.slug, body.slug])


def feed_of(client, body: Body):  # noqa: ANN001, ANN201
    url = reverse("publishing:minutes-feed", args=[body.structure.slug, body.slug])
    return feedparser.parse(client.get(url).content)


def updated_on_page(client, body: Body) -> str:  # noqa: ANN001
    page = html.fromstring(client.get(body.get_absolute_url()).content)
    return page.cssselect(".page-facts time")[0].text_content()


def test_a_draft_stays_with_the_secretary_until_published(client, cs, jill) -> None:
    client.force_login(jill)
    response = client.post(
        list_url(cs),
        {"title": "Ny rutin för SVPL", "text": "Rutinen gäller från **1 mars**."},
    )
    news = NewsItem.objects.get()
    assert response["Location"] == news.get_absolute_url()
    assert news.published_at is None and news.created_by == jill
    assert "Utkast" in client.get(list_url(cs)).content.decode()

    client.logout()
    assert client.get(news.get_absolute_url()).status_code == 404
    assert "Ny rutin för SVPL" not in client.get(cs.get_absolute_url()).content.decode()
    assert "Ny rutin för SVPL" not in client.get(list_url(cs)).content.decode()
    assert all(e.title != "Ny rutin för SVPL" for e in feed_of(client, cs).entries)


def test_published_news_reaches_the_page_the_list_and_the_feed(
    client, cs, jill
) -> None:
    before = updated_on_page(client, cs)
    news = services.save_news(
        body=cs,
        title="Ny rutin för SVPL",
        text="Rutinen gäller från **1 mars**.",
        publish=True,
        actor=jill,
    )
    NewsItem.objects.filter(pk=news.pk).update(
        modified=dt.datetime(2099, 3, 1, 12, tzinfo=dt.UTC)
    )

    page = client.get(cs.get_absolute_url()).content.decode()
    assert 'id="latest-news"' in page and "Ny rutin för SVPL" in page
    detail = client.get(news.get_absolute_url()).content.decode()
    assert "<strong>1 mars</strong>" in detail
    # "Senast uppdaterad" follows everything on the page, news included.
    assert updated_on_page(client, cs) == "2099-03-01" != before

    feed = feed_of(client, cs)
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "Ny rutin för SVPL"  # the newest first
    assert "Anteckningar från mötet 2023-12-08" in titles
    assert feed.entries[0].link.endswith(news.get_absolute_url())


def test_withdrawn_news_leaves_the_page_and_the_feed(client, cs, jill) -> None:
    news = services.save_news(
        body=cs, title="Inställt möte", text="Text", publish=True, actor=jill
    )
    client.force_login(jill)
    client.post(
        reverse("publishing:news-edit", args=[news.pk]),
        {"title": "Inställt möte", "text": "Text"},  # "publish" unticked
    )
    news.refresh_from_db()
    assert news.published_at is None
    client.logout()
    assert all(e.title != "Inställt möte" for e in feed_of(client, cs).entries)
    assert client.get(news.get_absolute_url()).status_code == 404


def test_last_updated_moves_when_news_is_withdrawn(client, cs, jill) -> None:
    news = services.save_news(
        body=cs, title="Inställt möte", text="Text", publish=True, actor=jill
    )
    later = timezone.now() + dt.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        services.save_news(
            body=cs,
            title=news.title,
            text=news.text,
            publish=False,
            actor=jill,
            news=news,
        )

    # Leaving the page is a change of the page.
    assert updated_on_page(client, cs) == timezone.localdate(later).isoformat()


def test_a_news_item_without_a_title_is_refused_and_nothing_is_saved(
    client, cs, jill
) -> None:
    client.force_login(jill)
    response = client.post(
        list_url(cs), {"title": " ", "text": "Text", "publish": "on"}
    )
    assert response.status_code == 400
    assert "Fyll i rubrik." in response.content.decode()
    assert not NewsItem.objects.exists()


def test_only_the_bodys_secretary_writes_news(client, cs, jill, outsider) -> None:
    client.force_login(outsider)
    response = client.post(list_url(cs), {"title": "Falsk", "text": "Text"})
    assert response.status_code == 403
    assert not NewsItem.objects.exists()
    news = services.save_news(
        body=cs, title="Äkta", text="Text", publish=True, actor=jill
    )
    edit = reverse("publishing:news-edit", args=[news.pk])
    assert client.post(edit, {"title": "Ändrad", "text": "x"}).status_code == 404
    news.refresh_from_db()
    assert news.title == "Äkta"


def test_raw_html_in_news_is_not_rendered(client, cs, jill) -> None:
    news = services.save_news(
        body=cs,
        title="Rubrik",
        text="<script>alert(1)</script>",
        publish=True,
        actor=jill,
    )
    page = client.get(news.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
