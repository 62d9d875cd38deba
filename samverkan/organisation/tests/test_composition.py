import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from samverkan.lib.errors import CompositionRuleBroken
from samverkan.organisation import services
from samverkan.organisation.composition import (
    chair_rotation,
    composition_on,
    rules_in_words,
)
from samverkan.organisation.models import Body, Membership, Side

Role = Membership.Role
D = dt.date


@pytest.fixture
def cs(create_body) -> Body:
    return create_body(
        short_name="CS",
        chair_rule=Body.ChairRule.ALTERNATING,
        chair_reference_year=2024,
        chair_reference_side=Side.REGION,
        municipalities_appointed_by="Skånes Kommuners styrelse",
    )


@pytest.fixture
def ds(create_body) -> Body:
    return create_body(
        short_name="DS Nordväst",
        level=Body.Level.SUBREGIONAL,
        chair_rule=Body.ChairRule.REGION,
        seats_region=None,
        seats_municipalities=None,
    )


def fill(create_membership, body, side, count, **overrides):
    return [
        create_membership(body, side=side, position=i, **overrides)
        for i in range(count)
    ]


def test_it_accepts_eight_members_from_each_side(cs, create_membership):
    fill(create_membership, cs, Side.REGION, 8)
    fill(create_membership, cs, Side.MUNICIPALITIES, 8)

    composition = composition_on(cs, D(2024, 3, 1), cs.memberships.all())

    assert (composition.region.filled, composition.region.vacant) == (8, 0)
    assert (composition.municipalities.filled, composition.municipalities.vacant) == (
        8,
        0,
    )


def test_it_refuses_a_ninth_region_member_and_saves_nothing(cs, create_membership):
    fill(create_membership, cs, Side.REGION, 8)

    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(cs, side=Side.REGION, start=D(2024, 5, 1))

    assert "8 platser för regionen" in refused.value.message
    assert "2024-05-01" in refused.value.message
    assert cs.memberships.count() == 8


def test_a_ninth_member_is_refused_only_while_the_seats_overlap(cs, create_membership):
    members = fill(create_membership, cs, Side.REGION, 8)
    services.end_membership(membership=members[0], end=D(2024, 6, 30))

    with pytest.raises(CompositionRuleBroken):
        create_membership(cs, side=Side.REGION, start=D(2024, 6, 1))
    successor = create_membership(cs, side=Side.REGION, start=D(2024, 7, 1))

    assert successor.pk
    assert composition_on(cs, D(2024, 7, 1), cs.memberships.all()).region.filled == 8


def test_a_new_member_is_refused_when_a_later_member_would_overflow(
    cs, create_membership
):
    fill(create_membership, cs, Side.REGION, 7)
    create_membership(cs, side=Side.REGION, start=D(2025, 1, 1))

    # Seven seats are taken now, but from 2025 all eight are.
    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(cs, side=Side.REGION, start=D(2024, 1, 1))

    assert "2025-01-01" in refused.value.message


def test_substitutes_secretaries_and_officials_take_no_seat(cs, create_membership):
    fill(create_membership, cs, Side.REGION, 8)

    for role in (Role.SUBSTITUTE, Role.OFFICIAL, Role.CO_OPTED):
        create_membership(cs, side=Side.REGION, role=role)
    create_membership(cs, side="", party=None, role=Role.SECRETARY)

    composition = composition_on(
        cs, D(2024, 1, 1), cs.memberships.select_related("person")
    )
    assert composition.region.filled == 8
    assert len(composition.others) == 4


def test_a_body_without_a_seat_limit_takes_any_number(ds, create_membership):
    fill(create_membership, ds, Side.MUNICIPALITIES, 12)

    assert (
        composition_on(ds, D(2024, 1, 1), ds.memberships.all()).municipalities.vacant
        == 0
    )


def test_it_refuses_two_overlapping_memberships_for_one_person(
    cs, create_membership, create_person
):
    person = create_person("Anna Mannfalk")
    create_membership(cs, person=person, end=D(2024, 12, 31))

    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(cs, person=person, role=Role.SUBSTITUTE, start=D(2024, 6, 1))

    assert "Anna Mannfalk har redan uppdraget ledamot" in refused.value.message
    assert create_membership(cs, person=person, start=D(2025, 1, 1)).pk


def test_one_person_may_sit_in_two_different_bodies(
    cs, ds, create_membership, create_person
):
    person = create_person()
    create_membership(cs, person=person)

    assert create_membership(ds, person=person).pk


def test_chair_and_vice_chair_must_come_from_opposite_sides(ds, create_membership):
    create_membership(ds, role=Role.CHAIR, side=Side.REGION)

    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(ds, role=Role.VICE_CHAIR, side=Side.REGION)

    assert "olika parter" in refused.value.message


