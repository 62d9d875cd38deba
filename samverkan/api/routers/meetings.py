"""Meetings and agenda items (read; the secretary creates), follow-ups, assignments."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import AfterValidator, AwareDatetime

from samverkan.accounts.models import Visibility
from samverkan.accounts.permissions import (
    can_manage_body,
    can_read_minutes,
    can_view_matter,
    visible_meetings,
    visible_to,
)
from samverkan.documents.models import DocumentVersion
from samverkan.documents.views import file_response
from samverkan.matters.models import Matter
from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Assignment, FollowUp, Meeting
from samverkan.organisation.models import Body, Person

from ..concurrency import etag_of, require_match
from ..errors import ApiError, Problem
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from .common import (
    DOWNLOAD,
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    BodyRef,
    DocumentOut,
    Id,
    SaneDate,
    Text,
    body_ref,
    check_moment,
    documents_out,
    dump,
    referenced,
    with_etag,
)

router = Router(tags=["Möten (meetings)"])

MeetingStatus = Literal[tuple(Meeting.Status.values)]  # type: ignore[valid-type]
ItemKind = Literal[tuple(AgendaItem.Kind.values)]  # type: ignore[valid-type]
Outcome = Literal[tuple(AgendaItem.Outcome.values)]  # type: ignore[valid-type]
VisibilityValue = Literal[tuple(Visibility.values)]  # type: ignore[valid-type]
AssignmentStatus = Literal[tuple(Assignment.Status.values)]  # type: ignore[valid-type]
FollowUpStatus = Literal[tuple(FollowUp.Status.values)]  # type: ignore[valid-type]
Moment = Annotated[AwareDatetime, AfterValidator(check_moment)]

MANAGE_ONLY = _("Bara organets sekreterare och administratörer gör detta.")


class ItemOut(Schema):
    id: int
    meeting: int
    position: int
    title: str
    kind: ItemKind
    description: str
    presenters: list[str]
    matter: int | None
    documents: list[DocumentOut]
    minutes: "ItemMinutes | None" = Field(
        description="Anteckningar och utfall, för den som får läsa anteckningarna."
    )


class ItemMinutes(Schema):
    notes: str
    outcome: Outcome | None
    outcome_text: str
    changes: list[str]


ItemOut.model_rebuild()


class MeetingOut(Schema):
    id: int
    body: BodyRef
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    video_link: str
    status: MeetingStatus
    visibility: VisibilityValue
    web_url: str


class MeetingDetail(MeetingOut):
    items: list[ItemOut]


class MeetingPage(Schema):
    items: list[MeetingOut]
    next_cursor: str | None


class MeetingIn(Schema):
    body: Id
    starts_at: Moment
    ends_at: Moment | None = None
    place: Text(300) = ""  # type: ignore[valid-type]
    video_link: Text(200) = ""  # type: ignore[valid-type]
    visibility: VisibilityValue | None = None


class ItemIn(Schema):
    title: Text(300, 1)  # type: ignore[valid-type]
    kind: ItemKind = AgendaItem.Kind.INFORMATION.value
    description: Text(50_000) = ""  # type: ignore[valid-type]
    presenters: list[Id] = Field(default_factory=list, max_length=20)
    matter: Id | None = Field(None, description="Ett ärende klart för behandling.")


class FollowUpOut(Schema):
    id: int
    text: str
    origin_meeting: int
    origin_item: int
    target_body: BodyRef
    target_month: dt.date | None
    target_meeting: int | None
    status: FollowUpStatus
    responsible: list[str]


class FollowUpIn(Schema):
    text: Text(500, 1)  # type: ignore[valid-type]
    target_body: Id
    target_month: SaneDate | None = None
    target_meeting: Id | None = None
    responsible: list[Id] = Field(default_factory=list, max_length=20)


class AssignmentOut(Schema):
    id: int
    title: str
    description: str
    origin_meeting: int
    origin_item: int
    owners: list[str]
    due: dt.date | None
    status: AssignmentStatus
    return_body: BodyRef | None
    return_meeting: int | None


class AssignmentIn(Schema):
    title: Text(300, 1)  # type: ignore[valid-type]
    description: Text(20_000) = ""  # type: ignore[valid-type]
    owners: list[Id] = Field(default_factory=list, max_length=20)
    due: SaneDate | None = None
    return_body: Id | None = None


class AssignmentPatch(Schema):
    status: AssignmentStatus


class FollowUpPage(Schema):
    items: list[FollowUpOut]
    next_cursor: str | None


class AssignmentPage(Schema):
    items: list[AssignmentOut]
    next_cursor: str | None


# Reads -------------------------------------------------------------------------


def _meetings(request: HttpRequest):  # noqa: ANN202
    return visible_meetings(
        request.user, Meeting.objects.select_related("body__structure")
    )


def _visible(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(_meetings(request), pk=meeting_id)


def _meeting_summary(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "body": body_ref(meeting.body),
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "video_link": meeting.video_link,
        "status": meeting.status,
        "visibility": meeting.visibility,
        "web_url": request.build_absolute_uri(meeting.get_absolute_url()),
    }


def _items(meeting: Meeting):  # noqa: ANN202
    return meeting.items.select_related("matter").prefetch_related(
        "presenter_links__person", "documents__versions"
    )


def _item(request: HttpRequest, item: AgendaItem, minutes: bool) -> dict[str, Any]:
    return {
        "id": item.pk,
        "meeting": item.meeting_id,
        "position": item.position,
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "presenters": [link.person.name for link in item.presenter_links.all()],
        # The matter's number only to those who may see the matter.
        "matter": item.matter_id
        if item.matter_id and can_view_matter(request.user, item.matter)
        else None,
        "documents": documents_out(
            request, list(item.documents.all()), "meeting_document", item.meeting_id
        ),
        "minutes": {
            "notes": item.notes,
            "outcome": item.outcome or None,
            "outcome_text": item.outcome_text,
            "changes": item.change_list,
        }
        if minutes
        else None,
    }


def meeting_representation(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    minutes = can_read_minutes(request.user, meeting)
    data = {
        **_meeting_summary(request, meeting),
        "items": [_item(request, item, minutes) for item in _items(meeting)],
    }
    return dump(MeetingDetail, data)


@router.get(
    "/meetings",
    response={200: MeetingPage, **LIST_ERRORS},
    summary="Lista möten",
    operation_id="list_meetings",
)
def list_meetings(
    request: HttpRequest,
    body: Id | None = Query(None),
    status: MeetingStatus | None = Query(None),
    starts_after: SaneDate | None = Query(None),
    starts_before: SaneDate | None = Query(None),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """The meetings the user may open, the newest planned first."""
    meetings = _meetings(request)
    if body:
        meetings = meetings.filter(body_id=body)
    if status:
        meetings = meetings.filter(status=status)
    if starts_after:
        meetings = meetings.filter(starts_at__date__gte=starts_after)
    if starts_before:
        meetings = meetings.filter(starts_at__date__lte=starts_before)
    rows, next_cursor = paginate(meetings, cursor=cursor, limit=limit)
    return {
        "items": [_meeting_summary(request, m) for m in rows],
        "next_cursor": next_cursor,
    }


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetail, **READ_ERRORS},
    summary="Läs ett möte med dagordning",
    operation_id="get_meeting",
)
def get_meeting(
    request: HttpRequest, response: HttpResponse, meeting_id: Id = Path(...)
) -> dict[str, Any]:
    """The meeting and its agenda; notes and outcomes for those who may read the minutes."""
    return with_etag(
        response, meeting_representation(request, _visible(request, meeting_id))
    )


@router.post(
    "/meetings",
    response={201: MeetingDetail, **WRITE_ERRORS},
    summary="Planera ett möte (sekreteraren)",
    operation_id="create_meeting",
)
def create_meeting(
    request: HttpRequest, response: HttpResponse, payload: MeetingIn
) -> Status:
    body = referenced(Body.objects.select_related("structure"), payload.body, "body")
    if not can_manage_body(request.user, body):
        raise ApiError(403, "forbidden", MANAGE_ONLY)
    with transaction.atomic():
        meeting = services.create_meeting(
            body=body,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            place=payload.place,
            video_link=payload.video_link,
            visibility=payload.visibility,
            actor=request.user,
        )
    return Status(
        201,
        with_etag(
            response, meeting_representation(request, _visible(request, meeting.pk))
        ),
    )


def _managed_item(request: HttpRequest, item_id: int) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__body__structure"), pk=item_id
    )
    _visible(request, item.meeting_id)
    if not can_manage_body(request.user, item.meeting.body):
        raise ApiError(403, "forbidden", MANAGE_ONLY)
    return item


def _people(ids: list[int], field: str) -> list[Person]:
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    return [
        people.get(pk) or referenced(Person.objects.none(), pk, field) for pk in ids
    ]


@router.post(
    "/meetings/{meeting_id}/items",
    response={201: ItemOut, **WRITE_ERRORS},
    summary="Lägg till en punkt på dagordningen (sekreteraren)",
    operation_id="add_agenda_item",
)
def add_agenda_item(
    request: HttpRequest, payload: ItemIn, meeting_id: Id = Path(...)
) -> Status:
    """Add an item last on the agenda; a matter ready for treatment goes on it with the item."""
    meeting = _visible(request, meeting_id)
    if not can_manage_body(request.user, meeting.body):
        raise ApiError(403, "forbidden", MANAGE_ONLY)
    matter = referenced(
        Matter.objects.filter(body=meeting.body), payload.matter, "matter"
    )
    with transaction.atomic():
        item = services.add_item(
            meeting=meeting,
            title=payload.title,
            kind=payload.kind,
            description=payload.description,
            presenters=_people(payload.presenters, "presenters"),
            matter=matter,
            actor=request.user,
        )
    item = _items(meeting).get(pk=item.pk)
    return Status(201, _item(request, item, can_read_minutes(request.user, meeting)))


@router.get(
    "/agenda-items/{item_id}",
    response={200: ItemOut, **READ_ERRORS},
    summary="Läs en punkt på dagordningen",
    operation_id="get_agenda_item",
)
def get_agenda_item(request: HttpRequest, item_id: Id = Path(...)) -> dict[str, Any]:
    item = get_object_or_404(AgendaItem.objects.only("meeting_id"), pk=item_id)
    meeting = _visible(request, item.meeting_id)
    item = _items(meeting).get(pk=item.pk)
    return _item(request, item, can_read_minutes(request.user, meeting))


@router.post(
    "/agenda-items/{item_id}/documents",
    response={201: ItemOut, **WRITE_ERRORS},
    summary="Ladda upp ett dokument till en punkt (sekreteraren)",
    operation_id="upload_agenda_item_document",
)
def upload_agenda_item_document(
    request: HttpRequest, file: File[UploadedFile], item_id: Id = Path(...)
) -> Status:
    item = _managed_item(request, item_id)
    with transaction.atomic():
        services.attach_to_item(
            item=item, filename=file.name or "", content=file.read(), actor=request.user
        )
    meeting = item.meeting
    item = _items(meeting).get(pk=item.pk)
    return Status(201, _item(request, item, can_read_minutes(request.user, meeting)))


@router.get(
    "/meetings/{meeting_id}/documents/{version_id}",
    response=READ_ERRORS,
    openapi_extra=DOWNLOAD,
    summary="Hämta ett dokument till mötet",
    operation_id="download_meeting_document",
    url_name="meeting_document",
)
def download_meeting_document(
    request: HttpRequest, meeting_id: Id = Path(...), version_id: Id = Path(...)
) -> HttpResponse:
    meeting = _visible(request, meeting_id)
    version = get_object_or_404(
        DocumentVersion, pk=version_id, document__agenda_items__meeting=meeting
    )
    return file_response(version)


# Follow-ups and assignments ----------------------------------------------------


def _body_with_follow_ups(request: HttpRequest, body_id: int) -> Body:
    """The body whose follow-up list the user may read, as on the web (else 404)."""
    body = get_object_or_404(Body.objects.select_related("structure"), pk=body_id)
    if not visible_to(
        request.user, body.meetings.all()
    ).exists() and not can_manage_body(request.user, body):
        raise ApiError(404, "not_found", _("Det finns inget sådant organ."))
    return body


def _follow_up_out(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "id": follow_up.pk,
        "text": follow_up.text,
        "origin_meeting": follow_up.origin_item.meeting_id,
        "origin_item": follow_up.origin_item_id,
        "target_body": body_ref(follow_up.target_body),
        "target_month": follow_up.target_month,
        "target_meeting": follow_up.target_meeting_id,
        "status": follow_up.status,
        "responsible": [person.name for person in follow_up.responsible.all()],
    }


def _assignment_out(assignment: Assignment) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "title": assignment.title,
        "description": assignment.description,
        "origin_meeting": assignment.origin_item.meeting_id,
        "origin_item": assignment.origin_item_id,
        "owners": [person.name for person in assignment.owners.all()],
        "due": assignment.due,
        "status": assignment.status,
        "return_body": body_ref(assignment.return_body)
        if assignment.return_body
        else None,
        "return_meeting": assignment.return_meeting_id,
    }


FOLLOW_UPS = FollowUp.objects.select_related(
    "origin_item", "target_body__structure"
).prefetch_related(Prefetch("responsible"))
ASSIGNMENTS = Assignment.objects.select_related(
    "origin_item", "return_body__structure"
).prefetch_related("owners")


@router.get(
    "/bodies/{body_id}/follow-ups",
    response={200: FollowUpPage, **LIST_ERRORS, 404: Problem},
    summary="Återkopplingar till ett organ",
    operation_id="list_follow_ups",
)
def list_follow_ups(
    request: HttpRequest,
    body_id: Id = Path(...),
    status: FollowUpStatus | None = Query(None),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """The follow-ups that must come back to the body (the web shows the open ones)."""
    body = _body_with_follow_ups(request, body_id)
    follow_ups = FOLLOW_UPS.filter(target_body=body)
    if status:
        follow_ups = follow_ups.filter(status=status)
    rows, next_cursor = paginate(follow_ups, cursor=cursor, limit=limit)
    return {"items": [_follow_up_out(f) for f in rows], "next_cursor": next_cursor}


@router.get(
    "/bodies/{body_id}/assignments",
    response={200: AssignmentPage, **LIST_ERRORS, 404: Problem},
    summary="Uppdrag som återkommer till ett organ",
    operation_id="list_assignments",
)
def list_assignments(
    request: HttpRequest,
    body_id: Id = Path(...),
    status: AssignmentStatus | None = Query(None),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    body = _body_with_follow_ups(request, body_id)
    assignments = ASSIGNMENTS.filter(return_body=body)
    if status:
        assignments = assignments.filter(status=status)
    rows, next_cursor = paginate(assignments, cursor=cursor, limit=limit)
    return {"items": [_assignment_out(a) for a in rows], "next_cursor": next_cursor}


@router.post(
    "/agenda-items/{item_id}/follow-ups",
    response={201: FollowUpOut, **WRITE_ERRORS},
    summary="Registrera en återkoppling vid en punkt (sekreteraren)",
    operation_id="add_follow_up",
)
def add_follow_up(
    request: HttpRequest, payload: FollowUpIn, item_id: Id = Path(...)
) -> Status:
    """'Återkoppling till CS i april 2024': it comes back on that month's agenda."""
    item = _managed_item(request, item_id)
    target_body = referenced(
        Body.objects.select_related("structure"), payload.target_body, "target_body"
    )
    target_meeting = referenced(
        Meeting.objects.filter(body=target_body),
        payload.target_meeting,
        "target_meeting",
    )
    with transaction.atomic():
        follow_up = services.add_follow_up(
            item=item,
            text=payload.text,
            target_body=target_body,
            target_month=payload.target_month,
            target_meeting=target_meeting,
            responsible=_people(payload.responsible, "responsible"),
            actor=request.user,
        )
    return Status(201, _follow_up_out(FOLLOW_UPS.get(pk=follow_up.pk)))


