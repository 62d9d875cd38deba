"""Writing, publishing and withdrawing news."""

from django.db import transaction
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.organisation.models import Body

from .models import NewsItem


@transaction.atomic
def save_news(
    *,
    body: Body,
    title: str,
    text: str,
    publish: bool,
    actor: User | None,
    news: NewsItem | None = None,
) -> NewsItem:
    """Create or change a news item; publishing dates it now, withdrawing clears it."""
    news = news or NewsItem(body=body, created_by=actor)
    news.title, news.text = title.strip(), text.strip()
    if publish and news.published_at is None:
        news.published_at = timezone.now()
    elif not publish:
        news.published_at = None
    news._history_user = actor
    news.full_clean()
    news.save()
    return news
