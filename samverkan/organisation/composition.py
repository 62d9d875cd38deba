"""The composition rules of a body, and its composition on a given date.

Pure functions over Membership objects already loaded, so that a save, a
report and a page all apply the same rules with no extra queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import Body, Membership, Party, Side

Role = Membership.Role
FAR_FUTURE = dt.date.max


def _d(day: dt.date) -> str:
    return date_format(day, "Y-m-d")


def _period(membership: Membership) -> tuple[dt.date, dt.date]:
    return membership.start, membership.end or FAR_FUTURE


def _overlaps(a: Membership, b: Membership) -> bool:
    a_start, a_end = _period(a)
    b_start, b_end = _period(b)
    return a_start <= b_end and b_start <= a_end


def _max_concurrent(
    candidate: Membership, others: list[Membership]
) -> tuple[int, dt.date]:
    """Return the most of `others` active on one day of `candidate`, and that day."""
    start, end = _period(candidate)
    # The count only rises where a membership starts, so those days suffice.
    days = {start} | {o.start for o in others if start <= o.start <= end}
    best, best_day = 0, start
    for day in sorted(days):
        count = sum(1 for o in others if o.is_active_on(day))
        if count > best:
            best, best_day = count, day
    return best, best_day


def membership_violations(
    candidate: Membership, others: Iterable[Membership]
) -> list[str]:
    """Return, in Swedish, every composition rule `candidate` would break.

    `others` are the body's other memberships (any period).
    """
    body: Body = candidate.body
    problems: list[str] = []
    if candidate.end and candidate.end < candidate.start:
        return [_("Slutdatum måste vara samma dag som eller efter startdatum.")]

    problems += _side_and_party_problems(candidate)
    overlapping = [o for o in others if _overlaps(candidate, o)]

    for other in overlapping:
        if other.person_id == candidate.person_id:
            problems.append(
                _(
                    "%(person)s har redan uppdraget %(role)s i %(body)s från "
                    "%(start)s och kan inte ha två uppdrag i samma organ samtidigt."
                )
                % {
                    "person": candidate.person.name,
                    "role": other.get_role_display(),
                    "body": body.short_name,
                    "start": _d(other.start),
                }
            )

    if candidate.holds_seat and candidate.side:
        seats = body.seats_for(candidate.side)
        same_side = [
            o for o in overlapping if o.holds_seat and o.side == candidate.side
        ]
        taken, day = _max_concurrent(candidate, same_side)
        if seats is not None and taken >= seats:
            problems.append(
                _(
                    "%(body)s har %(seats)s platser för %(side)s och alla är besatta "
                    "den %(day)s. Avsluta ett annat uppdrag först."
                )
                % {
                    "body": body.short_name,
                    "seats": seats,
                    "side": side_name(candidate.side, body),
                    "day": _d(day),
                }
            )

    if candidate.role in (Role.CHAIR, Role.VICE_CHAIR):
        problems += _chair_problems(candidate, overlapping)
    return problems


def side_name(side: str, body: Body | None = None) -> str:
    """Return the side as named in running text: 'regionen' or 'kommunerna'."""
    return _("regionen") if side == Side.REGION else _("kommunerna")


def _side_and_party_problems(candidate: Membership) -> list[str]:
    problems = []
    if candidate.holds_seat and not candidate.side:
        problems.append(
            _("Ange vilken part %(person)s företräder.")
            % {"person": candidate.person.name}
        )
    party: Party | None = candidate.party
    if party is not None:
        if party.structure_id != candidate.body.structure_id:
            problems.append(_("Parten hör till en annan samverkansstruktur."))
        elif candidate.side and party.side != candidate.side:
            problems.append(
                _("%(party)s hör inte till sidan %(side)s.")
                % {"party": party.name, "side": side_name(candidate.side)}
            )
    return problems


def _chair_years(body: Body, membership: Membership, horizon: int = 50) -> list[int]:
    start, end = _period(membership)
    first = body.chair_year_of(start)
    last = body.chair_year_of(end) if end != FAR_FUTURE else first + horizon
    return list(range(first, last + 1))


def _chair_problems(candidate: Membership, overlapping: list[Membership]) -> list[str]:
    body = candidate.body
    problems = []
    is_chair = candidate.role == Role.CHAIR
    title = _("ordförande") if is_chair else _("vice ordförande")

    for other in overlapping:
        if other.role == candidate.role:
            problems.append(
                _("%(body)s har redan %(title)s %(person)s från %(start)s.")
                % {
                    "body": body.short_name,
                    "title": title,
                    "person": other.person.name,
                    "start": _d(other.start),
                }
            )
        elif (
            other.role in (Role.CHAIR, Role.VICE_CHAIR)
            and candidate.side
            and other.side == candidate.side
        ):
            problems.append(
                _(
                    "Ordförande och vice ordförande ska komma från olika parter, "
                    "men %(person)s företräder också %(side)s."
                )
                % {"person": other.person.name, "side": side_name(other.side)}
            )

    if body.chair_rule == Body.ChairRule.ALTERNATING and candidate.end is None:
        _first_start, term_end = body.chair_year_bounds(
            body.chair_year_of(candidate.start)
        )
        problems.append(
            _(
                "Ordförandeskapet i %(body)s alternerar årsvis: ange ett slutdatum, "
                "senast %(end)s."
            )
            % {"body": body.short_name, "end": _d(term_end)}
        )
        return problems

    if candidate.side:
        for year in _chair_years(body, candidate):
            chair_side = body.chair_side_for(year)
            if chair_side is None:
                break
            expected = chair_side if is_chair else chair_side.other
            if candidate.side != expected:
                problems.append(
                    _("%(title)s i %(body)s ska komma från %(side)s %(year)s.")
                    % {
                        "title": title.capitalize(),
                        "body": body.short_name,
                        "side": side_name(expected),
                        "year": _year_label(body, year),
                    }
                )
                break
    return problems


def _year_label(body: Body, year: int) -> str:
    if body.chair_term_start_month == 1:
        return _("år %(year)s") % {"year": year}
    start, end = body.chair_year_bounds(year)
    return _("perioden %(start)s–%(end)s") % {"start": _d(start), "end": _d(end)}


@dataclass
class SideComposition:
    side: Side
    seats: int | None
    members: list[Membership] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return len(self.members)

    @property
    def vacant(self) -> int:
        return max(self.seats - self.filled, 0) if self.seats is not None else 0


@dataclass
class RotationYear:
    year: int
    start: dt.date
    end: dt.date
    chair_side: Side | None

    @property
    def vice_chair_side(self) -> Side | None:
        return self.chair_side.other if self.chair_side else None


@dataclass
class Composition:
    """A body's composition on one day, with the rules it breaks."""

    body: Body
    day: dt.date
    region: SideComposition
    municipalities: SideComposition
    chair: Membership | None
    vice_chair: Membership | None
    others: list[Membership]
    violations: list[str]

    @property
    def sides(self) -> list[SideComposition]:
        return [self.region, self.municipalities]

    def rows(self) -> list[tuple[Membership | str | None, Membership | str | None]]:
        """Return the table rows: a membership, VACANT for an empty seat, or None."""
        columns = []
        for side in self.sides:
            cells: list[Membership | str] = list(side.members)
            cells += [VACANT] * side.vacant
            columns.append(cells)
        height = max(len(c) for c in columns)
        padded = [c + [None] * (height - len(c)) for c in columns]
        return list(zip(*padded, strict=True))


