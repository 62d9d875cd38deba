import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import (
    can_manage_body,
    can_read_minutes,
    can_view_meeting,
    public,
    signed_in,
    visible_to,
)
from samverkan.documents.forms import UploadForm
from samverkan.documents.models import DocumentVersion
from samverkan.documents.views import file_response
from samverkan.lib.errors import DomainError
from samverkan.lib.htmx import is_htmx
from samverkan.operations.pagecache import cached_page
from samverkan.organisation.selectors import get_body

from . import minutes, selectors, services
from .forms import (
    ApproversForm,
    AssignmentForm,
    AttendanceForm,
    FollowUpForm,
    ItemForm,
    MeetingForm,
    OutcomeForm,
    StatementForm,
)
from .models import AgendaItem, Assignment, ChangeProposal, FollowUp, Meeting


def _meeting(request: HttpRequest, pk: int, *, manage: bool = False) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("body__structure", "chair"), pk=pk
    )
    if not can_view_meeting(request.user, meeting):
        raise Http404
    if manage and not can_manage_body(request.user, meeting.body):
        raise PermissionDenied
    return meeting


def _item(request: HttpRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__body__structure", "matter"), pk=pk
    )
    _meeting(request, item.meeting_id, manage=True)
    return item


def _minutes_url(item: AgendaItem) -> str:
    return reverse("meetings:minutes", args=[item.meeting_id]) + f"#punkt-{item.pk}"


def _done(request: HttpRequest, target: str, success: str, action) -> HttpResponse:  # noqa: ANN001
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(target)


@public
@cached_page
def meeting_list(
    request: HttpRequest, structure_slug: str, body_slug: str
) -> HttpResponse:
    body = get_body(structure_slug, body_slug)
    meetings = visible_to(request.user, body.meetings.all()).order_by("-starts_at")
    now = timezone.now()
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "structure": body.structure,
            "body": body,
            "upcoming": [m for m in meetings if m.starts_at >= now][::-1],
            "past": [m for m in meetings if m.starts_at < now],
            "may_manage": can_manage_body(request.user, body),
            "this_year": timezone.localdate().year,
        },
    )


@signed_in
def meeting_create(
    request: HttpRequest, structure_slug: str, body_slug: str
) -> HttpResponse:
    body = get_body(structure_slug, body_slug)
    if not can_manage_body(request.user, body):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        zone = timezone.get_current_timezone()
        starts = dt.datetime.combine(data["date"], data["start"], tzinfo=zone)
        ends = (
            dt.datetime.combine(data["date"], data["end"], tzinfo=zone)
            if data["end"]
            else None
        )
        try:
            meeting = services.create_meeting(
                body=body,
                starts_at=starts,
                ends_at=ends,
                place=data["place"],
                video_link=data["video_link"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("meetings:agenda", meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"structure": body.structure, "body": body, "form": form},
        status=400 if form.errors else 200,
    )


@public
@cached_page
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    attendance = selectors.meeting_attendance(meeting)
    manage = can_manage_body(request.user, meeting.body)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "structure": meeting.body.structure,
            "items": selectors.agenda_items(meeting),
            "summary": selectors.attendance_summary(meeting, attendance)
            if attendance
            else None,
            "manage": manage,
            "read_minutes": can_read_minutes(request.user, meeting),
            "events": meeting.events.select_related("actor") if manage else [],
            "next_statuses": [
                Meeting.Status(s)
                for s in sorted(services.TRANSITIONS[meeting.status])
                if s != Meeting.Status.MINUTES_APPROVED
            ],
        },
    )


@signed_in
@require_POST
def meeting_transition(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, manage=True)
    return _done(
        request,
        meeting.get_absolute_url(),
        _("Mötets status är ändrad."),
        lambda: services.transition_meeting(
            meeting=meeting, to=request.POST.get("to", ""), actor=request.user
        ),
    )


@signed_in
@require_POST
def send_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, manage=True)
    return _done(
        request,
        meeting.get_absolute_url(),
        _("Dagordningen är skickad till organets ledamöter och tjänstepersoner."),
        lambda: services.send_agenda(meeting=meeting, actor=request.user),
    )


