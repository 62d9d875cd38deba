from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import (
    can_answer_deviation,
    can_close_deviation,
    can_report_for,
    handles_body,
    public,
    represented_party_ids,
    sides_of,
    signed_in,
    visible_deviations,
)
from samverkan.documents.models import DocumentVersion
from samverkan.documents.views import file_response
from samverkan.lib.errors import DomainError
from samverkan.lib.exports import table_response
from samverkan.operations.pagecache import cached_page
from samverkan.organisation.models import Party, Side, Structure

from . import services
from .forms import (
    AnswerForm,
    DeviationForm,
    DisputeForm,
    PositionForm,
    ReasonForm,
    RecommendForm,
    RespondForm,
    StatisticsForm,
)
from .models import Deviation, Dispute
from .statistics import Filters, deviation_statistics


def _reporting_parties(request: HttpRequest, structure: Structure):  # noqa: ANN202
    parties = Party.objects.filter(structure=structure)
    if request.user.is_superuser:
        return parties
    return parties.filter(pk__in=represented_party_ids(request.user))


def _deviation_for(request: HttpRequest, pk: int) -> Deviation:
    queryset = Deviation.objects.select_related(
        "structure", "reporting_party", "concerned_party", "body", "matter__body"
    )
    deviation = get_object_or_404(visible_deviations(request.user, queryset), pk=pk)
    return deviation


