from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import (
    can_attach_to_matter,
    can_handle_matter,
    can_update_uptake,
    can_view_matter,
    handles_body,
    parties_user_may_raise_for,
    public,
    signed_in,
)
from samverkan.documents.forms import UploadForm
from samverkan.documents.models import DocumentVersion
from samverkan.documents.views import file_response
from samverkan.lib.errors import DomainError
from samverkan.lib.exports import table_response
from samverkan.operations.pagecache import cached_page
from samverkan.organisation.models import Side, Structure
from samverkan.organisation.selectors import get_body

from . import selectors, services
from .forms import (
    AnalysisForm,
    CrossReferenceForm,
    EconomyFormSet,
    MatterFilterForm,
    MatterForm,
    PreparationForm,
    RecommendationForm,
    RouteForm,
    TransitionForm,
    UptakeForm,
)
from .models import ConsequenceAnalysis, Matter, Uptake

EXPORT_COLUMNS = [
    ("registry_number", _("Diarienummer")),
    ("title", _("Rubrik")),
    ("raised_by", _("Väckt av")),
    ("category", _("Kategori")),
    ("status", _("Status")),
    ("created", _("Registrerat")),
]


def _matter_for(request: HttpRequest, pk: int, *, handle: bool = False) -> Matter:
    matter = get_object_or_404(
        Matter.objects.select_related(
            "body__structure", "raised_by", "contact", "routed_to__body"
        ),
        pk=pk,
    )
    if not can_view_matter(request.user, matter):
        raise Http404
    if handle and not can_handle_matter(request.user, matter):
        raise PermissionDenied
    return matter


def export_rows(matters) -> list[list[str]]:  # noqa: ANN001
    return [
        [
            m.registry_number,
            m.title,
            m.raised_by.name,
            m.get_category_display(),
            m.get_status_display(),
            timezone.localtime(m.created).date().isoformat(),
        ]
        for m in matters
    ]