@router.get(
    "/follow-ups/{follow_up_id}",
    response={200: FollowUpOut, **READ_ERRORS},
    summary="Läs en återkoppling",
    operation_id="get_follow_up",
)
def get_follow_up(
    request: HttpRequest, response: HttpResponse, follow_up_id: Id = Path(...)
) -> dict[str, Any]:
    follow_up = get_object_or_404(FOLLOW_UPS, pk=follow_up_id)
    _body_with_follow_ups(request, follow_up.target_body_id)
    return with_etag(response, dump(FollowUpOut, _follow_up_out(follow_up)))


@router.post(
    "/follow-ups/{follow_up_id}/resolve",
    response={200: FollowUpOut, **UPDATE_ERRORS},
    summary="Markera en återkoppling som återrapporterad",
    operation_id="resolve_follow_up",
)
def resolve_follow_up(
    request: HttpRequest, response: HttpResponse, follow_up_id: Id = Path(...)
) -> dict[str, Any]:
    """Needs If-Match with the follow-up's ETag (from the list or this answer)."""
    follow_up = get_object_or_404(FOLLOW_UPS, pk=follow_up_id)
    _body_with_follow_ups(request, follow_up.target_body_id)
    if not can_manage_body(request.user, follow_up.target_body):
        raise ApiError(403, "forbidden", MANAGE_ONLY)
    with transaction.atomic():
        FollowUp.objects.select_for_update().filter(pk=follow_up.pk).first()
        follow_up = FOLLOW_UPS.get(pk=follow_up.pk)
        require_match(request, etag_of(dump(FollowUpOut, _follow_up_out(follow_up))))
        services.resolve_follow_up(follow_up=follow_up, actor=request.user)
    return with_etag(
        response, dump(FollowUpOut, _follow_up_out(FOLLOW_UPS.get(pk=follow_up.pk)))
    )


