import pytest
from django.core.management import CommandError, call_command

from samverkan.accounts.models import User
from samverkan.organisation.composition import composition_on
from samverkan.organisation.models import Body, Membership, Party, Structure


def test_load_demo_creates_the_structure_and_prints_the_logins(db, capsys):
    call_command("load_demo")

    output = capsys.readouterr().out
    assert "sekreterare / samverkan-demo" in output
    assert Structure.objects.get().name == "Vårdsamverkan Skåne"
    assert User.objects.get(username="sekreterare").check_password("samverkan-demo")
    assert User.objects.get(username="admin").is_superuser


def test_load_demo_if_empty_leaves_existing_data_alone(db, capsys):
    call_command("load_demo")
    call_command("load_demo", if_empty=True)

    assert "läses inte in" in capsys.readouterr().out
    assert Structure.objects.count() == 1


def test_load_demo_refuses_a_database_with_data(db):
    call_command("load_demo")

    with pytest.raises(CommandError, match="redan en samverkansstruktur"):
        call_command("load_demo")


def test_the_demo_has_every_skane_municipality_in_a_subregion(demo):
    municipalities = Party.objects.filter(structure=demo, kind=Party.Kind.MUNICIPALITY)

    assert municipalities.count() == 33
    assert not municipalities.filter(subregion__isnull=True).exists()
    assert len(set(municipalities.values_list("code", flat=True))) == 33
    assert demo.parties.get(kind=Party.Kind.ASSOCIATION).name == "Skånes Kommuner"


def test_the_demo_bodies_follow_their_own_rules_today(demo, today):
    for body in Body.objects.filter(structure=demo):
        memberships = body.memberships.select_related("person")
        assert composition_on(body, today, memberships).violations == [], body.name


def test_each_ds_has_a_region_chair_and_a_municipal_vice_chair_from_its_subregion(
    demo, today
):
    for ds in Body.objects.filter(structure=demo, level=Body.Level.SUBREGIONAL):
        composition = composition_on(
            ds, today, ds.memberships.select_related("person", "party")
        )
        assert composition.chair.side == "region"
        assert composition.vice_chair.party.subregion_id == ds.subregion_id


def test_the_demo_officials_prepare_for_cs(demo):
    ctb = Body.objects.get(slug="ctb")

    officials = ctb.memberships.filter(role=Membership.Role.OFFICIAL)
    assert ctb.prepares_for.short_name == "CS"
    assert sorted(m.person.name for m in officials) == [
        "Jolanda Van Vliet",
        "Johan Cosmo",
        "Nina Mårtensson",
        "Sara Österberg",
    ] or sorted(m.person.name for m in officials) == sorted(
        ["Johan Cosmo", "Jolanda Van Vliet", "Nina Mårtensson", "Sara Österberg"]
    )
