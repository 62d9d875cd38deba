"""The members table of a body's page into memberships."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samverkan.importers import services
from samverkan.importers.composition import parse_composition
from samverkan.organisation.models import Membership, Person

TABLE = """Delregional samverkan Nordost

För Region Skåne\tFör kommunerna
Eva Demo-Lindqvist, ordförande\tLars Demo-Nyberg, Kristianstad, vice ordförande
Karl Ny Demo\tVakant
"""


def test_it_splits_the_run_together_rows_of_the_seed_page(seed_composition) -> None:
    parsed = parse_composition(seed_composition)
    assert parsed.body == "Centralt Samverkansorgan"
    region = [(s.name, s.role) for s in parsed.seats if s.side == "region"]
    municipal = [
        (s.name, s.municipality, s.role)
        for s in parsed.seats
        if s.side == "municipalities"
    ]
    assert region == [
        ("Anna Mannfalk", "chair"),
        ("Marianne Eriksson", "member"),
        ("Anders Lundström", "member"),
        ("Lisa Flinth", "member"),
        ("Jacqueline Maly", "member"),
        ("Patrik Holmberg", "member"),
        ("Gunilla Wahlberg", "member"),
        ("Mätta Ivarsson", "member"),
    ]
    assert municipal == [
        ("Anders Rubin", "Malmö", "vice_chair"),
        ("Patric Åberg", "Östra Göinge", "member"),
        ("Johan Andersson", "Eslöv", "member"),
        ("Teddy Nilsson", "Svalöv", "member"),
    ]
    assert parsed.vacant == {"municipalities": 4}
    assert parsed.warnings == []


def test_the_seed_page_changes_nothing_in_the_demo_but_a_second_import_is_refused(
    demo, cs, seed_composition, today
) -> None:
    content = seed_composition.encode()
    before = set(Membership.objects.values_list("pk", "end"))
    plan = services.plan_composition(
        parsed=services.read_composition("cs.txt", content),
        sha256=services.checksum(content),
        body=cs,
        start=today,
    )
    assert plan.status == "ready"
    changes = services.import_composition(plan=plan, filename="cs.txt", actor=None)
    # The demo's chair this year may be either side; the members are the same.
    assert changes["added"] == [] and changes["ended"] == []
    assert len(changes["same"]) + len(changes["changed"]) == 12
    if not changes["changed"]:
        assert set(Membership.objects.values_list("pk", "end")) == before
    again = services.plan_composition(
        parsed=plan.parsed, sha256=plan.sha256, body=cs, start=today
    )
    assert again.status == "duplicate"


def test_a_table_adds_ends_and_proposes_unknown_people(
    demo, tmp_path, capsys, today
) -> None:
    path = tmp_path / "nordost.txt"
    path.write_text(TABLE, encoding="utf-8")
    with pytest.raises(CommandError, match="Karl Ny Demo"):
        call_command(
            "import_composition",
            str(path),
            "--body",
            "ds-nordost",
            "--start",
            "2030-01-01",
        )
    assert not Membership.objects.filter(person__last_name="Ny Demo").exists()
    call_command(
        "import_composition",
        str(path),
        "--body",
        "ds-nordost",
        "--start",
        "2030-01-01",
        "--create-people",
    )
    out = capsys.readouterr().out
    added = next(line for line in out.splitlines() if line.startswith("nya:"))
    assert "Karl Ny Demo" in added
    karl = Membership.objects.get(person__last_name="Ny Demo")
    assert (karl.role, karl.side, karl.start) == (
        "member",
        "region",
        dt.date(2030, 1, 1),
    )
    # The chairs of the table hold their seats from that day.
    assert (
        Membership.objects.active_on(dt.date(2030, 1, 1))
        .filter(
            body__slug="ds-nordost", role="chair", person__last_name="Demo-Lindqvist"
        )
        .exists()
    )
    assert karl.party.name == "Region Skåne"


def test_the_secretary_previews_and_confirms_a_table_on_the_web(
    client, demo, django_assert_max_num_queries
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from samverkan.accounts.models import User

    # The administrator of the structure (the demo secretary serves CS only).
    client.force_login(User.objects.get(username="admin"))
    response = client.post(
        reverse("importers:composition-upload", args=[demo.slug, "ds-nordost"]),
        {
            "file": SimpleUploadedFile("nordost.txt", TABLE.encode()),
            "start": "2030-01-01",
        },
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(25):
        preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "Lars Demo-Nyberg" in html and "Kristianstad" in html
    assert "Skapa ny person: Karl Ny Demo" in html
    assert "1 vakant plats" in html
    assert not Membership.objects.filter(person__last_name="Ny Demo").exists()
    done = client.post(response["Location"], {"person-0": "new"})
    assert done.status_code == 302
    assert Membership.objects.filter(
        person__last_name="Ny Demo", body__slug="ds-nordost", start=dt.date(2030, 1, 1)
    ).exists()
    from samverkan.importers.models import ImportFile

    assert ImportFile.objects.get().status == ImportFile.Status.IMPORTED
    memberships = set(Membership.objects.values_list("pk", "start", "end", "role"))
    again = client.post(response["Location"], {"person-0": "new"}, follow=True)
    assert "Filen nordost.txt är redan importerad." in again.content.decode()
    assert set(Membership.objects.values_list("pk", "start", "end", "role")) == (
        memberships
    )


def test_the_dry_run_previews_the_seats_the_endings_and_the_names_to_confirm(
    demo, tmp_path, capsys, today
) -> None:
    path = tmp_path / "nordost.txt"
    path.write_text(
        TABLE.replace("Eva Demo-Lindqvist", "Eva Demo-Lindkvist").replace(
            "Lars Demo-Nyberg, Kristianstad, vice ordförande", "Vakant"
        ),
        encoding="utf-8",
    )
    memberships = set(Membership.objects.values_list("pk", "start", "end", "role"))
    people = Person.objects.count()
    call_command(
        "import_composition",
        str(path),
        "--body",
        "ds-nordost",
        "--start",
        today.isoformat(),
        "--dry-run",
    )
    lines = capsys.readouterr().out.splitlines()
    eva = Person.objects.get(last_name="Demo-Lindqvist")
    day_before = today - dt.timedelta(days=1)
    assert lines[0].endswith(
        f"nordost.txt: Delregional samverkan Nordost från {today}, 2 ledamöter "
        "(provläsning, ingenting ändrades)."
    )
    assert lines[1:] == [
        "  Regionen: Eva Demo-Lindkvist (ordförande), Karl Ny Demo",
        "  Kommunerna: 2 vakanta",
        f"  Avslutas {day_before}: Lars Demo-Nyberg, Eva Demo-Lindqvist",
        f"  Bekräfta Eva Demo-Lindkvist: liknar Eva Demo-Lindqvist (id {eva.pk})",
        "  Bekräfta Karl Ny Demo: ny person föreslås",
        "  Använd --match 'NAMN=ID', --accept-close eller --create-people.",
    ]
    assert set(Membership.objects.values_list("pk", "start", "end", "role")) == (
        memberships
    )
    assert Person.objects.count() == people


def test_a_missing_or_unreadable_page_is_reported_and_changes_nothing(
    demo, tmp_path
) -> None:
    memberships = set(Membership.objects.values_list("pk", "start", "end", "role"))
    with pytest.raises(CommandError, match="saknas.txt: kunde inte läsas"):
        call_command("import_composition", str(tmp_path / "saknas.txt"), "--body", "cs")
    damaged = tmp_path / "sida.pdf"
    damaged.write_bytes(b"%PDF-1.7 trasig")
    with pytest.raises(CommandError, match="Filen sida.pdf kan inte läsas"):
        call_command("import_composition", str(damaged), "--body", "cs")
    assert set(Membership.objects.values_list("pk", "start", "end", "role")) == (
        memberships
    )