def test_it_refuses_a_second_chair_at_the_same_time(ds, create_membership):
    create_membership(ds, role=Role.CHAIR, side=Side.REGION, end=D(2024, 12, 31))

    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(ds, role=Role.CHAIR, side=Side.REGION, start=D(2024, 12, 1))

    assert "har redan ordförande" in refused.value.message
    assert create_membership(
        ds, role=Role.CHAIR, side=Side.REGION, start=D(2025, 1, 1)
    ).pk


@pytest.mark.parametrize(
    ("year", "chair_side"),
    [
        (2022, Side.REGION),
        (2023, Side.MUNICIPALITIES),
        (2024, Side.REGION),
        (2025, Side.MUNICIPALITIES),
        (2026, Side.REGION),
    ],
)
def test_the_cs_chair_alternates_between_the_sides_yearly(cs, year, chair_side):
    assert cs.chair_side_for(year) == chair_side


def test_it_refuses_a_chair_from_the_wrong_side_for_the_year(cs, create_membership):
    year_2025 = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}

    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(cs, role=Role.CHAIR, side=Side.REGION, **year_2025)
    assert "Ordförande i CS ska komma från kommunerna år 2025" in refused.value.message

    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(
            cs, role=Role.VICE_CHAIR, side=Side.MUNICIPALITIES, **year_2025
        )
    assert (
        "Vice ordförande i CS ska komma från regionen år 2025" in refused.value.message
    )

    create_membership(cs, role=Role.CHAIR, side=Side.MUNICIPALITIES, **year_2025)
    create_membership(cs, role=Role.VICE_CHAIR, side=Side.REGION, **year_2025)
    assert cs.memberships.count() == 2


def test_an_alternating_chair_cannot_span_two_chair_years(cs, create_membership):
    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(
            cs,
            role=Role.CHAIR,
            side=Side.REGION,
            start=D(2024, 1, 1),
            end=D(2025, 3, 1),
        )

    assert "kommunerna år 2025" in refused.value.message


def test_an_alternating_chair_needs_an_end_date(cs, create_membership):
    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(cs, role=Role.CHAIR, side=Side.REGION, start=D(2024, 3, 1))

    assert "senast 2024-12-31" in refused.value.message


def test_a_ds_chair_comes_from_the_region_and_the_vice_chair_from_the_municipalities(
    ds, create_membership
):
    with pytest.raises(CompositionRuleBroken):
        create_membership(ds, role=Role.CHAIR, side=Side.MUNICIPALITIES)
    with pytest.raises(CompositionRuleBroken):
        create_membership(ds, role=Role.VICE_CHAIR, side=Side.REGION)

    create_membership(ds, role=Role.CHAIR, side=Side.REGION)
    create_membership(ds, role=Role.VICE_CHAIR, side=Side.MUNICIPALITIES)
    composition = composition_on(ds, D(2030, 1, 1), ds.memberships.all())
    assert composition.violations == []


def test_a_ds_chair_year_changes_on_1_january(ds):
    assert ds.chair_year_of(D(2024, 12, 31)) == 2024
    assert ds.chair_year_of(D(2025, 1, 1)) == 2025
    assert ds.chair_year_bounds(2025) == (D(2025, 1, 1), D(2025, 12, 31))


def test_a_chair_year_may_start_in_another_month(create_body):
    body = create_body(
        chair_rule=Body.ChairRule.ALTERNATING,
        chair_reference_year=2024,
        chair_reference_side=Side.MUNICIPALITIES,
        chair_term_start_month=7,
    )

    assert body.chair_year_of(D(2025, 6, 30)) == 2024
    assert body.chair_year_of(D(2025, 7, 1)) == 2025
    assert body.chair_side_for(body.chair_year_of(D(2025, 3, 1))) == Side.MUNICIPALITIES
    assert body.chair_year_bounds(2024) == (D(2024, 7, 1), D(2025, 6, 30))


def test_chair_rotation_covers_this_year_and_the_next_five(cs):
    rotation = chair_rotation(cs, D(2026, 11, 25), years=5)

    assert [r.year for r in rotation] == [2026, 2027, 2028, 2029, 2030, 2031]
    assert [r.chair_side for r in rotation] == [Side.REGION, Side.MUNICIPALITIES] * 3
    assert rotation[1].vice_chair_side == Side.REGION
    assert (rotation[0].start, rotation[0].end) == (D(2026, 1, 1), D(2026, 12, 31))


def test_it_refuses_an_end_before_the_start(cs, create_membership):
    with pytest.raises(ValidationError) as refused:
        create_membership(cs, start=D(2024, 5, 1), end=D(2024, 4, 30))

    assert "Slutdatum måste vara samma dag som eller efter startdatum" in str(
        refused.value
    )
    assert not cs.memberships.exists()


def test_the_database_refuses_an_end_before_the_start(cs, create_person):
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            body=cs,
            person=create_person(),
            role=Role.MEMBER,
            start=D(2024, 5, 1),
            end=D(2024, 1, 1),
        )


