import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import may_follow_up, signed_in, takes_part_in
from samverkan.documents.forms import UploadForm
from samverkan.documents.models import DocumentVersion
from samverkan.documents.views import file_response
from samverkan.lib.errors import DomainError
from samverkan.lib.exports import table_response
from samverkan.meetings.models import Assignment
from samverkan.operations.pagecache import cached_page
from samverkan.organisation.models import Party, Structure, SubRegion

from . import followup, report, services
from .forms import EconomicItemForm, FilterForm, ImportForm, MeasurementForm
from .models import Agreement, Indicator, Measurement

SESSION_IMPORT = "agreement-import"


def _structure(request: HttpRequest, structure_slug: str) -> Structure:
    """Return the structure; the follow-up is internal to those who take part in it."""
    structure = get_object_or_404(Structure, slug=structure_slug)
    if not takes_part_in(request.user, structure.pk):
        raise Http404
    return structure


def _agreement(request: HttpRequest, structure_slug: str, slug: str) -> Agreement:
    structure = _structure(request, structure_slug)
    return get_object_or_404(
        Agreement.objects.select_related("structure"), structure=structure, slug=slug
    )


def _editor(request: HttpRequest, agreement: Agreement) -> None:
    if not may_follow_up(request.user, agreement.structure_id):
        raise PermissionDenied


