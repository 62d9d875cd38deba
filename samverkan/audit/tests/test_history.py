"""The change history of domain records, and its 'Historik' page."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.models import HistoricalChanges

from samverkan.accounts.models import RoleGrant
from samverkan.audit import selectors
from samverkan.organisation import services
from samverkan.organisation.models import Body, Membership

# Models that hold no domain content and so keep no change history, with why.
UNTRACKED = {
    "accounts.User": "sign-in data; changes to roles are RoleGrant rows",
    "accounts.Invitation": "a one-time link, removed with its person",
    "accounts.ExternalIdentity": "written only by the sign-in itself",
    "audit.AuditEvent": "the security log is itself append-only",
    "documents.DocumentVersion": "never changed: a new upload is a new version row",
    "matters.RegistryCounter": "a counter; the numbers it gave are on the matters",
    "matters.MatterEvent": "the matter's timeline, itself append-only",
    "deviations.DeviationEvent": "the deviation's timeline, itself append-only",
    "deviations.DisputeResponse": "written once per side and never changed",
    "meetings.MeetingEvent": "the meeting's timeline, itself append-only",
    "meetings.Signature": "a signature is written once and never changed",
    "meetings.Correction": "the log of corrections to approved minutes, append-only",
    "notifications.Notification": "a message to one user; the event it tells of keeps its own history",
    "notifications.Preference": "a user's own choice of delivery, with no bearing on the record",
    "oparl.Tombstone": "derived from deletions of public records; itself their log",
    "agreement.Measurement": "revisions are kept as rows: a new value replaces, never overwrites",
    "importers.ImportedFile": "written once per import; the meeting it made keeps its history",
    "importers.ImportBatch": "an upload waiting to be read and confirmed, not a record",
    "importers.ImportFile": "an uploaded file waiting to be read and confirmed, not a record",
    "search.SearchEntry": "the search index, derived from the records and rebuilt by reindex",
}


def history_url(obj) -> str:  # noqa: ANN001
    return reverse(
        "audit:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk]
    )


def test_every_domain_model_keeps_a_change_history() -> None:
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("samverkan.")
        and ".tests." not in model.__module__
        and not issubclass(model, HistoricalChanges)
        and model._meta.label not in UNTRACKED
        and getattr(model._meta, "simple_history_manager_attribute", None) is None
    ]
    assert missing == [], "Add history = HistoricalRecords() (or say why not)"


def test_no_history_model_is_editable_in_the_admin() -> None:
    registered = [m for m in admin.site._registry if issubclass(m, HistoricalChanges)]
    assert registered == []


def test_a_change_is_recorded_with_who_when_and_each_field(
    client, secretary, persona_body
) -> None:
    client.force_login(secretary)
    # Through a request, so the history middleware names the user.
    persona_body.name = "Centralt Samverkansorgan (CS)"
    persona_body._history_user = secretary
    persona_body.save()
    versions = selectors.versions(persona_body)
    assert [v.record.history_type for v in versions] == ["~", "+"]
    latest = versions[0]
    assert latest.record.history_user == secretary
    assert [(c.field, c.old, c.new) for c in latest.changes] == [
        ("namn", "Centralt Samverkansorgan", "Centralt Samverkansorgan (CS)")
    ]


def test_a_membership_saved_by_a_service_names_its_actor(
    persona_body, create_person, region, secretary
) -> None:
    membership = services.save_membership(
        membership=Membership(
            body=persona_body,
            person=create_person(),
            role=Membership.Role.MEMBER,
            side="region",
            party=region,
            start="2024-01-01",
        ),
        actor=secretary,
    )
    assert membership.history.get().history_user == secretary


def test_a_deletion_is_recorded(persona_body) -> None:
    pk = persona_body.pk
    persona_body.delete()
    assert Body.history.filter(id=pk).first().history_type == "-"


def test_the_history_page_shows_the_diff_to_the_secretary(
    client, secretary, persona_body
) -> None:
    persona_body.short_name = "CSO"
    persona_body.save()
    client.force_login(secretary)
    response = client.get(history_url(persona_body))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Historik: Centralt Samverkansorgan" in html
    assert '<th scope="row">Kortnamn</th><td>CS</td><td>CSO</td>' in html
    assert "Ändrad" in html and "Skapad" in html


def test_the_history_page_keeps_its_queries_few(
    client, secretary, persona_body, django_assert_max_num_queries
) -> None:
    for n in range(20):
        persona_body.position = n + 1
        persona_body.save()
    client.force_login(secretary)
    with django_assert_max_num_queries(12):
        response = client.get(history_url(persona_body))
    assert response.content.decode().count("history-version") == 21


def test_the_history_page_is_read_only(client, secretary, persona_body) -> None:
    client.force_login(secretary)
    url = history_url(persona_body)
    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_a_member_may_not_read_the_history(client, member, persona_body) -> None:
    client.force_login(member)
    assert client.get(history_url(persona_body)).status_code == 403


def test_an_invisible_record_is_not_found(
    client, outsider, administrator, structure
) -> None:
    grant = RoleGrant.objects.get(user=administrator)
    client.force_login(outsider)
    assert client.get(history_url(grant)).status_code == 404


def test_only_tracked_models_have_a_history_page(client, administrator) -> None:
    client.force_login(administrator)
    assert (
        client.get(
            reverse("audit:history", args=["audit", "auditevent", 1])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("audit:history", args=["nothing", "here", 1])).status_code
        == 404
    )


@pytest.mark.parametrize("model", ["structure", "party", "person", "membership"])
def test_an_administrator_reads_the_history_of_each_organisation_record(
    client, administrator, member, structure, municipality, model
) -> None:
    obj = {
        "structure": structure,
        "party": municipality,
        "person": member.person,
        "membership": member.person.memberships.get(),
    }[model]
    client.force_login(administrator)
    assert client.get(history_url(obj)).status_code == 200
