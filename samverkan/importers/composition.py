"""Read the members table of a body's page ("För Region Skåne För kommunerna").

A pure function on text: each row holds a region seat and a municipal seat,
often run together on one line when copied from the web ("Marianne Eriksson
Patric Åberg, Östra Göinge"); a tab separates them when the table survived.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from .text import looks_like_name, role_of

HEADER = re.compile(
    r"^För\s+(?P<left>.+?)\s*(?:\t|\s{2,}|\s)För\s+(?P<right>.+)$", re.I
)
VACANT = "vakant"


@dataclass
class Seat:
    name: str
    side: str
    municipality: str = ""
    role: str = "member"


@dataclass
class ParsedComposition:
    body: str = ""
    seats: list[Seat] = field(default_factory=list)
    vacant: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ParsedComposition:
        return cls(
            body=data.get("body", ""),
            seats=[Seat(**s) for s in data.get("seats", [])],
            vacant=dict(data.get("vacant", {})),
            warnings=list(data.get("warnings", [])),
        )


def _entry(text: str, *, municipal: bool, known: set[str]) -> Seat | None:
    """Return the seat "Name[, Municipality][, role]", "Vakant" as an empty name."""
    if text.strip().lower() == VACANT:
        return Seat("", "")
    parts = [p.strip() for p in text.split(",")]
    if not parts or not looks_like_name(parts[0]) or any(not p for p in parts):
        return None
    seat = Seat(parts[0], "")
    for part in parts[1:]:
        role = role_of(part)
        if role in ("chair", "vice_chair", "member", "substitute"):
            seat.role = role
        elif (
            municipal
            and not seat.municipality
            and (part.lower() in known or all(w[:1].isupper() for w in part.split()))
        ):
            seat.municipality = part
        else:
            return None
    return seat


def _split_row(row: str, known: set[str], names: set[str]) -> tuple[Seat, Seat] | None:
    if "\t" in row:
        left, _tab, right = row.partition("\t")
        pair = (
            _entry(left, municipal=False, known=known),
            _entry(right, municipal=True, known=known),
        )
        return pair if all(pair) else None
    words = row.split()
    candidates = []
    for k in range(1, len(words)):
        left = _entry(" ".join(words[:k]), municipal=False, known=known)
        right = _entry(" ".join(words[k:]), municipal=True, known=known)
        if left and right:
            score = sum(s.name.lower() in names for s in (left, right)) * 10 - sum(
                abs(len(s.name.split()) - 2) for s in (left, right) if s.name
            )
            candidates.append((score, k, left, right))
    if not candidates:
        return None
    _score, _k, left, right = max(candidates, key=lambda c: (c[0], -c[1]))
    return left, right


def _side(who: str) -> str:
    return "municipalities" if "kommun" in who.lower() else "region"


def parse_composition(
    text: str, *, municipalities: Iterable[str] = (), people: Iterable[str] = ()
) -> ParsedComposition:
    """Read the body's name and its members table; report rows not understood."""
    known = {m.lower() for m in municipalities}
    names = {p.lower() for p in people}
    result = ParsedComposition()
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    result.body = next((line for line in lines if line), "")
    header = next(
        (n for n, line in enumerate(lines) if HEADER.match(line.replace("\t", " \t"))),
        None,
    )
    if header is None:
        result.warnings.append(
            _("Tabellen med ledamöter (”För … För …”) hittades inte.")
        )
        return result
    match = HEADER.match(lines[header].replace("\t", " \t"))
    sides = (_side(match.group("left")), _side(match.group("right")))
    for row in lines[header + 1 :]:
        if not row:
            break
        pair = _split_row(row, known, names)
        if pair is None:
            result.warnings.append(
                _("Raden ”%(row)s” kunde inte delas i två platser.") % {"row": row}
            )
            continue
        for seat, side in zip(pair, sides, strict=True):
            if not seat.name:
                result.vacant[side] = result.vacant.get(side, 0) + 1
                continue
            seat.side = side
            result.seats.append(seat)
    return result
