"""The import page of a body: upload, watch the files being read, confirm each."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import can_manage_body, signed_in
from samverkan.lib.errors import DomainError
from samverkan.lib.htmx import is_htmx
from samverkan.organisation.models import Body
from samverkan.organisation.selectors import get_body

from . import services, tasks
from .forms import CompositionUploadForm, MinutesUploadForm
from .models import ImportBatch, ImportFile
from .people import NEW


def _manage(request: HttpRequest, body: Body) -> None:
    if not can_manage_body(request.user, body):
        raise PermissionDenied


def _batch(
    request: HttpRequest, pk: int, structure_slug: str, body_slug: str
) -> ImportBatch:
    batch = get_object_or_404(
        ImportBatch.objects.select_related("body__structure"),
        pk=pk,
        body__slug=body_slug,
        body__structure__slug=structure_slug,
    )
    if not can_manage_body(request.user, batch.body):
        raise Http404
    return batch


@signed_in
def upload(request: HttpRequest, structure_slug: str, body_slug: str) -> HttpResponse:
    """Upload one or many files of minutes; they are read in the background."""
    body = get_body(structure_slug, body_slug)
    _manage(request, body)
    form = MinutesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.create_batch(
                body=body, files=form.cleaned_data["files"], actor=request.user
            )
        except DomainError as error:
            form.add_error("files", error.message)
        else:
            tasks.read_batch.enqueue(batch.pk)
            return redirect(batch)
    return render(
        request,
        "importers/upload.html",
        {"structure": body.structure, "body": body, "form": form},
        status=400 if form.errors else 200,
    )


def _previews(batch: ImportBatch) -> list[dict]:
    previews = []
    for upload in batch.files.all():
        preview = {"file": upload, "plan": None}
        if upload.parsed and upload.status != ImportFile.Status.IMPORTED:
            preview["plan"] = services.plan_upload(upload)
        previews.append(preview)
    return previews


@signed_in
def batch(
    request: HttpRequest, structure_slug: str, body_slug: str, pk: int
) -> HttpResponse:
    """The files of one upload: progress while reading, then a preview of each."""
    found = _batch(request, pk, structure_slug, body_slug)
    context = {
        "batch": found,
        "body": found.body,
        "structure": found.body.structure,
        "files": list(found.files.defer("content")),
    }
    if not found.reading:
        context["previews"] = _previews(found)
    return render(request, "importers/batch.html", context)


@signed_in
def progress(
    request: HttpRequest, structure_slug: str, body_slug: str, pk: int
) -> HttpResponse:
    """The progress bar alone, polled by htmx; when done, the page reloads."""
    found = _batch(request, pk, structure_slug, body_slug)
    if is_htmx(request) and not found.reading:
        return HttpResponse(headers={"HX-Refresh": "true"})
    return render(
        request,
        "importers/batch.html#progress",
        {"batch": found, "files": list(found.files.defer("content"))},
    )


@signed_in
@require_POST
def confirm(
    request: HttpRequest, structure_slug: str, body_slug: str, pk: int
) -> HttpResponse:
    """Import one read file with the people chosen in the preview."""
    upload = get_object_or_404(
        ImportFile.objects.select_related("batch__body__structure"), pk=pk
    )
    _batch(request, upload.batch_id, structure_slug, body_slug)
    plan = services.plan_upload(upload)
    decisions = _decisions(request, plan.open_matches())
    try:
        meeting = services.import_upload(
            upload=upload, decisions=decisions, actor=request.user
        )
    except DomainError as error:
        messages.error(request, f"{upload.filename}: {error.message}")
    else:
        messages.success(
            request,
            _("%(file)s är importerad som mötet %(meeting)s.")
            % {"file": upload.filename, "meeting": meeting},
        )
    return redirect(upload.batch)


@signed_in
def composition_upload(
    request: HttpRequest, structure_slug: str, body_slug: str
) -> HttpResponse:
    """Upload a body's page; its members table is previewed before anything changes."""
    body = get_body(structure_slug, body_slug)
    _manage(request, body)
    form = CompositionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            read = services.composition_batch(
                body=body,
                filename=upload.name,
                content=upload.read(),
                start=form.cleaned_data["start"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect(read.composition_url())
    return render(
        request,
        "importers/composition_upload.html",
        {"structure": body.structure, "body": body, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in
def composition(
    request: HttpRequest, structure_slug: str, body_slug: str, pk: int
) -> HttpResponse:
    """Preview the table (GET) or make the memberships what it says (POST)."""
    upload = get_object_or_404(
        ImportFile.objects.select_related("batch__body__structure"),
        pk=pk,
        batch__kind="composition",
    )
    _batch(request, upload.batch_id, structure_slug, body_slug)
    plan = services.plan_composition_upload(upload)
    body = plan.body
    if request.method == "POST":
        decisions = _decisions(request, plan.open_matches())
        try:
            changes = services.import_composition_upload(
                upload=upload, decisions=decisions, actor=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(upload.composition_url())
        messages.success(
            request,
            _(
                "Sammansättningen är importerad: %(added)s nya, %(changed)s ändrade, %(ended)s avslutade, %(same)s oförändrade."
            )
            % {key: len(names) for key, names in changes.items()},
        )
        return redirect(
            "organisation:composition-report", body.structure.slug, body.slug
        )
    return render(
        request,
        "importers/composition_preview.html",
        {
            "structure": body.structure,
            "body": body,
            "upload": upload,
            "plan": plan,
            "ending": services.seats_to_end(plan),
        },
    )


def _decisions(request: HttpRequest, open_matches: list) -> dict[str, str]:
    decisions = {}
    for n, match in enumerate(open_matches):
        choice = request.POST.get(f"person-{n}", "")
        allowed = {str(pk) for pk, _name in match.candidates} | {NEW, "skip"}
        if choice in allowed:
            decisions[match.name] = choice
    return decisions