@router.post(
    "/agenda-items/{item_id}/assignments",
    response={201: AssignmentOut, **WRITE_ERRORS},
    summary="Ge ett uppdrag vid en punkt (sekreteraren)",
    operation_id="add_assignment",
)
def add_assignment(
    request: HttpRequest, payload: AssignmentIn, item_id: Id = Path(...)
) -> Status:
    item = _managed_item(request, item_id)
    return_body = referenced(Body.objects.all(), payload.return_body, "return_body")
    with transaction.atomic():
        assignment = services.add_assignment(
            item=item,
            title=payload.title,
            description=payload.description,
            owners=_people(payload.owners, "owners"),
            due=payload.due,
            return_body=return_body,
            actor=request.user,
        )
    return Status(201, _assignment_out(ASSIGNMENTS.get(pk=assignment.pk)))


@router.get(
    "/assignments/{assignment_id}",
    response={200: AssignmentOut, **READ_ERRORS},
    summary="Läs ett uppdrag",
    operation_id="get_assignment",
)
def get_assignment(
    request: HttpRequest, response: HttpResponse, assignment_id: Id = Path(...)
) -> dict[str, Any]:
    assignment = get_object_or_404(ASSIGNMENTS, pk=assignment_id)
    if assignment.return_body is None:
        raise ApiError(404, "not_found", _("Det finns inget sådant uppdrag."))
    _body_with_follow_ups(request, assignment.return_body_id)
    return with_etag(response, dump(AssignmentOut, _assignment_out(assignment)))