VACANT = "vacant"


def _member_order(membership: Membership) -> tuple:
    rank = {Role.CHAIR: 0, Role.VICE_CHAIR: 1}.get(membership.role, 2)
    return (
        rank,
        membership.position,
        membership.person.last_name,
        membership.person.first_name,
    )


def composition_on(
    body: Body, day: dt.date, memberships: Iterable[Membership]
) -> Composition:
    """Return the composition of `body` on `day` from all its memberships."""
    active = sorted((m for m in memberships if m.is_active_on(day)), key=_member_order)
    seated = [m for m in active if m.holds_seat]
    region = SideComposition(Side.REGION, body.seats_region)
    municipalities = SideComposition(Side.MUNICIPALITIES, body.seats_municipalities)
    by_side = {Side.REGION: region, Side.MUNICIPALITIES: municipalities}
    for membership in seated:
        if membership.side in by_side:
            by_side[membership.side].members.append(membership)
    chairs = [m for m in seated if m.role == Role.CHAIR]
    vices = [m for m in seated if m.role == Role.VICE_CHAIR]
    composition = Composition(
        body=body,
        day=day,
        region=region,
        municipalities=municipalities,
        chair=chairs[0] if chairs else None,
        vice_chair=vices[0] if vices else None,
        others=[m for m in active if not m.holds_seat],
        violations=[],
    )
    composition.violations = _state_violations(composition, seated, chairs, vices)
    return composition


