"""The permission rules, on a small record model that exists only in tests."""

import datetime as dt

import pytest
from django.db import connection, models

from samverkan.accounts.models import RoleGrant
from samverkan.accounts.permissions import (
    Visibility,
    VisibilityScope,
    acts_for_party,
    can_edit,
    can_view,
    can_view_history,
    forget_scope,
    is_administrator,
    is_secretary,
    may_analyse,
    requires_two_factor,
    roles_in_words,
    scope_of,
    visible_to,
)
from samverkan.organisation.models import Membership

# The test-only models are registered for the whole test run, but their tables
# exist only where `note_table` ran: DO_NOTHING keeps deletions of bodies and
# parties elsewhere from looking into them.


class Note(models.Model):
    """A record with content, as meetings, matters and deviations will have."""

    body = models.ForeignKey(
        "organisation.Body", models.DO_NOTHING, related_name="+", db_constraint=False
    )
    visibility = models.CharField(max_length=20, choices=Visibility.choices)
    parties = models.ManyToManyField(
        "organisation.Party", related_name="+", through="NoteParty"
    )
    title = models.CharField(max_length=50)

    visibility_scope = VisibilityScope(
        structure="body__structure", body="body", parties="parties"
    )

    class Meta:
        app_label = "accounts"

    def __str__(self) -> str:
        return self.title


class NoteParty(models.Model):
    note = models.ForeignKey(Note, models.DO_NOTHING, db_constraint=False)
    party = models.ForeignKey(
        "organisation.Party", models.DO_NOTHING, related_name="+", db_constraint=False
    )

    class Meta:
        app_label = "accounts"

    def __str__(self) -> str:
        return f"{self.note_id} {self.party_id}"


@pytest.fixture(scope="session")
def note_table(django_db_setup, django_db_blocker) -> None:  # noqa: ANN001
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(Note)
        editor.create_model(NoteParty)


@pytest.fixture
def notes(note_table, persona_body, municipality, create_party) -> dict[str, Note]:  # noqa: ANN001
    """One note of each visibility in `persona_body`; restricted to Malmö."""
    made = {
        visibility: Note.objects.create(
            body=persona_body, visibility=visibility, title=visibility
        )
        for visibility in Visibility.values
    }
    made[Visibility.RESTRICTED].parties.add(municipality, create_party("Lund"))
    return made


def visible_titles(user) -> set[str]:  # noqa: ANN001
    return set(visible_to(user, Note.objects.all()).values_list("title", flat=True))


ALL = {"public", "internal", "body", "restricted"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", {"public"}),
        ("outsider", {"public"}),
        ("analyst", {"public", "internal"}),
        ("party_contact", {"public", "internal", "restricted"}),
        ("official", {"public", "internal", "body"}),
        ("member", {"public", "internal", "body"}),
        ("chair", {"public", "internal", "body"}),
        ("secretary", ALL),
        ("administrator", ALL),
    ],
)
def test_each_persona_sees_exactly_the_notes_its_role_allows(
    request, notes, persona, expected
) -> None:  # noqa: ANN001
    user = request.getfixturevalue(persona)
    assert visible_titles(user) == expected
    for note in notes.values():
        assert can_view(user, note) is (note.title in expected)


def test_it_never_shows_internal_material_to_the_public(notes, anonymous) -> None:
    assert not visible_to(anonymous, Note.objects.exclude(visibility="public")).exists()


def test_a_superuser_sees_everything(notes, admin_user) -> None:
    assert visible_titles(admin_user) == ALL


def test_a_restricted_note_named_for_two_parties_is_listed_once(
    notes, party_contact, structure, create_party
) -> None:
    lund = structure.parties.get(name="Lund")
    RoleGrant.objects.create(
        user=party_contact,
        role=RoleGrant.Role.PARTY_CONTACT,
        structure=structure,
        party=lund,
    )
    forget_scope(party_contact)
    titles = list(visible_to(party_contact, Note.objects.all()).values_list("title"))
    assert titles.count(("restricted",)) == 1


