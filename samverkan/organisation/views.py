from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from samverkan.accounts.permissions import public, signed_in
from samverkan.lib.htmx import is_htmx
from samverkan.operations.pagecache import cached_page

from . import selectors
from .composition import VACANT, chair_rotation, rules_in_words
from .forms import DayForm
from .models import Body, Person, Structure


@public
@cached_page
def structure_list(request: HttpRequest) -> HttpResponse:
    structures = list(Structure.objects.all())
    if len(structures) == 1:
        return redirect(structures[0])
    return render(
        request, "organisation/structure_list.html", {"structures": structures}
    )


@public
@cached_page
def structure_detail(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_object_or_404(Structure, slug=structure_slug)
    bodies = selectors.structure_bodies(structure)
    levels = [
        (label, [body for body in bodies if body.level == level])
        for level, label in Body.Level.choices
    ]
    return render(
        request,
        "organisation/structure_detail.html",
        {"structure": structure, "levels": [lv for lv in levels if lv[1]]},
    )


def _composition_context(request: HttpRequest, body: Body) -> tuple[dict, int]:
    form = DayForm(request.GET or None)
    day = form.day_or(timezone.localdate())
    status = 400 if form.is_bound and not form.is_valid() else 200
    region_name = selectors.region_name(body.structure)
    context = {
        "structure": body.structure,
        "body": body,
        "form": form,
        "day": day,
        "is_today": day == timezone.localdate(),
        "composition": selectors.body_composition(body, day),
        "region_name": region_name,
        "VACANT": VACANT,
    }
    return context, status


@public
@cached_page
def body_detail(
    request: HttpRequest, structure_slug: str, body_slug: str
) -> HttpResponse:
    body = selectors.get_body(structure_slug, body_slug)
    context, status = _composition_context(request, body)
    context["rules"] = rules_in_words(body, context["region_name"])
    template = "organisation/body_detail.html"
    if is_htmx(request):
        template += "#composition"
    return render(request, template, context, status=status)


@signed_in
def composition_report(
    request: HttpRequest, structure_slug: str, body_slug: str
) -> HttpResponse:
    body = selectors.get_body(structure_slug, body_slug)
    context, status = _composition_context(request, body)
    context["rotation"] = chair_rotation(body, context["day"], years=5)
    return render(
        request, "organisation/composition_report.html", context, status=status
    )


@public
@cached_page
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    memberships = person.memberships.select_related(
        "body", "body__structure", "party"
    ).order_by("-start", "body__name")
    today = timezone.localdate()
    return render(
        request,
        "organisation/person_detail.html",
        {
            "person": person,
            "current": [m for m in memberships if m.is_active_on(today)],
            "past": [m for m in memberships if not m.is_active_on(today)],
        },
    )
