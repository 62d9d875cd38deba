import datetime as dt

import pytest

from samverkan.deviations import services
from samverkan.deviations.models import Deviation, DeviationEvent, Dispute
from samverkan.documents.models import Document
from samverkan.lib.errors import (
    DomainError,
    PersonalIdentityFound,
    PreconditionFailed,
    TransitionNotAllowed,
)
from samverkan.matters.models import Matter

D = dt.date
Status = Deviation.Status


def test_a_report_goes_to_the_concerned_party_with_a_four_week_deadline(report):
    deviation = report(today=D(2024, 3, 5))

    assert deviation.status == Status.SENT
    assert deviation.level == "local"
    assert deviation.answer_due == D(2024, 4, 2)
    assert deviation.events.get().to_status == Status.SENT


def test_the_deadline_moves_off_a_holiday(report):
    # 28 days after 2024-11-26 is julafton.
    assert report(today=D(2024, 11, 26)).answer_due == D(2024, 12, 27)


def test_a_structure_may_count_the_deadline_in_working_days(report, demo):
    demo.deviation_answer_days = 10
    demo.deviation_working_days = True
    demo.save()

    # Ten working days from Thursday before Easter 2024: Good Friday and Easter Monday are off.
    assert report(today=D(2024, 3, 28)).answer_due == D(2024, 4, 15)


def test_the_concerned_party_is_told_by_e_mail(
    report, mailoutbox, django_capture_on_commit_callbacks, demo
):
    person = (
        demo.bodies.get(slug="cs").memberships.get(person__last_name="Flinth").person
    )
    person.email = "lisa@skane.example"
    person.save()

    with django_capture_on_commit_callbacks(execute=True):
        deviation = report()

    region_recipients = [m for m in mailoutbox if "lisa@skane.example" in m.to]
    assert region_recipients and deviation.reference in region_recipients[0].subject


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("description", "Vad hände"),
        ("improvement", "Förslag till förbättring"),
        ("reporting_unit", "Rapporterande enhet"),
        ("concerned_unit", "Berörd enhet"),
    ],
)
def test_a_personal_identity_number_in_any_field_refuses_the_report(
    report, field, label
):
    with pytest.raises(PersonalIdentityFound) as refused:
        report(**{field: "Gäller 19121212-1212 som vårdades"})

    assert f"fältet ”{label}”, rad 1, tecken 8 (19121212-****)" in refused.value.message
    assert "Ingenting har sparats" in refused.value.message
    assert not Deviation.objects.exists()


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "odt"])
def test_a_personal_identity_number_in_an_attachment_refuses_the_report(
    report, kind, tmp_path
):
    content = identity_file(kind)

    with pytest.raises(PersonalIdentityFound) as refused:
        report(attachments=[(f"journal.{kind}", content)])

    assert f"filen journal.{kind}" in refused.value.message
    assert not Deviation.objects.exists() and not Document.objects.exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def identity_file(kind: str) -> bytes:
    import io
    import zipfile

    import docx
    from openpyxl import Workbook
    from weasyprint import HTML

    text = "Patient 811218-9876 saknade läkemedelslista"
    if kind == "pdf":
        return HTML(string=f"<p>{text}</p>").write_pdf()
    buffer = io.BytesIO()
    if kind == "docx":
        document = docx.Document()
        document.add_paragraph(text)
        document.save(buffer)
    elif kind == "xlsx":
        workbook = Workbook()
        workbook.active.append([text])
        workbook.save(buffer)
    else:
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr(
                "content.xml",
                '<d xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                f"<text:p>{text}</text:p></d>",
            )
    return buffer.getvalue()


def test_a_clean_attachment_is_stored_with_the_report(report, sample_files):
    deviation = report(attachments=[("utskrivning.pdf", sample_files["pdf"])])

    assert deviation.documents.get().title == "utskrivning.pdf"


def test_a_deviation_is_between_the_two_sides(report, demo):
    with pytest.raises(DomainError, match="andra sidan"):
        report(concerned_party=demo.parties.get(name="Lund"))


def test_the_event_cannot_lie_in_the_future(report):
    with pytest.raises(DomainError, match="framtiden"):
        report(event_date=D(2024, 3, 6), today=D(2024, 3, 5))


def test_the_answer_is_guarded_too_and_then_recorded(report, region_rep):
    deviation = report()

    with pytest.raises(PersonalIdentityFound):
        services.answer_deviation(
            deviation=deviation, answer="Gäller 121212-1212", actor=region_rep
        )
    services.answer_deviation(
        deviation=deviation, answer="Rutinen är uppdaterad.", actor=region_rep
    )

    deviation.refresh_from_db()
    assert deviation.status == Status.ANSWERED and deviation.answered_by == region_rep


def test_the_reporter_closes_an_answered_deviation(report, region_rep, municipal_rep):
    deviation = report()
    with pytest.raises(TransitionNotAllowed):
        services.close_deviation(deviation=deviation, actor=municipal_rep)
    services.answer_deviation(deviation=deviation, answer="Åtgärdat.", actor=region_rep)

    services.close_deviation(deviation=deviation, actor=municipal_rep)

    deviation.refresh_from_db()
    assert deviation.status == Status.CLOSED and deviation.closed_at


