"""The minutes and the agenda: one set of data, as web page, PDF and Word."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from samverkan.lib.text import blocks
from samverkan.organisation.models import RecordKind, Side
from samverkan.organisation.selectors import region_name

from . import selectors
from .models import AgendaItem, Attendance, Meeting


@dataclass
class Record:
    """Everything the minutes (or the agenda) show, in order."""

    meeting: Meeting
    title: str
    region: str
    participants: dict[str, list[str]]
    officials: dict[str, list[str]]
    absent: list[str]
    secretary: list[str]
    guests: list[str]
    items: list[AgendaItem]
    summary: selectors.Summary
    signatures: list = field(default_factory=list)


def _label(attendance: Attendance) -> str:
    marks = []
    if attendance.party and attendance.party.kind == "municipality":
        marks.append(attendance.party.name)
    if attendance.role in (
        Attendance.Role.CHAIR,
        Attendance.Role.VICE_CHAIR,
        Attendance.Role.SUBSTITUTE,
    ):
        marks.append(attendance.get_role_display())
    if attendance.status == Attendance.Status.REPLACED and attendance.replaced_by:
        return _("%(substitute)s (ersätter %(member)s)") % {
            "substitute": attendance.replaced_by.name,
            "member": attendance.person.name,
        }
    return (
        f"{attendance.person.name} ({', '.join(marks)})"
        if marks
        else attendance.person.name
    )


def build(meeting: Meeting, *, agenda: bool = False) -> Record:
    attendance = selectors.meeting_attendance(meeting)
    kind = (
        _("Dagordning")
        if agenda
        else (
            _("Protokoll")
            if meeting.body.record_kind == RecordKind.MINUTES
            else _("Minnesanteckningar")
        )
    )
    members = [a for a in attendance if a.role in Attendance.MEMBER_ROLES]
    present = (Attendance.Status.PRESENT, Attendance.Status.REPLACED)
    return Record(
        meeting=meeting,
        title=_("%(kind)s möte i %(body)s, %(date)s")
        % {"kind": kind, "body": meeting.body.name, "date": meeting.date_label},
        region=region_name(meeting.body.structure),
        participants={
            side: [_label(a) for a in members if a.side == side and a.status in present]
            for side in Side.values
        },
        officials={
            side: [
                a.person.name
                for a in attendance
                if a.role == Attendance.Role.OFFICIAL and a.side == side
            ]
            for side in Side.values
        },
        absent=[
            a.person.name for a in members if a.status == Attendance.Status.APOLOGIES
        ],
        secretary=[
            a.person.name for a in attendance if a.role == Attendance.Role.SECRETARY
        ],
        guests=[a.person.name for a in attendance if a.role == Attendance.Role.GUEST],
        items=list(selectors.meeting_items(meeting)),
        summary=selectors.attendance_summary(meeting, attendance),
        signatures=list(meeting.signatures.select_related("person")),
    )


def as_html(record: Record, *, agenda: bool = False, for_print: bool = True) -> str:
    return render_to_string(
        "meetings/record_document.html",
        {"record": record, "agenda": agenda, "for_print": for_print},
    )


def as_pdf(record: Record, *, agenda: bool = False) -> bytes:
    from weasyprint import HTML

    return HTML(string=as_html(record, agenda=agenda)).write_pdf()


def as_docx(record: Record, *, agenda: bool = False) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(record.title, level=0)
    meeting = record.meeting
    if meeting.place or meeting.video_link:
        document.add_paragraph(
            ", ".join(filter(None, [meeting.place, meeting.video_link]))
        )
    if not agenda:
        document.add_heading(_("Deltagare"), level=1)
        for side, heading in (
            (Side.REGION, _("För %(region)s") % {"region": record.region}),
            (Side.MUNICIPALITIES, _("För kommunerna")),
        ):
            document.add_heading(heading, level=2)
            document.add_paragraph(", ".join(record.participants[side]) or "–")
        for side, heading in (
            (
                Side.REGION,
                _("Tjänstepersoner för %(region)s") % {"region": record.region},
            ),
            (Side.MUNICIPALITIES, _("Tjänstepersoner för kommunerna")),
        ):
            if record.officials[side]:
                document.add_heading(heading, level=2)
                document.add_paragraph(", ".join(record.officials[side]))
        if record.absent:
            document.add_heading(_("Förhinder"), level=2)
            document.add_paragraph(", ".join(record.absent))
        if record.guests:
            document.add_heading(_("Gäster"), level=2)
            document.add_paragraph(", ".join(record.guests))
        if record.secretary:
            document.add_heading(_("Sekreterare"), level=2)
            document.add_paragraph(", ".join(record.secretary))
        document.add_paragraph(record.summary.sentence())
    document.add_heading(_("Dagordning"), level=1)
    for item in record.items:
        document.add_heading(f"{item.position}. {item.title}", level=2)
        if item.presenter_names:
            document.add_paragraph(item.presenter_names).runs[0].italic = True
        for kind, text in blocks(
            item.description if agenda else (item.notes or item.description)
        ):
            style = {"bullet": "List Bullet", "number": "List Number"}.get(kind)
            document.add_paragraph(
                text, style=style
            ) if style else document.add_paragraph(text)
        for document_link in item.documents.all():
            document.add_paragraph(
                _("Bilaga: %(title)s") % {"title": document_link.title}
            )
        if agenda:
            continue
        if item.outcome:
            text = item.get_outcome_display()
            if item.outcome_text:
                text += f": {item.outcome_text}"
            document.add_paragraph(text).runs[0].bold = True
            for change in item.change_list:
                document.add_paragraph(change, style="List Bullet")
        for follow_up in item.follow_ups.all():
            document.add_paragraph(follow_up.text)
        for assignment in item.assignments.all():
            owners = ", ".join(o.name for o in assignment.owners.all())
            document.add_paragraph(
                _("Uppdrag: %(title)s") % {"title": assignment.title}
                + (f" ({owners})" if owners else "")
            )
        for statement in item.statements.all():
            document.add_paragraph(f"{statement.get_kind_display()}: {statement.text}")
        for recusal in item.recusals.all():
            document.add_paragraph(
                _("%(person)s deltog inte i punkten (jäv).")
                % {"person": recusal.person.name}
            )
    if not agenda and meeting.content_hash:
        document.add_paragraph(
            _("Justerat %(date)s. Kontrollsumma (SHA-256): %(hash)s")
            % {
                "date": meeting.approved_at.date().isoformat()
                if meeting.approved_at
                else "",
                "hash": meeting.content_hash,
            }
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