def test_a_member_must_represent_a_party_of_their_side(cs, create_membership, region):
    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(cs, side=Side.MUNICIPALITIES, party=region)

    assert "Region Test hör inte till sidan kommunerna" in refused.value.message


def test_a_seat_needs_a_side(cs, create_membership):
    with pytest.raises(CompositionRuleBroken) as refused:
        create_membership(cs, side="", party=None)

    assert "Ange vilken part" in refused.value.message


def test_the_composition_on_a_past_date_shows_who_sat_then(
    cs, create_membership, create_person
):
    leaving = create_membership(
        cs, person=create_person("Ann Förr"), end=D(2023, 12, 31)
    )
    create_membership(cs, person=create_person("Bo Sedan"), start=D(2024, 1, 1))
    memberships = list(cs.memberships.select_related("person"))

    before = composition_on(cs, D(2023, 12, 8), memberships)
    after = composition_on(cs, D(2024, 1, 1), memberships)

    assert [m.person.name for m in before.region.members] == ["Ann Förr"]
    assert [m.person.name for m in after.region.members] == ["Bo Sedan"]
    assert leaving.end == D(2023, 12, 31)
    assert before.region.vacant == 7


def test_table_rows_put_the_chair_first_and_vacancies_last(
    cs, create_membership, create_person
):
    for position, name in enumerate(["Cecilia C", "Bertil B"], start=2):
        create_membership(cs, person=create_person(name), position=position)
    term = {"start": D(2024, 1, 1), "end": D(2024, 12, 31)}
    create_membership(cs, person=create_person("Anna A"), role=Role.CHAIR, **term)
    create_membership(
        cs,
        person=create_person("Doris D"),
        side=Side.MUNICIPALITIES,
        role=Role.VICE_CHAIR,
        **term,
    )

    rows = composition_on(
        cs, D(2024, 6, 1), cs.memberships.select_related("person")
    ).rows()

    left = [cell.person.name if hasattr(cell, "person") else cell for cell, _ in rows]
    right = [cell.person.name if hasattr(cell, "person") else cell for _, cell in rows]
    assert left == ["Anna A", "Cecilia C", "Bertil B"] + ["vacant"] * 5
    assert right == ["Doris D"] + ["vacant"] * 7


def test_the_report_lists_broken_rules_after_the_seats_are_reduced(
    cs, create_membership
):
    fill(create_membership, cs, Side.REGION, 8)
    Body.objects.filter(pk=cs.pk).update(seats_region=6)
    cs.refresh_from_db()

    composition = composition_on(
        cs, D(2024, 6, 1), cs.memberships.select_related("person")
    )

    assert "Regionen har 8 ledamöter men bara 6 platser." in composition.violations
    assert "Ordförande saknas." in composition.violations


def test_the_report_finds_a_chair_from_the_wrong_side(cs, create_membership):
    # Saved before the rule changed, so the saved data no longer fits it.
    create_membership(
        cs, role=Role.CHAIR, side=Side.REGION, start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    Body.objects.filter(pk=cs.pk).update(chair_reference_side=Side.MUNICIPALITIES)
    cs.refresh_from_db()

    composition = composition_on(
        cs, D(2024, 6, 1), cs.memberships.select_related("person")
    )

    assert "Ordförande ska komma från kommunerna år 2024." in composition.violations


def test_rules_in_words_read_like_the_seed_page(cs):
    assert rules_in_words(cs, "Region Skåne") == [
        "Antalet ledamöter ska vara åtta (8) från Region Skåne och åtta (8) från kommunerna.",
        "Skånes Kommuners styrelse utser ledamöter för kommunerna.",
        "Ordförandeskapet ska alternera årsvis.",
    ]


def test_rules_in_words_for_a_ds(ds):
    assert rules_in_words(ds, "Region Skåne") == [
        "Region Skåne utser ordförande och kommunerna vice ordförande. "
        "Ordförandeskapet byts den 1 januari."
    ]


def test_an_alternating_body_needs_a_reference_year(create_body):
    body = create_body(chair_rule=Body.ChairRule.ALTERNATING)

    with pytest.raises(ValidationError) as refused:
        body.full_clean()

    assert "chair_reference_year" in refused.value.message_dict


def test_change_role_ends_the_seat_and_starts_the_new_role(ds, create_membership):
    member = create_membership(ds, start=D(2023, 1, 1))

    chair = services.change_role(
        membership=member, role=Role.CHAIR, day=D(2024, 1, 1), end=D(2024, 12, 31)
    )

    member.refresh_from_db()
    assert member.end == D(2023, 12, 31)
    assert (chair.role, chair.start, chair.person_id) == (
        Role.CHAIR,
        D(2024, 1, 1),
        member.person_id,
    )


def test_history_is_kept_for_every_change(cs, create_membership):
    member = create_membership(cs)
    services.end_membership(membership=member, end=D(2024, 12, 31))

    assert [h.end for h in member.history.order_by("history_date")] == [
        None,
        D(2024, 12, 31),
    ]
