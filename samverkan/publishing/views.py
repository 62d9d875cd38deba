from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samverkan.accounts.permissions import can_manage_body, public, signed_in
from samverkan.operations.pagecache import cached_page
from samverkan.organisation.selectors import get_body

from . import services
from .feeds import BodyFeed, calendar_response, meetings_calendar, public_meetings
from .forms import NewsForm
from .models import NewsItem

minutes_feed = public(BodyFeed())


@public
@cached_page
def body_calendar(
    request: HttpRequest, structure_slug: str, body_slug: str
) -> HttpResponse:
    """The body's public meetings as a calendar to subscribe to."""
    body = get_body(structure_slug, body_slug)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return calendar_response(
        meetings_calendar(body, public_meetings(body), base_url), body.slug
    )


@public
@cached_page
def news_list(
    request: HttpRequest, structure_slug: str, body_slug: str
) -> HttpResponse:
    """The body's published news; its secretary also sees drafts and writes here."""
    body = get_body(structure_slug, body_slug)
    manage = can_manage_body(request.user, body)
    if request.method == "POST" and not manage:
        raise PermissionDenied
    form = NewsForm(request.POST or None) if manage else None
    if request.method == "POST" and form.is_valid():
        news = services.save_news(
            body=body,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            publish=form.cleaned_data["publish"],
            actor=request.user,
        )
        return redirect(news)
    news = NewsItem.objects.filter(body=body)
    if not manage:
        news = news.published()
    return render(
        request,
        "publishing/news_list.html",
        {"structure": body.structure, "body": body, "news": news, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _news_for(request: HttpRequest, pk: int) -> tuple[NewsItem, bool]:
    news = get_object_or_404(NewsItem.objects.select_related("body__structure"), pk=pk)
    manage = can_manage_body(request.user, news.body)
    if news.published_at is None and not manage:
        raise Http404
    return news, manage


@public
@cached_page
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    news, manage = _news_for(request, pk)
    return render(
        request,
        "publishing/news_detail.html",
        {
            "structure": news.body.structure,
            "body": news.body,
            "news": news,
            "manage": manage,
        },
    )


@signed_in
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change, publish or withdraw a news item (the body's secretary)."""
    news, manage = _news_for(request, pk)
    if not manage:
        raise Http404
    form = NewsForm(request.POST or None, instance=news)
    if request.method == "POST" and form.is_valid():
        services.save_news(
            body=news.body,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            publish=form.cleaned_data["publish"],
            actor=request.user,
            news=news,
        )
        return redirect(news)
    return render(
        request,
        "publishing/news_edit.html",
        {
            "structure": news.body.structure,
            "body": news.body,
            "news": news,
            "form": form,
            "title": _("Ändra nyhet"),
        },
        status=400 if form.errors else 200,
    )