@signed_in
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, manage=True)
    form = ItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_item(meeting=meeting, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Punkten är tillagd."))
            return redirect("meetings:agenda", meeting.pk)
    from samverkan.matters.models import Matter

    return render(
        request,
        "meetings/agenda_edit.html",
        {
            "meeting": meeting,
            "structure": meeting.body.structure,
            "items": selectors.meeting_items(meeting),
            "form": form,
            "ready_matters": Matter.objects.filter(
                body=meeting.body, status=Matter.Status.READY
            ),
            "upload_form": UploadForm(),
        },
        status=400 if form.errors else 200,
    )


@signed_in
@require_POST
def agenda_add_matter(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a ready matter on the agenda with one action."""
    from samverkan.matters.models import Matter

    meeting = _meeting(request, pk, manage=True)
    matter = get_object_or_404(Matter, pk=request.POST.get("matter"), body=meeting.body)
    return _done(
        request,
        reverse("meetings:agenda", args=[meeting.pk]),
        _("Ärendet är satt på dagordningen."),
        lambda: services.add_item(
            meeting=meeting,
            title=matter.title,
            kind=AgendaItem.Kind.DECISION,
            description=_("Ärende %(number)s.") % {"number": matter.registry_number},
            matter=matter,
            actor=request.user,
        ),
    )


@signed_in
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    initial = {
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "presenters": [p.person for p in item.presenter_links.select_related("person")],
    }
    form = ItemForm(request.POST or None, initial=initial, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(item=item, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("meetings:agenda", item.meeting_id)
    return render(
        request,
        "meetings/item_form.html",
        {
            "item": item,
            "meeting": item.meeting,
            "structure": item.meeting.body.structure,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@signed_in
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _done(
        request,
        reverse("meetings:agenda", args=[item.meeting_id]) + f"#punkt-{item.pk}",
        _("Ordningen är ändrad."),
        lambda: services.move_item(
            item=item, up=request.POST.get("direction") == "up", actor=request.user
        ),
    )


@signed_in
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _done(
        request,
        reverse("meetings:agenda", args=[item.meeting_id]),
        _("Punkten är borttagen."),
        lambda: services.remove_item(item=item, actor=request.user),
    )


@signed_in
@require_POST
def item_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Välj minst en fil att bifoga."))
        return redirect("meetings:agenda", item.meeting_id)

    def attach() -> None:
        for filename, content in form.cleaned_data["files"]:
            services.attach_to_item(
                item=item, filename=filename, content=content, actor=request.user
            )

    return _done(
        request,
        reverse("meetings:agenda", args=[item.meeting_id]),
        _("Dokumenten har bifogats."),
        attach,
    )


@public
def document_download(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    version = get_object_or_404(
        DocumentVersion, pk=version_pk, document__agenda_items__meeting=meeting
    )
    return file_response(version)


@signed_in
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, manage=True)
    if request.method == "POST" and "fill" in request.POST:
        count = services.attendance_from_composition(
            meeting=meeting, actor=request.user
        )
        messages.success(
            request,
            _("%(count)s personer lades till från organets sammansättning.")
            % {"count": count},
        )
        return redirect("meetings:attendance", meeting.pk)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        party = (
            meeting.body.memberships.filter(person=data["person"])
            .exclude(party=None)
            .values_list("party", flat=True)
            .first()
        )
        from samverkan.organisation.models import Party

        try:
            services.record_attendance(
                meeting=meeting,
                actor=request.user,
                person=data["person"],
                role=data["role"],
                status=data["status"],
                side=data["side"],
                replaced_by=data["replaced_by"],
                party=Party.objects.filter(pk=party).first()
                if party and data["side"]
                else None,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Närvaron är sparad."))
            return redirect("meetings:attendance", meeting.pk)
    attendance = selectors.meeting_attendance(meeting)
    return render(
        request,
        "meetings/attendance_edit.html",
        {
            "meeting": meeting,
            "structure": meeting.body.structure,
            "attendance": attendance,
            "summary": selectors.attendance_summary(meeting, attendance),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@signed_in
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The live minutes: notes per item (autosaved with htmx), outcomes, follow-ups."""
    meeting = _meeting(request, pk, manage=True)
    attendance = selectors.meeting_attendance(meeting)
    return render(
        request,
        "meetings/minutes_edit.html",
        {
            "meeting": meeting,
            "structure": meeting.body.structure,
            "items": selectors.agenda_items(meeting),
            "summary": selectors.attendance_summary(meeting, attendance),
            "follow_up_form": FollowUpForm(meeting=meeting),
            "assignment_form": AssignmentForm(meeting=meeting),
            "statement_form": StatementForm(),
            "approvers_form": ApproversForm(
                meeting=meeting,
                initial={
                    "chair": meeting.chair,
                    "approvers": meeting.approvers.all(),
                    "due": meeting.approval_due,
                },
            ),
            "outcomes": AgendaItem.Outcome.choices,
            "people": [a.person for a in attendance],
        },
    )


@signed_in
@require_POST
def notes_save(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    text = request.POST.get("notes", "")
    try:
        version = int(request.POST.get("version", "-1"))
    except ValueError:
        version = -1
    context = {"item": item, "meeting": item.meeting}
    try:
        item = services.save_notes(
            item=item, text=text, base_version=version, actor=request.user
        )
    except services.NotesConflict as conflict:
        context.update({"conflict": conflict})
        if is_htmx(request):
            return render(request, "meetings/_notes_status.html", context, status=409)
        return render(
            request,
            "meetings/notes_conflict.html",
            {**context, "structure": item.meeting.body.structure},
            status=409,
        )
    except DomainError as error:
        if is_htmx(request):
            return render(
                request,
                "meetings/_notes_status.html",
                {**context, "error": error.message},
                status=409,
            )
        messages.error(request, error.message)
        return redirect(_minutes_url(item))
    if is_htmx(request):
        return render(
            request,
            "meetings/_notes_status.html",
            {"item": item, "saved": timezone.now()},
        )
    messages.success(request, _("Anteckningarna är sparade."))
    return redirect(_minutes_url(item))


@signed_in
@require_POST
def outcome_save(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj ett giltigt utfall."))
        return redirect(_minutes_url(item))
    return _done(
        request,
        _minutes_url(item),
        _("Utfallet är sparat."),
        lambda: services.record_outcome(
            item=item, actor=request.user, **form.cleaned_data
        ),
    )


@signed_in
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    from .followups import parse_follow_up

    item = _item(request, pk)
    form = FollowUpForm(request.POST, meeting=item.meeting)
    if not form.is_valid():
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors)
        )
        return redirect(_minutes_url(item))
    data = form.cleaned_data
    month = data["target_month"]
    if month is None:
        parsed = parse_follow_up(data["text"])
        month = parsed[1] if parsed else None
    return _done(
        request,
        _minutes_url(item),
        _("Återkopplingen är registrerad."),
        lambda: services.add_follow_up(
            item=item,
            text=data["text"],
            target_body=data["target_body"],
            target_month=month,
            actor=request.user,
        ),
    )


@signed_in
@require_POST
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = AssignmentForm(request.POST, meeting=item.meeting)
    if not form.is_valid():
        messages.error(request, _("Skriv uppdraget."))
        return redirect(_minutes_url(item))
    return _done(
        request,
        _minutes_url(item),
        _("Uppdraget är registrerat."),
        lambda: services.add_assignment(
            item=item, actor=request.user, **form.cleaned_data
        ),
    )


@signed_in
@require_POST
def statement_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = StatementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv texten."))
        return redirect(_minutes_url(item))
    return _done(
        request,
        _minutes_url(item),
        _("Anteckningen är införd."),
        lambda: services.add_statement(
            item=item, actor=request.user, **form.cleaned_data
        ),
    )


@signed_in
@require_POST
def recusal_add(request: HttpRequest, pk: int) -> HttpResponse:
    from samverkan.organisation.models import Person

    item = _item(request, pk)
    person = get_object_or_404(Person, pk=request.POST.get("person"))
    return _done(
        request,
        _minutes_url(item),
        _("Jävet är antecknat."),
        lambda: services.declare_recusal(
            item=item,
            person=person,
            note=request.POST.get("note", ""),
            actor=request.user,
        ),
    )


@signed_in
@require_POST
def approve_at_once(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _done(
        request,
        _minutes_url(item),
        _("Punkten är omedelbart justerad."),
        lambda: services.approve_item_at_once(item=item, actor=request.user),
    )


@signed_in
@require_POST
def approvers_set(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, manage=True)
    form = ApproversForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Välj ordförande bland mötets deltagare."))
        return redirect("meetings:minutes", meeting.pk)
    return _done(
        request,
        reverse("meetings:minutes", args=[meeting.pk]),
        _("Ordförande och justerare är utsedda."),
        lambda: services.name_approvers(
            meeting=meeting, actor=request.user, **form.cleaned_data
        ),
    )


def _person_of(request: HttpRequest):  # noqa: ANN202
    return getattr(request.user, "person", None)


@signed_in
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The approvers' page: propose changes per item, then sign."""
    meeting = _meeting(request, pk)
    person = _person_of(request)
    signers = services.required_signers(meeting)
    if person is None or person.pk not in signers:
        raise PermissionDenied
    if request.method == "POST":
        if "sign" in request.POST:
            return _done(
                request,
                reverse("meetings:review", args=[meeting.pk]),
                _("Du har justerat anteckningarna."),
                lambda: services.sign_minutes(
                    meeting=meeting, person=person, user=request.user
                ),
            )
        item = get_object_or_404(
            AgendaItem, pk=request.POST.get("item"), meeting=meeting
        )
        return _done(
            request,
            reverse("meetings:review", args=[meeting.pk]),
            _("Ändringsförslaget är lämnat till sekreteraren."),
            lambda: services.propose_change(
                item=item, proposer=person, text=request.POST.get("text", "")
            ),
        )
    return render(
        request,
        "meetings/review.html",
        {
            "meeting": meeting,
            "structure": meeting.body.structure,
            "items": selectors.meeting_items(meeting),
            "signed": meeting.signatures.filter(person=person).exists(),
            "signatures": meeting.signatures.select_related("person"),
            "hash": services.content_hash(meeting),
        },
    )


@signed_in
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        ChangeProposal.objects.select_related("item__meeting"), pk=pk
    )
    _item(request, proposal.item_id)
    accept = request.POST.get("decision") == "accept"
    return _done(
        request,
        _minutes_url(proposal.item),
        _("Förslaget är godtaget.") if accept else _("Förslaget är avslaget."),
        lambda: services.decide_change(
            proposal=proposal, accept=accept, actor=request.user
        ),
    )


@signed_in
@require_POST
def correction_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _done(
        request,
        item.meeting.get_absolute_url(),
        _("Rättelsen är införd."),
        lambda: services.correct_minutes(
            item=item,
            text=request.POST.get("notes", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        ),
    )


@public
@cached_page
def record(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """The minutes or the agenda as web page, PDF or Word."""
    meeting = _meeting(request, pk)
    agenda = kind == "dagordning"
    if not agenda and not can_read_minutes(request.user, meeting):
        raise Http404
    data = minutes.build(meeting, agenda=agenda)
    name = f"{'dagordning' if agenda else 'anteckningar'}-{meeting.body.slug}-{meeting.date_label}"
    if fmt == "pdf":
        response = HttpResponse(
            minutes.as_pdf(data, agenda=agenda), content_type="application/pdf"
        )
    elif fmt == "docx":
        response = HttpResponse(
            minutes.as_docx(data, agenda=agenda),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        return render(
            request,
            "meetings/record_page.html",
            {
                "record": data,
                "agenda": agenda,
                "meeting": meeting,
                "structure": meeting.body.structure,
                "corrections": meeting.corrections.select_related("item", "by"),
            },
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _body_follow_ups_url(body) -> str:  # noqa: ANN001
    return reverse("meetings:follow-ups", args=[body.structure.slug, body.slug])


@signed_in
@require_POST
def follow_up_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("target_body__structure"), pk=pk
    )
    if not can_manage_body(request.user, follow_up.target_body):
        raise PermissionDenied
    return _done(
        request,
        _body_follow_ups_url(follow_up.target_body),
        _("Återkopplingen är markerad som återrapporterad."),
        lambda: services.resolve_follow_up(follow_up=follow_up, actor=request.user),
    )


@signed_in
@require_POST
def assignment_status(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.select_related("return_body__structure"), pk=pk
    )
    if not can_manage_body(request.user, assignment.return_body):
        raise PermissionDenied
    return _done(
        request,
        _body_follow_ups_url(assignment.return_body),
        _("Uppdragets status är ändrad."),
        lambda: services.set_assignment_status(
            assignment=assignment,
            status=request.POST.get("status", ""),
            actor=request.user,
        ),
    )


@signed_in
@cached_page
def follow_up_list(
    request: HttpRequest, structure_slug: str, body_slug: str
) -> HttpResponse:
    body = get_body(structure_slug, body_slug)
    if not visible_to(
        request.user, body.meetings.all()
    ).exists() and not can_manage_body(request.user, body):
        raise Http404
    today = timezone.localdate()
    follow_ups = list(selectors.open_follow_ups(body.pk))
    for follow_up in follow_ups:
        follow_up.overdue = bool(
            follow_up.target_month and follow_up.target_month < today.replace(day=1)
        )
    assignments = (
        Assignment.objects.filter(return_body=body)
        .exclude(status="done")
        .prefetch_related("owners")
        .select_related("origin_item__meeting")
    )
    return render(
        request,
        "meetings/follow_up_list.html",
        {
            "structure": body.structure,
            "body": body,
            "follow_ups": follow_ups,
            "assignments": assignments,
            "today": today,
            "manage": can_manage_body(request.user, body),
            "statuses": Assignment.Status.choices,
        },
    )