@signed_in
@cached_page
def matter_list(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_object_or_404(Structure, slug=structure_slug)
    form = MatterFilterForm(request.GET or {}, structure=structure)
    matters = form.filter(selectors.matters_for(request.user, structure))
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        header = [label for _key, label in EXPORT_COLUMNS]
        return table_response(
            export, f"arenden-{structure.slug}", header, export_rows(matters)
        )
    page = Paginator(matters, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "matters/matter_list.html",
        {
            "structure": structure,
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
        status=200 if form.is_valid() else 400,
    )


@signed_in
def matter_create(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_object_or_404(Structure, slug=structure_slug)
    parties = parties_user_may_raise_for(request.user, structure.pk)
    if not parties.exists():
        raise PermissionDenied
    form = MatterForm(
        request.POST or None,
        request.FILES or None,
        structure=structure,
        parties=parties,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = services.register_matter(
                actor=request.user,
                contact=getattr(request.user, "person", None),
                **data,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("matters:registered", pk=matter.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "matters/matter_form.html",
        {"structure": structure, "form": form},
        status=status,
    )


@signed_in
def matter_registered(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter_for(request, pk)
    return render(
        request,
        "matters/matter_registered.html",
        {"matter": matter, "structure": matter.body.structure},
    )


@signed_in
@cached_page
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter_for(request, pk)
    handles = can_handle_matter(request.user, matter)
    recommendations = list(
        matter.recommendations.prefetch_related(
            Prefetch("uptakes", queryset=Uptake.objects.select_related("party"))
        )
    )
    for recommendation in recommendations:
        recommendation.summary = selectors.uptake_summary(recommendation)
        for uptake in recommendation.uptakes.all():
            uptake.editable = handles or can_update_uptake(request.user, uptake)
    analyses = {a.side: a for a in matter.analyses.prefetch_related("economy__party")}
    context = {
        "matter": matter,
        "structure": matter.body.structure,
        "handles": handles,
        "events": matter.events.select_related("actor"),
        "analyses": [(side, analyses.get(side)) for side in Side],
        "missing_analyses": services.missing_analyses(matter),
        "references": matter.references.select_related("party"),
        "recommendations": recommendations,
        "next_statuses": [
            Matter.Status(s) for s in sorted(services.TRANSITIONS[matter.status])
        ],
        "route_form": RouteForm(matter=matter) if handles else None,
        "reference_form": CrossReferenceForm(matter=matter) if handles else None,
        "recommendation_form": RecommendationForm() if handles else None,
        "routed_from": Matter.objects.filter(routed_to=matter)
        .select_related("body")
        .first(),
        "documents": matter.documents.prefetch_related("versions"),
        "upload_form": UploadForm()
        if can_attach_to_matter(request.user, matter)
        else None,
        "preparers": matter.preparers.all(),
        "preparation_form": PreparationForm(
            matter=matter,
            initial={
                "preparing_body": matter.preparing_body_id,
                "preparers": list(matter.preparers.values_list("pk", flat=True)),
                "notes": matter.preparation_notes,
            },
        )
        if handles
        else None,
        # The agenda items that treated the matter, with what they decided.
        "treatments": matter.agenda_items.select_related(
            "meeting__body"
        ).prefetch_related("follow_ups", "assignments"),
    }
    return render(request, "matters/matter_detail.html", context)


@signed_in
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter_for(request, pk)
    if not can_attach_to_matter(request.user, matter):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Välj minst en fil att bifoga."))
        return redirect(matter)
    try:
        for filename, content in form.cleaned_data["files"]:
            services.attach_document(
                matter=matter, filename=filename, content=content, actor=request.user
            )
    except DomainError as error:
        return _refuse(request, matter, error)
    messages.success(request, _("Dokumenten har bifogats."))
    return redirect(matter)


@signed_in
def document_download(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    matter = _matter_for(request, pk)
    version = get_object_or_404(
        DocumentVersion, pk=version_pk, document__matters=matter
    )
    return file_response(version)


def _refuse(request: HttpRequest, matter: Matter, error: DomainError) -> HttpResponse:
    messages.error(request, error.message)
    return redirect(matter)


@signed_in
@require_POST
def matter_transition(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter_for(request, pk, handle=True)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj en giltig status."))
        return redirect(matter)
    try:
        event = services.transition_matter(
            matter=matter,
            to=form.cleaned_data["to"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return _refuse(request, matter, error)
    messages.success(
        request,
        _("Ärendet har nu status ”%(status)s”.")
        % {"status": event.get_to_status_display()},
    )
    return redirect(matter)


@signed_in
@require_POST
def matter_route(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter_for(request, pk, handle=True)
    form = RouteForm(request.POST, matter=matter)
    if not form.is_valid():
        messages.error(
            request, _("Välj organ och ange ett skäl för att överlämna ärendet.")
        )
        return redirect(matter)
    try:
        successor = services.route_matter(
            matter=matter,
            to_body=form.cleaned_data["to_body"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return _refuse(request, matter, error)
    messages.success(
        request,
        _("Ärendet har överlämnats och fått diarienummer %(number)s.")
        % {"number": successor.registry_number},
    )
    return redirect(successor)


@signed_in
def analysis_edit(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    matter = _matter_for(request, pk, handle=True)
    if side not in Side.values:
        raise Http404
    analysis = ConsequenceAnalysis.objects.filter(matter=matter, side=side).first()
    initial_economy = [
        {"party": e.party, "year": e.year, "amount_sek": e.amount_sek, "note": e.note}
        for e in (analysis.economy.select_related("party") if analysis else [])
    ]
    form = AnalysisForm(request.POST or None, instance=analysis)
    economy = EconomyFormSet(
        request.POST or None,
        initial=initial_economy,
        prefix="economy",
        form_kwargs={"matter": matter, "side": side},
    )
    if request.method == "POST" and form.is_valid() and economy.is_valid():
        rows = [
            (f["party"], f["year"], f["amount_sek"], f["note"])
            for f in economy.cleaned_data
            if f and not f.get("DELETE")
        ]
        texts = {k: v for k, v in form.cleaned_data.items() if k != "completed"}
        try:
            services.save_analysis(
                matter=matter,
                side=side,
                actor=request.user,
                completed=form.cleaned_data["completed"],
                economy=rows,
                **texts,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Konsekvensanalysen har sparats."))
            return redirect(matter)
    return render(
        request,
        "matters/analysis_form.html",
        {
            "matter": matter,
            "structure": matter.body.structure,
            "side": Side(side),
            "form": form,
            "economy": economy,
        },
        status=400 if request.method == "POST" else 200,
    )


@signed_in
@require_POST
def preparation_save(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter_for(request, pk, handle=True)
    form = PreparationForm(request.POST, matter=matter)
    if not form.is_valid():
        messages.error(
            request, _("Välj beredande organ och beredare bland de föreslagna.")
        )
        return redirect(matter)
    try:
        services.save_preparation(
            matter=matter,
            preparing_body=form.cleaned_data["preparing_body"],
            preparers=form.cleaned_data["preparers"],
            notes=form.cleaned_data["notes"],
            actor=request.user,
        )
    except DomainError as error:
        return _refuse(request, matter, error)
    messages.success(request, _("Beredningen är sparad."))
    return redirect(matter)


@signed_in
@require_POST
def reference_add(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter_for(request, pk, handle=True)
    form = CrossReferenceForm(request.POST, matter=matter)
    if not form.is_valid():
        messages.error(request, _("Välj part och ange partens diarienummer."))
        return redirect(matter)
    try:
        services.add_cross_reference(matter=matter, **form.cleaned_data)
    except DomainError as error:
        return _refuse(request, matter, error)
    return redirect(matter)


@signed_in
@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter_for(request, pk, handle=True)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv rekommendationen och ange ett giltigt datum."))
        return redirect(matter)
    try:
        services.issue_recommendation(
            matter=matter, actor=request.user, **form.cleaned_data
        )
    except DomainError as error:
        return _refuse(request, matter, error)
    messages.success(request, _("Rekommendationen har skickats till parterna."))
    return redirect(matter)


@signed_in
def uptake_edit(request: HttpRequest, pk: int) -> HttpResponse:
    uptake = get_object_or_404(
        Uptake.objects.select_related(
            "party", "recommendation__matter__body__structure"
        ),
        pk=pk,
    )
    matter = _matter_for(request, uptake.recommendation.matter_id)
    if not can_update_uptake(request.user, uptake):
        raise PermissionDenied
    form = UptakeForm(request.POST or None, instance=uptake)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_uptake(
                uptake=uptake, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Svaret har sparats."))
            return redirect(matter)
    return render(
        request,
        "matters/uptake_form.html",
        {
            "uptake": uptake,
            "matter": matter,
            "structure": matter.body.structure,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@signed_in
@cached_page
def waiting(request: HttpRequest, structure_slug: str) -> HttpResponse:
    """What waits for the signed-in official: matters of the bodies they serve."""
    structure = get_object_or_404(Structure, slug=structure_slug)
    open_statuses = [
        Matter.Status.RECEIVED,
        Matter.Status.IN_PREPARATION,
        Matter.Status.SENT_BACK,
        Matter.Status.READY,
    ]
    candidates = selectors.matters_for(request.user, structure).filter(
        status__in=open_statuses
    )
    body_ids = {m.body_id for m in candidates}
    handled = {body_id for body_id in body_ids if handles_body(request.user, body_id)}
    matters = [m for m in candidates if m.body_id in handled]
    return render(
        request,
        "matters/waiting.html",
        {"structure": structure, "matters": matters},
    )


@public
@cached_page
def registry(request: HttpRequest, structure_slug: str, body_slug: str) -> HttpResponse:
    body = get_body(structure_slug, body_slug)
    year_text = request.GET.get("ar", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    years = sorted(
        set(Matter.objects.filter(body=body).values_list("year", flat=True)) | {year},
        reverse=True,
    )
    return render(
        request,
        "matters/registry.html",
        {
            "structure": body.structure,
            "body": body,
            "year": year,
            "years": years,
            "matters": selectors.public_registry(body, year),
        },
    )
