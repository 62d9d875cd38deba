import pytest

from samverkan.accounts.models import RoleGrant, User
from samverkan.matters import services
from samverkan.matters.models import Matter
from samverkan.organisation.models import Body, Membership, Party


@pytest.fixture
def cs(demo) -> Body:
    return Body.objects.get(structure=demo, slug="cs")


@pytest.fixture
def malmo(demo) -> Party:
    return Party.objects.get(structure=demo, name="Malmö")


def user_for(person_name: str, username: str, contact_for: str | None = None) -> User:
    """Return a new user linked to the demo person `person_name`.

    With `contact_for`, the user is also the party contact of that party.
    """
    first, _sep, last = person_name.partition(" ")
    membership = Membership.objects.filter(
        person__first_name=first, person__last_name=last
    ).first()
    user = User.objects.create_user(
        username, f"{username}@example.org", "pw-1234567890"
    )
    membership.person.user = user
    membership.person.email = user.email
    membership.person.save()
    if contact_for:
        party = Party.objects.get(structure=membership.body.structure, name=contact_for)
        RoleGrant.objects.create(
            user=user,
            role=RoleGrant.Role.PARTY_CONTACT,
            structure=party.structure,
            party=party,
        )
    return user


@pytest.fixture
def official(demo) -> User:
    """Sara Österberg, official of CTB, which prepares for CS."""
    return user_for("Sara Österberg", "sara")


@pytest.fixture
def party_contact(demo) -> User:
    """Teddy Nilsson, CS member for Svalöv and its party contact."""
    return user_for("Teddy Nilsson", "teddy", contact_for="Svalöv")


@pytest.fixture
def register(cs, malmo, official):
    def make(**overrides) -> Matter:
        values = {
            "body": cs,
            "title": "Utskrivning utan information i Mina Planer",
            "description": "Patienter skrivs ut utan att kommunen fått information.",
            "raised_by": malmo,
            "category": Matter.Category.EHEALTH,
            "actor": official,
        }
        values.update(overrides)
        return services.register_matter(**values)

    return make
