from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import signed_in

from . import services
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 30


@signed_in
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, unread marked."""
    notifications = Notification.objects.filter(user=request.user, in_app=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": services.unread_count(request.user)},
    )


@signed_in
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification as read and go to what it is about."""
    notification = Notification.objects.filter(pk=pk, user=request.user).first()
    if notification is None:
        raise Http404
    services.mark_read(request.user, [notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@signed_in
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(request.user)
    messages.success(
        request, _("%(count)s notiser markerades som lästa.") % {"count": count}
    )
    return redirect("notifications:inbox")


@signed_in
def preferences(request: HttpRequest) -> HttpResponse:
    """Choose per kind: in the app or not; e-mail at once, daily or not at all."""
    form = PreferencesForm(
        request.POST or None, initial_choices=services.preferences_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.save_preferences(request.user, form.choices())
        messages.success(request, _("Dina notisinställningar är sparade."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
