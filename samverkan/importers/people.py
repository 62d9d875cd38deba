"""Match the names in an imported file to the people already in Samverkan."""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from samverkan.lib.errors import PreconditionFailed
from samverkan.organisation.models import Person

from .text import split_name

CLOSE = 0.82  # difflib ratio: "Anna Manfalk" ~ "Anna Mannfalk" is 0.96
NEW = "new"


@dataclass
class Match:
    """A name from the file: one exact person, close candidates, or no one."""

    name: str
    person_id: int | None = None
    candidates: list[tuple[int, str]] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.person_id:
            return "exact"
        return "close" if self.candidates else "unknown"

    def to_confirm(self) -> str:
        """Return what the command line asks about the name, in Swedish."""
        if self.candidates:
            offers = ", ".join(f"{n} (id {pk})" for pk, n in self.candidates)
            return f"{self.name}: liknar {offers}"
        return f"{self.name}: ny person föreslås"


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(name.split())).casefold()
    return text.replace("’", "'")


def match_people(names: Iterable[str]) -> dict[str, Match]:
    """Return a Match per name: exact first, then close names for confirmation."""
    names = list(dict.fromkeys(names))
    if not names:
        return {}
    people = list(Person.objects.only("pk", "first_name", "last_name"))
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        by_name[normalise(person.name)].append(person)
    result = {}
    for name in names:
        exact = by_name.get(normalise(name), [])
        if len(exact) == 1:
            result[name] = Match(name, exact[0].pk)
            continue
        if exact:  # two people of one name: the user chooses
            result[name] = Match(name, None, [(p.pk, p.name) for p in exact])
            continue
        scored = sorted(
            (
                (difflib.SequenceMatcher(None, normalise(name), key).ratio(), key)
                for key in by_name
            ),
            reverse=True,
        )
        candidates = [
            (person.pk, person.name)
            for ratio, key in scored[:3]
            if ratio >= CLOSE
            for person in by_name[key]
        ]
        result[name] = Match(name, None, candidates)
    return result


def resolve(
    matches: dict[str, Match], decisions: dict[str, str]
) -> dict[str, Person | None]:
    """Return the person for each name, creating those the user chose to create.

    `decisions` maps a name to a person id, "new" (create the proposed
    person) or "skip" (leave the name out). A name that is neither an exact
    match nor decided raises PreconditionFailed: nobody is created unasked.
    """
    chosen: dict[str, int | str] = {}
    open_names = []
    for name, match in matches.items():
        decision = decisions.get(name, "")
        if decision:
            chosen[name] = decision
        elif match.person_id:
            chosen[name] = match.person_id
        else:
            open_names.append(name)
    if open_names:
        raise PreconditionFailed(
            _("Bekräfta först vilka personer som avses: %(names)s.")
            % {"names": ", ".join(open_names)}
        )
    ids = {int(v) for v in chosen.values() if str(v).isdigit()}
    found = Person.objects.in_bulk(ids)
    if len(found) != len(ids):
        raise PreconditionFailed(_("En vald person finns inte längre."))
    people: dict[str, Person | None] = {}
    for name, decision in chosen.items():
        if decision == NEW:
            first, last = split_name(name)
            people[name] = Person.objects.create(first_name=first, last_name=last)
        elif decision == "skip":
            people[name] = None
        else:
            people[name] = found[int(decision)]
    return people