def test_escalation_goes_local_then_subregional_then_cs_where_it_becomes_a_matter(
    report, region_rep, municipal_rep, demo
):
    deviation = report()
    services.answer_deviation(
        deviation=deviation, answer="Inte vårt ansvar.", actor=region_rep
    )

    services.escalate_deviation(
        deviation=deviation, actor=municipal_rep, reason="Svaret räcker inte"
    )
    deviation.refresh_from_db()
    assert (deviation.level, deviation.body.slug) == ("subregional", "ds-nordvast")
    assert deviation.matter is None

    services.escalate_deviation(
        deviation=deviation, actor=municipal_rep, reason="Olöst i DS"
    )
    deviation.refresh_from_db()
    assert (deviation.level, deviation.body.short_name) == ("central", "CS")
    matter = deviation.matter
    assert matter.category == Matter.Category.DEVIATION
    assert matter.raised_by.name == "Svalöv" and matter.affects_both_parties
    assert Matter.objects.get(pk=matter.pk).deviation == deviation
    assert "Olöst i DS" in matter.description

    with pytest.raises(TransitionNotAllowed, match="central nivå"):
        services.escalate_deviation(
            deviation=deviation, actor=municipal_rep, reason="x"
        )
    levels = list(
        DeviationEvent.objects.filter(deviation=deviation).values_list(
            "level", flat=True
        )
    )
    assert levels == ["local", "local", "subregional", "central"]


def test_an_unanswered_deviation_may_be_escalated_only_after_the_deadline(
    report, municipal_rep, monkeypatch
):
    deviation = report(today=dt.date.today())

    with pytest.raises(TransitionNotAllowed):
        services.escalate_deviation(
            deviation=deviation, actor=municipal_rep, reason="Inget svar"
        )
    Deviation.objects.filter(pk=deviation.pk).update(
        answer_due=dt.date.today() - dt.timedelta(days=1)
    )
    services.escalate_deviation(
        deviation=deviation, actor=municipal_rep, reason="Inget svar"
    )

    deviation.refresh_from_db()
    assert deviation.level == "subregional"


def test_escalation_needs_a_reason(report, region_rep, municipal_rep):
    deviation = report()
    services.answer_deviation(deviation=deviation, answer="Svar.", actor=region_rep)

    with pytest.raises(PreconditionFailed):
        services.escalate_deviation(
            deviation=deviation, actor=municipal_rep, reason=" "
        )


def test_reminders_go_before_and_after_the_deadline(report, mailoutbox, demo):
    person = (
        demo.bodies.get(slug="cs").memberships.get(person__last_name="Flinth").person
    )
    person.email = "lisa@skane.example"
    person.save()
    deviation = report(today=D(2024, 3, 5))  # due 2024-04-02

    counts = [
        services.remind_deviations(today=day)
        for day in (
            D(2024, 3, 25),
            D(2024, 3, 30),
            D(2024, 4, 3),
            D(2024, 4, 6),
            D(2024, 4, 10),
        )
    ]

    # Three days before the deadline, then a week after the last reminder.
    assert counts == [0, 1, 0, 1, 0]
    subjects = [m.subject for m in mailoutbox if "lisa@skane.example" in m.to]
    assert subjects == [
        f"Påminnelse: avvikelse {deviation.reference}",
        f"Försenat svar: avvikelse {deviation.reference}",
    ]


def test_the_dispute_cycle_from_positions_to_both_responses(
    demo, svalov, municipal_rep, region_rep, cs_official
):
    dispute = services.open_dispute(
        structure=demo,
        opened_by=svalov,
        question="Vem bekostar hjälpmedlet?",
        actor=municipal_rep,
    )
    assert (
        dispute.matter.body.short_name == "CS"
        and dispute.matter.category == "deviation"
    )

    services.write_position(
        dispute=dispute, side="municipalities", text="Regionen.", actor=municipal_rep
    )
    services.write_position(
        dispute=dispute, side="region", text="Kommunen.", actor=region_rep
    )
    with pytest.raises(TransitionNotAllowed):
        services.respond(
            dispute=dispute, side="region", accepted=True, actor=region_rep
        )
    services.recommend(
        dispute=dispute,
        text="Dela kostnaden lika.",
        on=D(2024, 5, 1),
        actor=cs_official,
    )
    with pytest.raises(TransitionNotAllowed):
        services.write_position(
            dispute=dispute, side="region", text="Ändrad", actor=region_rep
        )
    services.respond(dispute=dispute, side="region", accepted=True, actor=region_rep)
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.RECOMMENDED

    services.respond(
        dispute=dispute,
        side="municipalities",
        accepted=False,
        comment="Nej.",
        actor=municipal_rep,
    )

    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.CLOSED
    with pytest.raises(TransitionNotAllowed):
        services.respond(
            dispute=dispute, side="region", accepted=True, actor=region_rep
        )


def test_an_escalated_deviation_can_become_a_dispute_on_its_matter(
    report, region_rep, municipal_rep, svalov, demo
):
    deviation = report()
    services.answer_deviation(deviation=deviation, answer="Nej.", actor=region_rep)
    for reason in ("DS", "CS"):
        services.escalate_deviation(
            deviation=deviation, actor=municipal_rep, reason=reason
        )
    deviation.refresh_from_db()

    dispute = services.open_dispute(
        structure=demo,
        opened_by=svalov,
        question="Ansvaret vid utskrivning",
        actor=municipal_rep,
        deviation=deviation,
    )

    assert dispute.matter == deviation.matter
    with pytest.raises(DomainError, match="redan en tvist"):
        services.open_dispute(
            structure=demo,
            opened_by=svalov,
            question="Igen",
            actor=municipal_rep,
            deviation=deviation,
        )


def test_a_dispute_question_cannot_carry_a_patient_identity(
    demo, svalov, municipal_rep
):
    with pytest.raises(PersonalIdentityFound):
        services.open_dispute(
            structure=demo,
            opened_by=svalov,
            question="Gäller 121212-1212",
            actor=municipal_rep,
        )
    assert not Dispute.objects.exists()