@router.patch(
    "/assignments/{assignment_id}",
    response={200: AssignmentOut, **UPDATE_ERRORS},
    summary="Byt status på ett uppdrag",
    operation_id="update_assignment",
)
def update_assignment(
    request: HttpRequest,
    response: HttpResponse,
    payload: AssignmentPatch,
    assignment_id: Id = Path(...),
) -> dict[str, Any]:
    """Not started, in progress or done; needs If-Match."""
    assignment = get_object_or_404(ASSIGNMENTS, pk=assignment_id)
    if assignment.return_body is None:
        raise ApiError(404, "not_found", _("Det finns inget sådant uppdrag."))
    _body_with_follow_ups(request, assignment.return_body_id)
    if not can_manage_body(request.user, assignment.return_body):
        raise ApiError(403, "forbidden", MANAGE_ONLY)
    with transaction.atomic():
        Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
        assignment = ASSIGNMENTS.get(pk=assignment.pk)
        require_match(
            request, etag_of(dump(AssignmentOut, _assignment_out(assignment)))
        )
        services.set_assignment_status(
            assignment=assignment, status=payload.status, actor=request.user
        )
    return with_etag(
        response,
        dump(AssignmentOut, _assignment_out(ASSIGNMENTS.get(pk=assignment.pk))),
    )