@signed_in
@cached_page
def deviation_list(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_object_or_404(Structure, slug=structure_slug)
    deviations = visible_deviations(
        request.user,
        Deviation.objects.filter(structure=structure).select_related(
            "reporting_party", "concerned_party"
        ),
    )
    status = request.GET.get("status", "")
    if status in Deviation.Status.values:
        deviations = deviations.filter(status=status)
    return render(
        request,
        "deviations/deviation_list.html",
        {
            "structure": structure,
            "deviations": deviations[:200],
            "status": status,
            "statuses": Deviation.Status.choices,
            "today": timezone.localdate(),
            "may_report": _reporting_parties(request, structure).exists(),
        },
    )


@signed_in
def deviation_create(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_object_or_404(Structure, slug=structure_slug)
    reporting = _reporting_parties(request, structure)
    if not reporting.exists():
        raise PermissionDenied
    form = DeviationForm(
        request.POST or None,
        request.FILES or None,
        structure=structure,
        reporting=reporting,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not can_report_for(request.user, data["reporting_party"]):
            raise PermissionDenied
        try:
            deviation = services.report_deviation(
                structure=structure, actor=request.user, **data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Avvikelsen %(reference)s har skickats till %(party)s. "
                    "Svar senast %(due)s."
                )
                % {
                    "reference": deviation.reference,
                    "party": deviation.concerned_party.name,
                    "due": deviation.answer_due.isoformat(),
                },
            )
            return redirect(deviation)
    return render(
        request,
        "deviations/deviation_form.html",
        {"structure": structure, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in
@cached_page
def deviation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deviation = _deviation_for(request, pk)
    may_answer = can_answer_deviation(request.user, deviation) and deviation.status in (
        Deviation.Status.SENT,
        Deviation.Status.ESCALATED,
    )
    may_close = can_close_deviation(request.user, deviation)
    return render(
        request,
        "deviations/deviation_detail.html",
        {
            "deviation": deviation,
            "structure": deviation.structure,
            "events": deviation.events.select_related("actor"),
            "documents": deviation.documents.prefetch_related("versions"),
            "answer_form": AnswerForm() if may_answer else None,
            "may_close": may_close and deviation.status == Deviation.Status.ANSWERED,
            "may_escalate": may_close
            and deviation.level != "central"
            and (
                deviation.status
                in (Deviation.Status.ANSWERED, Deviation.Status.ESCALATED)
                or deviation.answer_due < timezone.localdate()
            ),
            "reason_form": ReasonForm(),
            "dispute": getattr(deviation, "dispute", None),
        },
    )


def _act(
    request: HttpRequest, deviation: Deviation, action, success: str
) -> HttpResponse:  # noqa: ANN001
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(deviation)


@signed_in
@require_POST
def deviation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    deviation = _deviation_for(request, pk)
    if not can_answer_deviation(request.user, deviation):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv ett svar."))
        return redirect(deviation)
    return _act(
        request,
        deviation,
        lambda: services.answer_deviation(
            deviation=deviation, answer=form.cleaned_data["answer"], actor=request.user
        ),
        _("Svaret har skickats."),
    )


@signed_in
@require_POST
def deviation_close(request: HttpRequest, pk: int) -> HttpResponse:
    deviation = _deviation_for(request, pk)
    if not can_close_deviation(request.user, deviation):
        raise PermissionDenied
    return _act(
        request,
        deviation,
        lambda: services.close_deviation(deviation=deviation, actor=request.user),
        _("Avvikelsen är avslutad."),
    )


@signed_in
@require_POST
def deviation_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    deviation = _deviation_for(request, pk)
    if not can_close_deviation(request.user, deviation):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        deviation,
        lambda: services.escalate_deviation(
            deviation=deviation, actor=request.user, reason=reason
        ),
        _("Avvikelsen har lyfts till nästa nivå."),
    )


@signed_in
def deviation_download(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    deviation = _deviation_for(request, pk)
    version = get_object_or_404(
        DocumentVersion, pk=version_pk, document__deviations=deviation
    )
    return file_response(version)


def _statistics(
    request: HttpRequest, structure: Structure
) -> tuple[StatisticsForm, object]:
    form = StatisticsForm(request.GET or None, structure=structure)
    filters = Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = Filters(
            start=data["start"],
            end=data["end"],
            category=data["category"],
            party_id=data["party"].pk if data["party"] else None,
            subregion_id=data["subregion"].pk if data["subregion"] else None,
        )
    return form, deviation_statistics(structure, filters, today=timezone.localdate())


@public
@cached_page
def statistics(request: HttpRequest, structure_slug: str) -> HttpResponse:
    """Aggregated statistics only: never a single report."""
    structure = get_object_or_404(Structure, slug=structure_slug)
    form, stats = _statistics(request, structure)
    export = request.GET.get("export")
    rows = [
        [title, str(label), value]
        for _key, title, table in stats.tables
        for label, value in table
    ]
    header = [_("Tabell"), _("Grupp"), _("Antal")]
    if export in {"csv", "xlsx"}:
        return table_response(export, "avvikelsestatistik", header, rows)
    context = {
        "structure": structure,
        "form": form,
        "stats": stats,
        "query": request.GET.urlencode(),
    }
    if export == "pdf":
        from weasyprint import HTML

        html = render_to_string(
            "deviations/statistics_report.html", context, request=request
        )
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            'attachment; filename="avvikelsestatistik.pdf"'
        )
        return response
    return render(
        request,
        "deviations/statistics.html",
        context,
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# Disputes -------------------------------------------------------------------


def _dispute_for(request: HttpRequest, pk: int) -> Dispute:
    dispute = get_object_or_404(
        Dispute.objects.select_related(
            "structure", "opened_by", "matter__body", "deviation"
        ),
        pk=pk,
    )
    user = request.user
    sees = (
        user.is_superuser
        or sides_of(user)
        or (dispute.matter_id and handles_body(user, dispute.matter.body_id))
    )
    if not sees:
        raise Http404
    return dispute


@signed_in
def dispute_create(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_object_or_404(Structure, slug=structure_slug)
    parties = _reporting_parties(request, structure)
    if not parties.exists():
        raise PermissionDenied
    deviation = None
    if request.GET.get("avvikelse") or request.POST.get("deviation"):
        deviation = _deviation_for(
            request, int(request.GET.get("avvikelse") or request.POST["deviation"])
        )
    form = DisputeForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = services.open_dispute(
                structure=structure,
                actor=request.user,
                deviation=deviation,
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect(dispute)
    return render(
        request,
        "deviations/dispute_form.html",
        {"structure": structure, "form": form, "deviation": deviation},
        status=400 if form.errors else 200,
    )


@signed_in
@cached_page
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk)
    my_sides = sides_of(request.user) | (
        set(Side.values) if request.user.is_superuser else set()
    )
    handles = bool(
        dispute.matter_id and handles_body(request.user, dispute.matter.body_id)
    )
    positions = {p.side: p for p in dispute.positions.all()}
    responses = {r.side: r for r in dispute.responses.all()}
    sides = [
        {
            "side": Side(side),
            "position": positions.get(side),
            "response": responses.get(side),
            "may_write": side in my_sides and dispute.status == Dispute.Status.OPEN,
            "may_respond": side in my_sides
            and dispute.status == Dispute.Status.RECOMMENDED
            and side not in responses,
        }
        for side in Side.values
    ]
    return render(
        request,
        "deviations/dispute_detail.html",
        {
            "dispute": dispute,
            "structure": dispute.structure,
            "sides": sides,
            "position_form": PositionForm(),
            "respond_form": RespondForm(),
            "recommend_form": RecommendForm()
            if handles and dispute.status == Dispute.Status.OPEN
            else None,
        },
    )


@signed_in
@require_POST
def dispute_position(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    dispute = _dispute_for(request, pk)
    if side not in sides_of(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    form = PositionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv ståndpunkten."))
        return redirect(dispute)
    return _act(
        request,
        dispute,
        lambda: services.write_position(
            dispute=dispute,
            side=side,
            text=form.cleaned_data["text"],
            actor=request.user,
        ),
        _("Ståndpunkten har sparats."),
    )


@signed_in
@require_POST
def dispute_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk)
    if not (dispute.matter_id and handles_body(request.user, dispute.matter.body_id)):
        raise PermissionDenied
    form = RecommendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv rekommendationen och ange ett giltigt datum."))
        return redirect(dispute)
    return _act(
        request,
        dispute,
        lambda: services.recommend(
            dispute=dispute, actor=request.user, **form.cleaned_data
        ),
        _("Rekommendationen har sparats."),
    )


@signed_in
@require_POST
def dispute_respond(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    dispute = _dispute_for(request, pk)
    if side not in sides_of(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj om parten accepterar rekommendationen."))
        return redirect(dispute)
    return _act(
        request,
        dispute,
        lambda: services.respond(
            dispute=dispute, side=side, actor=request.user, **form.cleaned_data
        ),
        _("Svaret har sparats."),
    )