def test_internal_material_stays_inside_its_structure(
    notes, create_structure, create_user_with_grant
) -> None:
    other = create_structure()
    analyst_elsewhere = create_user_with_grant(RoleGrant.Role.ANALYST, other)
    assert visible_titles(analyst_elsewhere) == {"public"}


def test_body_material_stays_inside_its_body(
    notes, create_body, create_membership, create_person, django_user_model
) -> None:
    user = django_user_model.objects.create_user("elsewhere")
    create_membership(create_body(), person=create_person(user=user))
    assert visible_titles(user) == {"public", "internal"}


def test_an_ended_grant_gives_nothing(notes, structure, django_user_model) -> None:
    user = django_user_model.objects.create_user("former")
    RoleGrant.objects.create(
        user=user,
        role=RoleGrant.Role.ADMINISTRATOR,
        structure=structure,
        start=dt.date(2020, 1, 1),
        end=dt.date(2021, 12, 31),
    )
    assert visible_titles(user) == {"public"}
    assert not is_administrator(user)


def test_an_ended_membership_gives_nothing(
    notes, persona_body, create_membership, create_person, django_user_model
) -> None:
    user = django_user_model.objects.create_user("former-member")
    create_membership(
        persona_body,
        person=create_person(user=user),
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 12, 31),
    )
    assert visible_titles(user) == {"public"}


def test_only_administrators_and_the_body_secretary_may_edit(
    request, notes, create_body, create_structure
) -> None:
    note = notes["public"]
    allowed = {"administrator", "secretary"}
    for persona in ("chair", "member", "official", "party_contact", "analyst"):
        assert not can_edit(request.getfixturevalue(persona), note), persona
    for persona in allowed:
        assert can_edit(request.getfixturevalue(persona), note), persona


def test_a_secretary_may_not_edit_another_bodys_records(
    notes, secretary, create_body
) -> None:
    other = Note.objects.create(body=create_body(), visibility="public", title="x")
    assert not can_edit(secretary, other)


def test_history_is_for_secretaries_and_administrators(
    request, notes, persona_body, structure
) -> None:
    for persona in ("administrator", "secretary"):
        user = request.getfixturevalue(persona)
        assert can_view_history(user, notes["body"])
        assert can_view_history(user, persona_body)
        assert can_view_history(user, structure)
    for persona in ("chair", "member", "official", "analyst", "outsider", "anonymous"):
        user = request.getfixturevalue(persona)
        assert not can_view_history(user, persona_body), persona


def test_administrators_and_secretaries_must_use_two_factors(db, request) -> None:  # noqa: ANN001
    # `db` up front: a database first reached through getfixturevalue after a
    # live-server test leaves a connection open past the test database.
    for persona in ("administrator", "secretary", "admin_user"):
        assert requires_two_factor(request.getfixturevalue(persona)), persona
    for persona in ("chair", "member", "official", "party_contact", "analyst"):
        assert not requires_two_factor(request.getfixturevalue(persona)), persona


def test_a_secretary_by_membership_must_use_two_factors(
    persona_body, create_membership, create_person, django_user_model
) -> None:
    user = django_user_model.objects.create_user("minutes-taker")
    create_membership(
        persona_body,
        person=create_person(user=user),
        role=Membership.Role.SECRETARY,
        side="",
        party=None,
    )
    assert is_secretary(user, persona_body.pk)
    assert requires_two_factor(user)


def test_a_party_contact_acts_for_their_party_only(
    party_contact, municipality, region
) -> None:
    assert acts_for_party(party_contact, municipality.pk)
    assert not acts_for_party(party_contact, region.pk)


def test_analysts_and_administrators_may_analyse(
    analyst, administrator, member, structure
) -> None:
    assert may_analyse(analyst, structure.pk)
    assert may_analyse(administrator, structure.pk)
    assert not may_analyse(member, structure.pk)


