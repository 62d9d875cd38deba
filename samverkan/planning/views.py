from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import (
    can_manage_body,
    public,
    signed_in,
    takes_part_in,
)
from samverkan.lib.errors import DomainError
from samverkan.organisation.selectors import get_body

from . import services
from .forms import MONTHS, SeriesForm


@signed_in
def year_plan(
    request: HttpRequest, structure_slug: str, body_slug: str, year: int
) -> HttpResponse:
    """The body's time and activity plan for a year, as a page or a PDF."""
    body = get_body(structure_slug, body_slug)
    if not takes_part_in(request.user, body.structure_id) or not 1900 <= year <= 2200:
        raise Http404
    manage = can_manage_body(request.user, body)
    form = SeriesForm(request.POST or None) if manage else None
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                created = services.plan_series(
                    body=body, year=year, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(count)s möten är planerade.") % {"count": len(created)},
                )
                _tell_moved_days(request, year, form.cleaned_data, created)
                return redirect("planning:year", structure_slug, body_slug, year)
    entries = services.year_plan(body, year)
    months = [
        (label, [e for e in entries if e.day.month == number])
        for number, label in MONTHS
    ]
    context = {
        "structure": body.structure,
        "body": body,
        "year": year,
        "entries": entries,
        "months": months,
        "form": form,
        "today": timezone.localdate(),
        "as_list": request.GET.get("vy") == "lista",
    }
    if request.GET.get("format") == "pdf":
        from weasyprint import HTML

        html = render_to_string(
            "planning/year_plan_document.html", context, request=request
        )
        response = HttpResponse(
            HTML(string=html).write_pdf(), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="arsplan-{body.slug}-{year}.pdf"'
        )
        return response
    return render(
        request,
        "planning/year_plan.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


def _tell_moved_days(
    request: HttpRequest, year: int, rule: dict, created: list
) -> None:
    """Tell the secretary which of the new meetings left a day off for the day before."""
    days = {timezone.localtime(meeting.starts_at).date() for meeting in created}
    for planned in services.series_days(
        year=year,
        months=rule["months"],
        weekday_index=rule["weekday_index"],
        ordinal=rule["ordinal"],
    ):
        if planned.moved_from and planned.day in days:
            messages.info(
                request,
                _(
                    "%(planned)s är en helgdag eller helgdagsafton; mötet är "
                    "planerat till %(day)s i stället."
                )
                % {
                    "planned": planned.moved_from.isoformat(),
                    "day": planned.day.isoformat(),
                },
            )


@signed_in
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The signed-in user's private calendar address, made on first visit."""
    from .models import CalendarToken

    token, _created = CalendarToken.objects.get_or_create(user=request.user)
    address = request.build_absolute_uri(
        reverse("planning:personal-feed", args=[token.token])
    )
    return render(request, "planning/my_calendar.html", {"address": address})


@signed_in
@require_POST
def renew_calendar(request: HttpRequest) -> HttpResponse:
    """Replace the private address: the old one stops working at once."""
    from .models import CalendarToken, new_token

    CalendarToken.objects.update_or_create(
        user=request.user, defaults={"token": new_token()}
    )
    messages.success(
        request, _("Du har fått en ny kalenderadress. Den gamla fungerar inte längre.")
    )
    return redirect("planning:mine")


@public
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar; the secret token in the address is the sign-in."""
    from .models import CalendarToken

    owner = get_object_or_404(
        CalendarToken.objects.select_related("user"), token=token
    ).user
    if not owner.is_active:
        raise Http404
    content = services.personal_calendar(
        owner, timezone.localdate(), request.build_absolute_uri("/").rstrip("/")
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
