"""Importing minutes: the meeting written, people matched, nothing twice, nothing half."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samverkan.importers import services
from samverkan.importers.models import ImportedFile
from samverkan.lib.errors import PreconditionFailed
from samverkan.meetings.models import AgendaItem, Attendance, FollowUp, Meeting
from samverkan.organisation.models import Person

from . import samples
from .conftest import as_docx, as_pdf


def plan_for(text: str, name: str = "anteckningar.txt", body=None):  # noqa: ANN001, ANN201
    content = text.encode()
    parsed = services.read_minutes(name, content)
    return services.plan_minutes(
        parsed=parsed, sha256=services.checksum(content), body=body
    )


def test_the_seed_becomes_a_meeting_field_by_field(demo, cs, seed_minutes) -> None:
    plan = plan_for(seed_minutes)
    assert plan.status == "ready"
    assert plan.body == cs
    meeting = services.import_minutes(plan=plan, filename="seed.txt", actor=None)
    assert meeting.body == cs and meeting.date_label == "2023-12-08"
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    rows = {
        a.person.name: a for a in meeting.attendance.select_related("person", "party")
    }
    assert len(rows) == 11 + 4 + 1 + 1
    # Both are marked "(ordförande)": the composition on the day decides.
    on_the_day = {
        m.person.name: m.role
        for m in cs.memberships.active_on(dt.date(2023, 12, 8)).select_related("person")
    }
    assert {rows[n].role for n in ("Anna Mannfalk", "Anders Rubin")} == {
        Attendance.Role.CHAIR,
        Attendance.Role.VICE_CHAIR,
    }
    assert rows["Anna Mannfalk"].role == on_the_day["Anna Mannfalk"]
    assert rows["Anders Rubin"].role == on_the_day["Anders Rubin"]
    assert rows["Anna Mannfalk"].party.name == "Region Skåne"
    assert rows["Anders Rubin"].party.name == "Malmö"
    assert rows["Patric Åberg"].party.name == "Östra Göinge"
    assert rows["Gunilla Wahlberg"].status == Attendance.Status.APOLOGIES
    assert rows["Sara Österberg"].role == Attendance.Role.OFFICIAL
    assert rows["Sara Österberg"].side == "municipalities"
    assert rows["Jill Persson"].role == Attendance.Role.SECRETARY
    items = list(meeting.items.order_by("position"))
    assert len(items) == 7
    assert items[1].presenter_names == "Johan Cosmo, Sara Österberg"
    assert items[1].outcome == AgendaItem.Outcome.APPROVED_WITH_CHANGES
    assert len(items[1].change_list) == 3
    assert items[2].outcome == AgendaItem.Outcome.APPROVED
    assert "https://vårdsamverkanskåne.se/" in items[2].notes
    follow_up = FollowUp.objects.get(origin_item=items[2])
    assert follow_up.target_body == cs
    assert follow_up.target_month == dt.date(2024, 4, 1)
    assert items[0].notes == "Anna hälsar alla välkomna."
    assert ImportedFile.objects.get().meeting == meeting


def test_importing_the_same_file_again_reports_it_and_creates_nothing(
    demo, seed_minutes
) -> None:
    services.import_minutes(plan=plan_for(seed_minutes), filename="a.txt", actor=None)
    counts = (Meeting.objects.count(), AgendaItem.objects.count())
    again = plan_for(seed_minutes)
    assert again.status == "duplicate"
    assert again.already.filename == "a.txt"
    with pytest.raises(services.AlreadyImported):
        services.import_minutes(plan=again, filename="a.txt", actor=None)
    assert (Meeting.objects.count(), AgendaItem.objects.count()) == counts


def test_the_demo_meeting_of_the_seed_is_reported_and_nothing_is_created(
    demo, today, seed_minutes
) -> None:
    from samverkan.meetings.demo import load

    existing = load(demo, today)
    counts = (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Person.objects.count(),
    )
    plan = plan_for(seed_minutes)
    assert plan.status == "exists"
    assert plan.existing_meeting == existing
    with pytest.raises(services.AlreadyImported, match="redan ett möte 2023-12-08"):
        services.import_minutes(plan=plan, filename="seed.txt", actor=None)
    assert (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Person.objects.count(),
    ) == counts
    assert not ImportedFile.objects.exists()


def test_unknown_people_are_proposed_and_close_names_offered_not_created(
    demo, seed_minutes
) -> None:
    text = seed_minutes.replace("Jill Persson", "Jill Perssson").replace(
        "Gunilla Wahlberg", "Greta Okänd"
    )
    plan = plan_for(text)
    assert plan.status == "confirm"
    open_matches = {m.name: m for m in plan.open_matches()}
    assert set(open_matches) == {"Jill Perssson", "Greta Okänd"}
    assert open_matches["Jill Perssson"].candidates[0][1] == "Jill Persson"
    assert open_matches["Greta Okänd"].candidates == []
    people = Person.objects.count()
    with pytest.raises(PreconditionFailed, match="Greta Okänd"):
        services.import_minutes(plan=plan, filename="x.txt", actor=None)
    assert Person.objects.count() == people
    assert not Meeting.objects.exists()
    jill = Person.objects.get(first_name="Jill", last_name="Persson")
    meeting = services.import_minutes(
        plan=plan,
        filename="x.txt",
        actor=None,
        decisions={"Jill Perssson": str(jill.pk), "Greta Okänd": "new"},
    )
    assert Person.objects.count() == people + 1
    assert meeting.attendance.get(person=jill).role == Attendance.Role.SECRETARY
    greta = Person.objects.get(first_name="Greta", last_name="Okänd")
    assert meeting.attendance.get(person=greta).status == Attendance.Status.APOLOGIES


def test_a_failure_half_way_leaves_nothing_behind(
    demo, seed_minutes, monkeypatch
) -> None:
    from samverkan.lib.errors import DomainError
    from samverkan.meetings import services as meetings

    def refuse(**kwargs: object) -> None:
        raise DomainError("vägrat")

    monkeypatch.setattr(meetings, "add_follow_up", refuse)
    text = seed_minutes.replace("Gunilla Wahlberg", "Greta Okänd")
    plan = plan_for(text)
    people = Person.objects.count()
    with pytest.raises(DomainError, match="vägrat"):
        services.import_minutes(
            plan=plan, filename="x.txt", actor=None, decisions={"Greta Okänd": "new"}
        )
    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()
    assert Person.objects.count() == people
    assert not ImportedFile.objects.exists()


def test_minutes_of_other_bodies_go_to_their_body_with_follow_ups_to_cs(
    demo, cs
) -> None:
    plan = plan_for(samples.DS_NORDVAST)
    assert plan.body.short_name == "DS Nordväst"
    assert plan.status == "ready"
    meeting = services.import_minutes(plan=plan, filename="ds.txt", actor=None)
    assert meeting.items.count() == 4
    follow_up = FollowUp.objects.get(origin_item__meeting=meeting)
    assert (follow_up.target_body, follow_up.target_month) == (cs, dt.date(2024, 6, 1))
    per = meeting.attendance.get(person__last_name="Demo-Holm")
    assert (per.role, per.party.name) == (Attendance.Role.VICE_CHAIR, "Helsingborg")


@pytest.mark.parametrize("form", ["pdf", "docx"])
def test_pdf_and_word_files_import_alike(demo, form) -> None:  # noqa: ANN001
    content = (as_pdf if form == "pdf" else as_docx)(samples.CTB_FOR_FILES)
    name = f"ctb.{form}"
    plan = services.plan_minutes(
        parsed=services.read_minutes(name, content),
        sha256=services.checksum(content),
    )
    meeting = services.import_minutes(plan=plan, filename=name, actor=None)
    assert meeting.body.short_name == "CTB"
    assert [i.title for i in meeting.items.order_by("position")] == [
        "Välkommen",
        "Uppföljning av avvikelser",
        "Gemensam intern kommunikationsplan",
    ]


def test_the_command_imports_reports_and_refuses_twice(
    demo, seed_minutes, tmp_path, capsys
) -> None:
    path = tmp_path / "cs-2023-12-08.txt"
    path.write_text(seed_minutes, encoding="utf-8")
    call_command("import_minutes", str(path))
    assert "importerad som CS 2023-12-08" in capsys.readouterr().out
    call_command("import_minutes", str(path))
    assert "redan importerad" in capsys.readouterr().out
    assert Meeting.objects.count() == 1


def test_the_dry_run_prints_json_with_the_documented_keys_and_writes_nothing(
    demo, seed_minutes, tmp_path, capsys
) -> None:
    path = tmp_path / "cs.txt"
    path.write_text(seed_minutes, encoding="utf-8")
    call_command("import_minutes", str(path), "--dry-run", "--json")
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert list(data) == samples.DRY_RUN_KEYS
    assert data["body"] == "Centralt Samverkansorgan"
    assert data["date"] == "2023-12-08"
    assert data["participants"][7] == {
        "name": "Anders Rubin",
        "side": "municipalities",
        "municipality": "Malmö",
        "role": "chair",
    }
    assert data["items"][1]["outcome"] == "approved_with_changes"
    assert len(data["items"][1]["changes"]) == 3
    assert data["warnings"] == []
    # The report goes beside the JSON, not into it.
    assert "provläsning, ingenting skrevs" in captured.err
    assert not Meeting.objects.exists()
    assert not ImportedFile.objects.exists()


def test_the_dry_run_json_of_files_it_cannot_use_says_why_in_the_warnings(
    demo, tmp_path, capsys
) -> None:
    damaged = tmp_path / "trasig.pdf"
    damaged.write_bytes(b"%PDF-1.7 trasig")
    christmas = tmp_path / "jul.txt"
    christmas.write_text(samples.UNREADABLE, encoding="utf-8")
    with pytest.raises(CommandError, match="2 av 2 filer"):
        call_command(
            "import_minutes", str(damaged), str(christmas), "--dry-run", "--json"
        )
    first, second = json.loads(capsys.readouterr().out)
    assert set(first) == set(second) == set(samples.DRY_RUN_KEYS)
    (reason,) = first["warnings"]
    assert reason.startswith("Filen trasig.pdf kan inte läsas: ")
    assert (first["body"], first["date"], first["items"]) == ("", None, [])
    assert second["date"] is None
    assert "Mötets datum hittades inte i rubriken." in second["warnings"]
    assert not Meeting.objects.exists()


def test_a_partly_read_file_is_reported_with_what_was_and_was_not_recognised(
    demo, tmp_path, capsys
) -> None:
    path = tmp_path / "vecka-50.txt"
    path.write_text(
        "Minnesanteckningar möte i Centralt Samverkansorgan\n\n"
        "Deltagare\nMötet hölls digitalt.\n\nFör Region Skåne\n"
        "Anna Mannfalk (ordförande), Lisa Flinth\n\nDagordning\n\n"
        "Rutiner för delregional samverkan\nJohan Cosmo, Sara Österberg\n"
        "Rutinen godkänns.\n",
        encoding="utf-8",
    )
    counts = (Meeting.objects.count(), Person.objects.count())
    with pytest.raises(CommandError, match="1 av 1 filer importerades inte"):
        call_command("import_minutes", str(path))
    out = capsys.readouterr().out
    assert "vecka-50.txt: kan inte importeras." in out
    assert "  - Mötets datum hittades inte i rubriken." in out
    assert "  Känt igen: Deltagare, För Region Skåne, Dagordning" in out
    assert "  Inte förstått: Mötet hölls digitalt." in out
    assert (
        "  Läst: organ ”Centralt Samverkansorgan”, datum –, 2 deltagare, 1 punkter."
        in out
    )
    assert (Meeting.objects.count(), Person.objects.count()) == counts
    assert not ImportedFile.objects.exists()


def test_the_command_shows_progress_and_reports_what_it_could_not_read(
    demo, tmp_path, capsys
) -> None:
    files = []
    for n, text in enumerate(
        [samples.DS_NORDVAST, samples.UNREADABLE, samples.OUTCOMES]
    ):
        path = tmp_path / f"{n}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    with pytest.raises(CommandError, match="1 av 3 filer importerades inte"):
        call_command("import_minutes", *files)
    captured = capsys.readouterr()
    assert "3/3" in captured.err  # the progress bar
    assert "1.txt: kan inte importeras" in captured.out
    assert "Mötets datum hittades inte" in captured.out
    assert "Känt igen: inget" in captured.out
    assert Meeting.objects.count() == 2


def test_the_command_asks_for_confirmation_then_takes_the_choices(
    demo, seed_minutes, tmp_path, capsys
) -> None:
    path = tmp_path / "cs.txt"
    path.write_text(
        seed_minutes.replace("Jill Persson", "Jill Perssson"), encoding="utf-8"
    )
    with pytest.raises(CommandError):
        call_command("import_minutes", str(path))
    out = capsys.readouterr().out
    assert "Jill Perssson: liknar Jill Persson" in out
    assert not Meeting.objects.exists()
    call_command("import_minutes", str(path), "--accept-close")
    assert Meeting.objects.get().attendance.filter(person__last_name="Persson").exists()
