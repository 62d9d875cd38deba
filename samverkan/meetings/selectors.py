"""Reads of meetings that pages, documents and the API share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.organisation.composition import composition_on
from samverkan.organisation.models import Side
from samverkan.organisation.selectors import body_memberships, region_name

from .models import AgendaItem, Attendance, Meeting


def meeting_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items with everything the meeting page and the minutes show (fixed queries)."""
    return meeting.items.select_related(
        "matter__body", "proposed_from"
    ).prefetch_related(
        "presenter_links__person",
        "documents__versions",
        "follow_ups__target_body",
        "assignments__owners",
        "assignments__return_meeting__body",
        "statements",
        "recusals__person",
        "proposals__proposer",
    )


def agenda_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items with what the meeting page shows of them: presenters, matter, documents.

    Each prefetched relation costs a query and, for every item, a related
    manager's queryset: the page leaves out what only the minutes show.
    """
    return meeting.items.select_related("matter__body").prefetch_related(
        "presenter_links__person", "documents__versions"
    )


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    return list(
        meeting.attendance.select_related("person", "party", "replaced_by").order_by(
            "position", "pk"
        )
    )


@dataclass
class SideSummary:
    side: Side
    name: str
    present: int
    seats: int | None
    filled: int

    @property
    def vacant(self) -> int:
        return max((self.seats or 0) - self.filled, 0) if self.seats is not None else 0


@dataclass
class Summary:
    sides: list[SideSummary]
    quorum_met: bool
    quorum_problems: list[str]

    def sentence(self) -> str:
        """E.g. 'Region Skåne 7 av 8, kommunerna 4 av 8, 4 vakanta'."""
        parts = []
        for side in self.sides:
            of = side.seats if side.seats is not None else side.filled
            parts.append(
                _("%(name)s %(present)s av %(of)s")
                % {"name": side.name, "present": side.present, "of": of}
            )
        vacant = sum(side.vacant for side in self.sides)
        if vacant:
            parts.append(_("%(count)s vakanta") % {"count": vacant})
        return ", ".join(parts)


def attendance_summary(meeting: Meeting, attendance: list[Attendance]) -> Summary:
    """Count members present per side and check the body's quorum."""
    body = meeting.body
    composition = composition_on(
        body, timezone.localtime(meeting.starts_at).date(), body_memberships(body)
    )
    names = {
        Side.REGION: region_name(body.structure),
        Side.MUNICIPALITIES: _("kommunerna"),
    }
    sides = []
    for side, seats in (
        (Side.REGION, body.seats_region),
        (Side.MUNICIPALITIES, body.seats_municipalities),
    ):
        present = sum(
            1
            for a in attendance
            if a.side == side
            and a.role in Attendance.MEMBER_ROLES
            and a.status in (Attendance.Status.PRESENT, Attendance.Status.REPLACED)
        )
        filled = getattr(
            composition, "region" if side == Side.REGION else "municipalities"
        ).filled
        sides.append(SideSummary(side, names[side], present, seats, filled))
    problems = []
    for side in sides:
        if side.present < body.quorum_per_side:
            problems.append(
                _("Minst %(count)s från %(side)s måste vara närvarande.")
                % {"count": body.quorum_per_side, "side": side.name}
            )
    filled_total = sum(s.filled for s in sides)
    present_total = sum(s.present for s in sides)
    if body.quorum_majority and filled_total and present_total * 2 <= filled_total:
        problems.append(
            _(
                "En majoritet av de %(filled)s besatta platserna måste vara närvarande (nu %(present)s)."
            )
            % {"filled": filled_total, "present": present_total}
        )
    return Summary(sides=sides, quorum_met=not problems, quorum_problems=problems)


def open_follow_ups(body_id: int):  # noqa: ANN201
    from .models import FollowUp

    return (
        FollowUp.objects.filter(target_body_id=body_id, status=FollowUp.Status.OPEN)
        .select_related("origin_item__meeting__body", "target_meeting")
        .prefetch_related(Prefetch("responsible"))
    )
