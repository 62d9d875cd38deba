from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.permissions import can_manage_body, signed_in, takes_part_in
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