def test_the_scope_is_read_with_two_queries_and_then_cached(
    chair, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):
        scope_of(chair)
        scope_of(chair)


@pytest.mark.django_db(transaction=True)
def test_the_scope_is_kept_across_requests_until_the_next_write(
    page_cache, structure, django_assert_num_queries
) -> None:
    from samverkan.accounts.models import User

    user = User.objects.create_user("kim")
    scope_of(user)
    later = User.objects.get(pk=user.pk)  # a later request's user
    with django_assert_num_queries(0):
        assert scope_of(later).analyses == set()
    RoleGrant.objects.create(
        user=user, role=RoleGrant.Role.ANALYST, structure=structure
    )
    assert scope_of(User.objects.get(pk=user.pk)).analyses == {structure.pk}


@pytest.mark.django_db(transaction=True)
def test_a_scope_read_inside_a_transaction_is_never_kept(
    page_cache, structure, django_assert_num_queries
) -> None:
    from django.db import transaction

    from samverkan.accounts.models import User

    user = User.objects.create_user("kim")
    with transaction.atomic():
        RoleGrant.objects.create(
            user=user, role=RoleGrant.Role.ANALYST, structure=structure
        )
        assert scope_of(User.objects.get(pk=user.pk)).analyses == {structure.pk}
        transaction.set_rollback(True)
    # The grant was rolled back: no later request may hold it.
    assert scope_of(User.objects.get(pk=user.pk)).analyses == set()


def test_roles_are_described_in_words(chair, party_contact) -> None:
    assert roles_in_words(chair) == ["ordförande, CS"]
    assert roles_in_words(party_contact) == ["partskontakt, Malmö"]


def test_a_role_grant_needs_the_scope_its_role_names(structure, outsider) -> None:
    from django.core.exceptions import ValidationError

    for role, field in (
        (RoleGrant.Role.SECRETARY, "body"),
        (RoleGrant.Role.PARTY_CONTACT, "party"),
    ):
        grant = RoleGrant(user=outsider, role=role, structure=structure)
        with pytest.raises(ValidationError) as error:
            grant.full_clean()
        assert field in error.value.message_dict


def test_a_role_grant_may_not_reach_into_another_structure(
    create_structure, persona_body, outsider
) -> None:
    from django.core.exceptions import ValidationError

    grant = RoleGrant(
        user=outsider,
        role=RoleGrant.Role.SECRETARY,
        structure=create_structure(),
        body=persona_body,
    )
    with pytest.raises(ValidationError, match="annan samverkansstruktur"):
        grant.full_clean()


@pytest.fixture
def create_user_with_grant(django_user_model):  # noqa: ANN001, ANN201
    def make(role: str, structure, **scope):  # noqa: ANN001, ANN202
        user = django_user_model.objects.create_user(f"user-{role}-{structure.pk}")
        RoleGrant.objects.create(user=user, role=role, structure=structure, **scope)
        return user

    return make


def test_the_two_factor_check_reads_the_scope_the_view_reuses(
    secretary, member, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):
        assert requires_two_factor(secretary)
        assert is_secretary(secretary)
    with django_assert_num_queries(2):
        assert not requires_two_factor(member)
        scope_of(member)


def test_an_htmx_request_without_a_session_is_sent_whole_page_to_sign_in(
    client, db
) -> None:
    response = client.get(
        "/konto/",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver/samverkan/test/?datum=2024-01-01",
        },
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == (
        "/konto/logga-in/?next=/samverkan/test/%3Fdatum%3D2024-01-01"
    )


def test_a_page_request_without_a_session_is_redirected_to_sign_in(client, db) -> None:
    response = client.get("/konto/?a=1")
    assert response["Location"] == "/konto/logga-in/?next=/konto/%3Fa%3D1"