def _state_violations(
    composition: Composition,
    seated: list[Membership],
    chairs: list[Membership],
    vices: list[Membership],
) -> list[str]:
    body, day = composition.body, composition.day
    problems = []
    for side in composition.sides:
        if side.seats is not None and side.filled > side.seats:
            problems.append(
                _("%(side)s har %(filled)s ledamöter men bara %(seats)s platser.")
                % {
                    "side": side_name(side.side).capitalize(),
                    "filled": side.filled,
                    "seats": side.seats,
                }
            )
    seen: dict[int, Membership] = {}
    for membership in seated:
        if membership.person_id in seen:
            problems.append(
                _("%(person)s har två platser samtidigt.")
                % {"person": membership.person.name}
            )
        seen[membership.person_id] = membership
    for title, holders in ((_("ordförande"), chairs), (_("vice ordförande"), vices)):
        if len(holders) > 1:
            problems.append(
                _("Det finns %(count)s %(title)s samtidigt.")
                % {"count": len(holders), "title": title}
            )
    expected = body.chair_side_for(body.chair_year_of(day))
    checks = (
        (composition.chair, _("Ordförande"), expected),
        (
            composition.vice_chair,
            _("Vice ordförande"),
            expected.other if expected else None,
        ),
    )
    for holder, title, side in checks:
        if holder is None:
            if body.chair_rule != Body.ChairRule.NONE:
                problems.append(_("%(title)s saknas.") % {"title": title})
        elif side and holder.side != side:
            problems.append(
                _("%(title)s ska komma från %(side)s %(year)s.")
                % {
                    "title": title,
                    "side": side_name(side),
                    "year": _year_label(body, body.chair_year_of(day)),
                }
            )
    chair, vice = composition.chair, composition.vice_chair
    if chair and vice and chair.side == vice.side:
        problems.append(_("Ordförande och vice ordförande kommer från samma part."))
    return problems


def chair_rotation(body: Body, from_day: dt.date, years: int = 5) -> list[RotationYear]:
    """Return the chair side for the chair year of `from_day` and the next ones."""
    first = body.chair_year_of(from_day)
    rotation = []
    for year in range(first, first + years + 1):
        start, end = body.chair_year_bounds(year)
        rotation.append(RotationYear(year, start, end, body.chair_side_for(year)))
    return rotation


NUMBER_WORDS = [
    gettext_noop("noll"), gettext_noop("en"), gettext_noop("två"),
    gettext_noop("tre"), gettext_noop("fyra"), gettext_noop("fem"),
    gettext_noop("sex"), gettext_noop("sju"), gettext_noop("åtta"),
    gettext_noop("nio"), gettext_noop("tio"), gettext_noop("elva"),
    gettext_noop("tolv"),
]  # fmt: skip


def number_in_words(number: int) -> str:
    """Return a seat count the way composition rules are written: 'åtta (8)'."""
    if 0 <= number < len(NUMBER_WORDS):
        return f"{_(NUMBER_WORDS[number])} ({number})"
    return str(number)


def rules_in_words(body: Body, region_name: str) -> list[str]:
    """Return the composition rules of `body` as sentences for its page."""
    sentences = []
    region, municipalities = body.seats_region, body.seats_municipalities
    if region is not None and municipalities is not None:
        sentences.append(
            _(
                "Antalet ledamöter ska vara %(region)s från %(region_name)s och "
                "%(municipalities)s från kommunerna."
            )
            % {
                "region": number_in_words(region),
                "region_name": region_name,
                "municipalities": number_in_words(municipalities),
            }
        )
    if body.region_appointed_by:
        sentences.append(
            _("%(who)s utser ledamöter för %(region_name)s.")
            % {"who": body.region_appointed_by, "region_name": region_name}
        )
    if body.municipalities_appointed_by:
        sentences.append(
            _("%(who)s utser ledamöter för kommunerna.")
            % {"who": body.municipalities_appointed_by}
        )
    change = date_format(dt.date(2000, body.chair_term_start_month, 1), "j F")
    if body.chair_rule == Body.ChairRule.ALTERNATING:
        sentences.append(_("Ordförandeskapet ska alternera årsvis."))
    elif body.chair_rule == Body.ChairRule.REGION:
        sentences.append(
            _(
                "%(region_name)s utser ordförande och kommunerna vice ordförande. "
                "Ordförandeskapet byts den %(change)s."
            )
            % {"region_name": region_name, "change": change}
        )
    elif body.chair_rule == Body.ChairRule.MUNICIPALITIES:
        sentences.append(
            _(
                "Kommunerna utser ordförande och %(region_name)s vice ordförande. "
                "Ordförandeskapet byts den %(change)s."
            )
            % {"region_name": region_name, "change": change}
        )
    return sentences