@signed_in
@cached_page
def agreement_list(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = _structure(request, structure_slug)
    return render(
        request,
        "agreement/agreement_list.html",
        {"structure": structure, "agreements": structure.agreements.all()},
    )


def _filtered_views(
    request: HttpRequest, agreement: Agreement
) -> tuple[FilterForm, dict]:
    form = FilterForm(request.GET or None, structure=agreement.structure)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    views = followup.agreement_views(
        agreement,
        first=data.get("first", ""),
        last=data.get("last", ""),
        unit=data.get("unit", ""),
    )
    return form, views


@signed_in
@cached_page
def dashboard(request: HttpRequest, structure_slug: str, slug: str) -> HttpResponse:
    agreement = _agreement(request, structure_slug, slug)
    form, views = _filtered_views(request, agreement)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        return _export(agreement, views, export)
    goals = [
        (goal, views.get(goal.pk, []))
        for goal in agreement.goals.select_related("focus_area").prefetch_related(
            "assignments__owners", "assignments__origin_item__meeting__body"
        )
    ]
    years, parties = followup.economy(agreement)
    may_edit = may_follow_up(request.user, agreement.structure_id)
    return render(
        request,
        "agreement/dashboard.html",
        {
            "structure": agreement.structure,
            "agreement": agreement,
            "form": form,
            "goals": goals,
            "economy_years": years,
            "economy_chart": [(str(y.year), y.balance) for y in years],
            "query": request.GET.urlencode(),
            "may_edit": may_edit,
            "documents": agreement.documents.prefetch_related("versions"),
            "open_assignments": Assignment.objects.filter(
                origin_item__meeting__body__structure=agreement.structure
            ).exclude(status=Assignment.Status.DONE)
            if may_edit
            else [],
            "upload_form": UploadForm() if may_edit else None,
        },
    )


def _export(agreement: Agreement, views: dict, kind: str) -> HttpResponse:
    header = [_("Indikator"), _("Period"), _("Enhet"), _("Värde"), _("Mål")]
    rows = [
        [view.indicator.code, period.period, unit, value, view.indicator.target or ""]
        for goal_views in views.values()
        for view in goal_views
        for period in view.periods
        for unit, value in sorted(period.values.items())
    ]
    years, parties = followup.economy(agreement)
    rows += [[_("ekonomi"), str(year), name, net, ""] for name, year, net in parties]
    return table_response(kind, f"uppfoljning-{agreement.slug}", header, rows)


def _unit_from(agreement: Agreement, indicator: Indicator, name: str) -> services.Unit:
    name = name.strip()
    if indicator.breakdown == Indicator.Breakdown.MUNICIPALITY:
        party = Party.objects.filter(
            structure=agreement.structure, name__iexact=name
        ).first()
        if party is None:
            raise DomainError(_("Okänd kommun: %(name)s.") % {"name": name or "–"})
        return services.Unit(party=party)
    if indicator.breakdown == Indicator.Breakdown.SUBREGION:
        subregion = SubRegion.objects.filter(
            structure=agreement.structure, name__iexact=name
        ).first()
        if subregion is None:
            raise DomainError(_("Okänd delregion: %(name)s.") % {"name": name or "–"})
        return services.Unit(subregion=subregion)
    return services.Unit(region_unit=name)


@signed_in
def measurement_add(
    request: HttpRequest, structure_slug: str, slug: str
) -> HttpResponse:
    agreement = _agreement(request, structure_slug, slug)
    _editor(request, agreement)
    form = MeasurementForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measurement = services.record_measurement(
                indicator=data["indicator"],
                period=data["period"],
                unit=_unit_from(agreement, data["indicator"], data["unit"]),
                value=data["value"],
                source=data["source"],
                comment=data["comment"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Värdet har sparats.")
                + (
                    " " + _("Det tidigare värdet finns kvar i historiken.")
                    if measurement.replaces
                    else ""
                ),
            )
            return redirect("agreement:measurement", structure_slug, slug)
    return render(
        request,
        "agreement/measurement_form.html",
        {"structure": agreement.structure, "agreement": agreement, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in
def indicator_history(
    request: HttpRequest, structure_slug: str, slug: str, code: str
) -> HttpResponse:
    agreement = _agreement(request, structure_slug, slug)
    indicator = get_object_or_404(Indicator, goal__agreement=agreement, code=code)
    measurements = (
        Measurement.objects.filter(indicator=indicator)
        .select_related("party", "subregion", "recorded_by")
        .order_by("-period_start", "party__name", "-recorded")
    )
    return render(
        request,
        "agreement/indicator_history.html",
        {
            "structure": agreement.structure,
            "agreement": agreement,
            "indicator": indicator,
            "measurements": measurements[:500],
        },
    )


@signed_in
def import_measurements(
    request: HttpRequest, structure_slug: str, slug: str
) -> HttpResponse:
    """Upload, preview, then confirm: the whole file is imported or nothing."""
    agreement = _agreement(request, structure_slug, slug)
    _editor(request, agreement)
    context = {"structure": agreement.structure, "agreement": agreement}
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(SESSION_IMPORT)
        if not stored or stored["agreement"] != agreement.pk:
            messages.error(
                request, _("Ladda upp filen igen; förhandsgranskningen har gått ut.")
            )
            return redirect("agreement:import", structure_slug, slug)
        try:
            parsed = services.import_measurements(
                agreement=agreement,
                filename=stored["filename"],
                content=base64.b64decode(stored["content"]),
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("agreement:import", structure_slug, slug)
        del request.session[SESSION_IMPORT]
        messages.success(
            request,
            _("%(count)s värden har importerats.") % {"count": len(parsed.rows)},
        )
        return redirect(agreement)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            parsed = services.parse_import(agreement, upload.name, content)
        except DomainError as error:
            form.add_error("file", error.message)
            status = 400
        else:
            context["parsed"] = parsed
            if parsed.valid:
                request.session[SESSION_IMPORT] = {
                    "agreement": agreement.pk,
                    "filename": upload.name,
                    "content": base64.b64encode(content).decode(),
                }
            else:
                status = 400
    elif request.method == "POST":
        status = 400
    context["form"] = form
    return render(request, "agreement/import.html", context, status=status)


@signed_in
def import_template(
    request: HttpRequest, structure_slug: str, slug: str
) -> HttpResponse:
    agreement = _agreement(request, structure_slug, slug)
    rows = services.template_rows(agreement)
    kind = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return table_response(kind, "importmall", rows[0], rows[1:])


@signed_in
def economy(request: HttpRequest, structure_slug: str, slug: str) -> HttpResponse:
    agreement = _agreement(request, structure_slug, slug)
    may_edit = may_follow_up(request.user, agreement.structure_id)
    form = (
        EconomicItemForm(request.POST or None, agreement=agreement)
        if may_edit
        else None
    )
    if request.method == "POST":
        _editor(request, agreement)
        if form.is_valid():
            try:
                services.add_economic_item(
                    agreement=agreement, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Posten har sparats."))
                return redirect("agreement:economy", structure_slug, slug)
    years, parties = followup.economy(agreement)
    return render(
        request,
        "agreement/economy.html",
        {
            "structure": agreement.structure,
            "agreement": agreement,
            "years": years,
            "parties": parties,
            "items": agreement.economy.select_related("party"),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@signed_in
@require_POST
def goal_link(
    request: HttpRequest, structure_slug: str, slug: str, goal_pk: int
) -> HttpResponse:
    agreement = _agreement(request, structure_slug, slug)
    _editor(request, agreement)
    goal = get_object_or_404(agreement.goals, pk=goal_pk)
    assignment = get_object_or_404(Assignment, pk=request.POST.get("assignment"))
    try:
        services.link_assignment(goal=goal, assignment=assignment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Uppdraget är kopplat till målet."))
    return redirect(agreement)


@signed_in
@require_POST
def document_upload(
    request: HttpRequest, structure_slug: str, slug: str
) -> HttpResponse:
    agreement = _agreement(request, structure_slug, slug)
    _editor(request, agreement)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Välj minst en fil att bifoga."))
        return redirect(agreement)
    try:
        for filename, content in form.cleaned_data["files"]:
            services.attach_agreement_document(
                agreement=agreement,
                filename=filename,
                content=content,
                actor=request.user,
            )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Dokumenten har bifogats."))
    return redirect(agreement)


@signed_in
def document_download(
    request: HttpRequest, structure_slug: str, slug: str, version_pk: int
) -> HttpResponse:
    agreement = _agreement(request, structure_slug, slug)
    version = get_object_or_404(
        DocumentVersion, pk=version_pk, document__agreements=agreement
    )
    return file_response(version)


@signed_in
def report_document(
    request: HttpRequest, structure_slug: str, slug: str, kind: str
) -> HttpResponse:
    """The follow-up report to CS, as PDF or Word, from the same data."""
    agreement = _agreement(request, structure_slug, slug)
    if kind not in {"pdf", "docx"}:
        raise Http404
    data = report.build(agreement)
    if kind == "pdf":
        response = HttpResponse(
            report.as_pdf(data, request), content_type="application/pdf"
        )
    else:
        response = HttpResponse(
            report.as_docx(data),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="uppfoljningsrapport-{agreement.slug}.{kind}"'
    )
    return response
