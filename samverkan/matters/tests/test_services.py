import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from samverkan.lib.errors import DomainError, PreconditionFailed, TransitionNotAllowed
from samverkan.matters import services
from samverkan.matters.models import Matter, MatterEvent, Uptake
from samverkan.matters.selectors import uptake_summary
from samverkan.organisation.models import Body, Party

Status = Matter.Status
D = dt.date


def test_registry_numbers_count_per_body_and_year(register, demo):
    ds = Body.objects.get(structure=demo, slug="ds-nordvast")

    first = register(received_on=D(2024, 3, 1))
    second = register(received_on=D(2024, 5, 1))
    other_body = register(body=ds, received_on=D(2024, 5, 1))
    next_year = register(received_on=D(2025, 1, 2))

    assert [first.registry_number, second.registry_number] == ["CS 2024/1", "CS 2024/2"]
    assert other_body.registry_number == "DS Nordväst 2024/1"
    assert next_year.registry_number == "CS 2025/1"


def test_a_rolled_back_registration_leaves_no_gap(register):
    register(received_on=D(2024, 3, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        register(received_on=D(2024, 3, 2))
        raise RuntimeError("the caller fails after registering")

    assert register(received_on=D(2024, 3, 3)).registry_number == "CS 2024/2"


def test_an_invalid_matter_takes_no_number(register):
    with pytest.raises(DomainError):
        register(title="", received_on=D(2024, 3, 1))

    assert register(received_on=D(2024, 3, 1)).number == 1


def test_a_party_of_another_structure_cannot_raise_a_matter(register, create_structure):
    stranger = Party.objects.create(
        structure=create_structure(), name="Halmstad", kind=Party.Kind.MUNICIPALITY
    )

    with pytest.raises(DomainError, match="annan samverkansstruktur"):
        register(raised_by=stranger)


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_unique_gapless_numbers(register, cs):
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent writers are a PostgreSQL matter; SQLite serialises them"
        )
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def worker() -> None:
        try:
            barrier.wait()
            numbers.append(register(received_on=D(2024, 6, 1)).number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == list(range(1, 9))


def test_registration_sends_a_receipt_with_the_number(
    register, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        matter = register(received_on=D(2024, 3, 1))

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Ärendet har registrerats: CS 2024/1"
    assert "CS 2024/1" in mailoutbox[0].body
    assert mailoutbox[0].to == ["sara@example.org"]
    assert matter.events.get().to_status == Status.RECEIVED


def test_cs_matters_are_prepared_by_ctb(register):
    assert register().preparing_body.short_name == "CTB"


def test_the_whole_workflow_is_recorded_on_the_timeline(register, official):
    matter = register()
    for status in (
        Status.IN_PREPARATION,
        Status.READY,
        Status.ON_AGENDA,
        Status.TREATED,
        Status.FOLLOWING_UP,
        Status.CLOSED,
    ):
        services.transition_matter(matter=matter, to=status, actor=official)

    steps = list(matter.events.values_list("from_status", "to_status"))
    assert steps == [
        ("", "received"),
        ("received", "in_preparation"),
        ("in_preparation", "ready"),
        ("ready", "on_agenda"),
        ("on_agenda", "treated"),
        ("treated", "following_up"),
        ("following_up", "closed"),
    ]
    assert {e.actor for e in matter.events.all()} == {official}


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ([], Status.TREATED),
        ([], Status.CLOSED),
        ([Status.IN_PREPARATION], Status.ON_AGENDA),
        ([Status.DISMISSED], Status.IN_PREPARATION),
    ],
)
def test_forbidden_transitions_are_refused_with_a_clear_message(
    register, official, path, forbidden
):
    matter = register()
    for status in path:
        services.transition_matter(
            matter=matter, to=status, actor=official, note="skäl"
        )

    with pytest.raises(TransitionNotAllowed) as refused:
        services.transition_matter(matter=matter, to=forbidden, actor=official)

    assert f"kan inte gå till ”{Status(forbidden).label}”" in refused.value.message
    matter.refresh_from_db()
    assert matter.status == (path[-1] if path else Status.RECEIVED)


@pytest.mark.parametrize("status", [Status.DISMISSED, Status.SENT_BACK])
def test_dismissing_or_sending_back_needs_a_reason(register, official, status):
    matter = register()

    with pytest.raises(PreconditionFailed, match="Ange ett skäl"):
        services.transition_matter(matter=matter, to=status, actor=official, note="  ")
    event = services.transition_matter(
        matter=matter, to=status, actor=official, note="Hör till DS"
    )

    assert event.note == "Hör till DS"


def test_a_matter_affecting_both_parties_needs_both_analyses_before_treatment(
    register, official, demo
):
    matter = register(affects_both_parties=True)
    services.transition_matter(matter=matter, to=Status.IN_PREPARATION, actor=official)
    region = Party.objects.get(structure=demo, kind=Party.Kind.REGION)

    with pytest.raises(PreconditionFailed) as refused:
        services.transition_matter(matter=matter, to=Status.READY, actor=official)
    assert "regionen och kommunerna" in refused.value.message

    services.save_analysis(
        matter=matter,
        side="region",
        actor=official,
        completed=True,
        patients="Säkrare utskrivning.",
        economy=[(region, 2025, -1_200_000, "IT")],
    )
    with pytest.raises(PreconditionFailed) as refused:
        services.transition_matter(matter=matter, to=Status.READY, actor=official)
    assert "klar för kommunerna" in refused.value.message

    services.save_analysis(
        matter=matter,
        side="municipalities",
        actor=official,
        completed=True,
        organisation="Färre akuta hembesök.",
    )
    services.transition_matter(matter=matter, to=Status.READY, actor=official)
    matter.refresh_from_db()
    assert matter.status == Status.READY
    assert matter.analyses.get(side="region").economy.get().amount_sek == -1_200_000


def test_an_empty_analysis_cannot_be_marked_complete(register, official):
    with pytest.raises(PreconditionFailed):
        services.save_analysis(
            matter=register(), side="region", actor=official, completed=True
        )


def test_a_matter_for_one_party_needs_no_analysis(register, official):
    matter = register()
    services.transition_matter(matter=matter, to=Status.IN_PREPARATION, actor=official)

    services.transition_matter(matter=matter, to=Status.READY, actor=official)

    assert services.missing_analyses(matter) == []


def test_routing_gives_the_receiving_body_its_own_number_and_keeps_the_history(
    register, official, demo, malmo
):
    ds = Body.objects.get(structure=demo, slug="ds-sydvast")
    matter = register(received_on=D(2024, 3, 1))
    services.add_cross_reference(
        matter=matter, party=malmo, registry_number="SOF-2024-117"
    )

    successor = services.route_matter(
        matter=matter, to_body=ds, actor=official, reason="En delregional fråga"
    )

    matter.refresh_from_db()
    assert matter.status == Status.ROUTED
    assert matter.routed_to == successor
    assert successor.body == ds and successor.number == 1
    assert successor.references.get().registry_number == "SOF-2024-117"
    last = matter.events.last()
    assert f"som {successor.registry_number}: En delregional fråga" in last.note
    assert "Överlämnat från CS" in successor.events.get().note


def test_routing_needs_a_reason_another_body_and_an_open_matter(
    register, official, cs, demo
):
    matter = register()
    ds = Body.objects.get(structure=demo, slug="ds-sydost")

    with pytest.raises(PreconditionFailed):
        services.route_matter(matter=matter, to_body=ds, actor=official, reason="")
    with pytest.raises(DomainError, match="redan hos CS"):
        services.route_matter(matter=matter, to_body=cs, actor=official, reason="x")
    services.transition_matter(
        matter=matter, to=Status.DISMISSED, actor=official, note="x"
    )
    with pytest.raises(TransitionNotAllowed):
        services.route_matter(matter=matter, to_body=ds, actor=official, reason="x")
    assert Matter.objects.filter(body=ds).count() == 0


def test_one_party_number_points_to_one_matter(register, malmo):
    services.add_cross_reference(matter=register(), party=malmo, registry_number="KS-1")

    with pytest.raises(DomainError, match="redan ett ärende"):
        services.add_cross_reference(
            matter=register(), party=malmo, registry_number="KS-1"
        )


def treated(register, official) -> Matter:
    matter = register()
    for status in (
        Status.IN_PREPARATION,
        Status.READY,
        Status.ON_AGENDA,
        Status.TREATED,
    ):
        services.transition_matter(matter=matter, to=status, actor=official)
    return matter


def test_a_recommendation_asks_the_region_and_every_municipality(register, official):
    matter = treated(register, official)

    recommendation = services.issue_recommendation(
        matter=matter,
        text="Parterna inför rutinen.",
        issued_on=D(2024, 4, 12),
        answer_by=D(2024, 9, 30),
        actor=official,
    )

    assert recommendation.uptakes.count() == 34
    assert uptake_summary(recommendation).sentence() == "0 av 33 kommuner har beslutat"
    matter.refresh_from_db()
    assert matter.status == Status.FOLLOWING_UP


def test_a_recommendation_needs_a_treated_matter(register, official):
    with pytest.raises(TransitionNotAllowed):
        services.issue_recommendation(
            matter=register(), text="x", issued_on=D(2024, 4, 12), actor=official
        )


def test_uptake_summary_counts_the_municipalities_that_decided(
    register, official, demo
):
    matter = treated(register, official)
    recommendation = services.issue_recommendation(
        matter=matter, text="Inför rutinen.", issued_on=D(2024, 4, 12), actor=official
    )
    municipal = list(
        recommendation.uptakes.filter(party__kind=Party.Kind.MUNICIPALITY).order_by(
            "party__name"
        )
    )
    for uptake in municipal[:21]:
        services.update_uptake(
            uptake=uptake,
            status=Uptake.Status.DECIDED,
            decided_on=D(2024, 6, 1),
            party_registry_number="KS 2024/1",
            actor=official,
        )
    services.update_uptake(
        uptake=municipal[21], status=Uptake.Status.IN_PROGRESS, actor=official
    )

    summary = uptake_summary(recommendation)

    assert summary.sentence() == "21 av 33 kommuner har beslutat"
    assert summary.region_decided is False


def test_a_decision_needs_its_date_and_cannot_predate_the_recommendation(
    register, official
):
    matter = treated(register, official)
    recommendation = services.issue_recommendation(
        matter=matter, text="x", issued_on=D(2024, 4, 12), actor=official
    )
    uptake = recommendation.uptakes.first()

    with pytest.raises(PreconditionFailed, match="datumet"):
        services.update_uptake(
            uptake=uptake, status=Uptake.Status.DECIDED, actor=official
        )
    with pytest.raises(DomainError, match="före rekommendationen"):
        services.update_uptake(
            uptake=uptake,
            status=Uptake.Status.DECIDED,
            decided_on=D(2024, 1, 1),
            actor=official,
        )
    assert Uptake.objects.get(pk=uptake.pk).status == Uptake.Status.NOT_STARTED


def test_history_records_who_changed_a_matter(register, official):
    matter = register()
    services.transition_matter(matter=matter, to=Status.IN_PREPARATION, actor=official)

    assert matter.history.first().history_user == official
    assert MatterEvent.objects.filter(matter=matter).count() == 2


def test_parties_that_have_not_answered_are_reminded_weekly(
    register, official, mailoutbox, demo
):
    matter = treated(register, official)
    recommendation = services.issue_recommendation(
        matter=matter,
        text="Inför rutinen.",
        issued_on=D(2024, 4, 12),
        answer_by=D(2024, 6, 30),
        actor=official,
    )
    svalov = demo.parties.get(name="Svalöv")
    teddy = svalov.memberships.first().person
    teddy.email = "teddy@svalov.example"
    teddy.save()
    malmo = recommendation.uptakes.get(party__name="Malmö")
    services.update_uptake(
        uptake=malmo, status=Uptake.Status.IN_PROGRESS, actor=official
    )

    too_early = services.remind_uptakes(today=D(2024, 6, 1))
    week_before = services.remind_uptakes(today=D(2024, 6, 23))
    next_day = services.remind_uptakes(today=D(2024, 6, 24))
    week_after = services.remind_uptakes(today=D(2024, 7, 1))

    # Svalöv's representative has an address; Malmö answered; others have none.
    assert (too_early, week_before, next_day, week_after) == (0, 1, 0, 1)
    assert mailoutbox[0].to == ["teddy@svalov.example"]
    assert "Svalöv har ännu inte rapporterat sitt beslut" in mailoutbox[0].body
    assert (
        mailoutbox[0].subject
        == f"Påminnelse: svar på rekommendation i {matter.registry_number}"
    )


def test_send_reminders_runs_every_configured_reminder(db, capsys):
    from django.core.management import call_command

    call_command("send_reminders")

    assert "samverkan.matters.services.remind_uptakes: 0" in capsys.readouterr().out
