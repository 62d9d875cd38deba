"""Writes to the agreement follow-up: values one by one or imported whole."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.lib.errors import DomainError
from samverkan.meetings.models import Assignment
from samverkan.organisation.models import Party, SubRegion

from .models import Agreement, EconomicItem, Goal, Indicator, Measurement, period_start

IMPORT_COLUMNS = ["indikator", "period", "enhet", "värde", "källa", "kommentar"]


@dataclass
class Unit:
    """Where a value was measured: a municipality, a sub-region or a region unit."""

    party: Party | None = None
    subregion: SubRegion | None = None
    region_unit: str = ""

    @property
    def key(self) -> tuple:
        return (
            self.party.pk if self.party else None,
            self.subregion.pk if self.subregion else None,
            self.region_unit,
        )


def _current(indicator: Indicator, period: str, unit: Unit) -> Measurement | None:
    return (
        Measurement.objects.select_for_update()
        .filter(
            indicator=indicator,
            period=period,
            party=unit.party,
            subregion=unit.subregion,
            region_unit=unit.region_unit,
            is_current=True,
        )
        .first()
    )


def unit_problem(indicator: Indicator, unit: Unit) -> str | None:
    """Return why `unit` does not fit the indicator's breakdown, or None."""
    breakdown = indicator.breakdown
    kinds = {
        Indicator.Breakdown.MUNICIPALITY: unit.party is not None
        and unit.subregion is None,
        Indicator.Breakdown.SUBREGION: unit.subregion is not None
        and unit.party is None,
        Indicator.Breakdown.REGION_UNIT: bool(unit.region_unit)
        and not (unit.party or unit.subregion),
        Indicator.Breakdown.STRUCTURE: not (
            unit.party or unit.subregion or unit.region_unit
        ),
    }
    if not kinds[breakdown]:
        return _("Indikatorn %(code)s redovisas per %(breakdown)s.") % {
            "code": indicator.code,
            "breakdown": Indicator.Breakdown(breakdown).label.lower(),
        }
    if unit.party and unit.party.kind != Party.Kind.MUNICIPALITY:
        return _("%(party)s är ingen kommun.") % {"party": unit.party.name}
    return None


@transaction.atomic
def record_measurement(
    *,
    indicator: Indicator,
    period: str,
    unit: Unit,
    value: Decimal,
    actor: User | None,
    source: str = "",
    comment: str = "",
) -> Measurement:
    """Record a value; a value for the same period and unit becomes a revision of it."""
    start = period_start(indicator.frequency, period)
    if start is None:
        raise DomainError(
            _("Perioden %(period)s passar inte frekvensen %(frequency)s.")
            % {"period": period, "frequency": indicator.get_frequency_display().lower()}
        )
    problem = unit_problem(indicator, unit)
    if problem:
        raise DomainError(problem)
    previous = _current(indicator, period, unit)
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    return Measurement.objects.create(
        indicator=indicator,
        period=period,
        period_start=start,
        party=unit.party,
        subregion=unit.subregion,
        region_unit=unit.region_unit,
        value=value,
        source=source,
        comment=comment,
        replaces=previous,
        recorded_by=actor,
    )


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    indicator: Indicator | None = None
    period: str = ""
    unit: Unit | None = None
    value: Decimal | None = None
    errors: list[str] = field(default_factory=list)
    replaces: Measurement | None = None


@dataclass
class ParsedImport:
    rows: list[ImportRow]
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return (
            not self.errors
            and all(not row.errors for row in self.rows)
            and bool(self.rows)
        )

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(len(row.errors) for row in self.rows)


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """Return the rows of a CSV (comma or semicolon, UTF-8) or XLSX file as text."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            )
        except Exception as error:  # noqa: BLE001 - any unreadable workbook
            raise DomainError(_("Filen kunde inte läsas som Excel (XLSX).")) from error
        return [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in workbook.active.iter_rows(values_only=True)
        ]
    if not filename.lower().endswith(".csv"):
        raise DomainError(_("Importera en CSV- eller XLSX-fil."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(_("CSV-filen ska vara sparad som UTF-8.")) from error
    dialect = csv.Sniffer().sniff(
        text.splitlines()[0] if text else ",", delimiters=",;\t"
    )
    return [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)
    ]


def parse_import(agreement: Agreement, filename: str, content: bytes) -> ParsedImport:
    """Read and check every row of an import file; nothing is written."""
    table = [row for row in read_table(filename, content) if any(row)]
    if not table:
        return ParsedImport(rows=[], errors=[_("Filen är tom.")])
    header = [cell.lower() for cell in table[0]]
    missing = [column for column in IMPORT_COLUMNS[:4] if column not in header]
    if missing:
        return ParsedImport(
            rows=[],
            errors=[
                _("Kolumnerna %(columns)s saknas i första raden.")
                % {"columns": ", ".join(missing)}
            ],
        )
    indicators = {
        i.code: i for i in Indicator.objects.filter(goal__agreement=agreement)
    }
    structure = agreement.structure
    parties = {}
    for party in Party.objects.filter(
        structure=structure, kind=Party.Kind.MUNICIPALITY
    ):
        parties[party.name.lower()] = party
        if party.code:
            parties[party.code] = party
    subregions = {
        s.name.lower(): s for s in SubRegion.objects.filter(structure=structure)
    }
    rows, seen = [], {}
    for number, cells in enumerate(table[1:], start=2):
        values = {
            column: (cells[i] if i < len(cells) else "")
            for i, column in enumerate(header)
        }
        row = ImportRow(line=number, values=values)
        _check_row(row, indicators, parties, subregions, structure)
        if row.indicator and row.unit and row.period:
            key = (row.indicator.pk, row.period, row.unit.key)
            if key in seen:
                row.errors.append(
                    _("Samma indikator, period och enhet som rad %(line)s.")
                    % {"line": seen[key]}
                )
            else:
                seen[key] = number
        rows.append(row)
    return ParsedImport(rows=rows)


def _check_row(
    row: ImportRow, indicators: dict, parties: dict, subregions: dict, structure: object
) -> None:
    values = row.values
    code = values.get("indikator", "")
    row.indicator = indicators.get(code)
    if row.indicator is None:
        row.errors.append(_("Okänd indikator: %(code)s.") % {"code": code or "–"})
    raw = (
        values.get("värde", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    )
    try:
        row.value = Decimal(raw)
        if not row.value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        row.errors.append(
            _("Värdet ”%(value)s” är inget tal.") % {"value": values.get("värde", "")}
        )
        row.value = None
    if row.indicator is None:
        return
    period = values.get("period", "")
    if period_start(row.indicator.frequency, period) is None:
        row.errors.append(
            _(
                "Fel period ”%(period)s”: indikatorn mäts per %(frequency)s (t.ex. %(example)s)."
            )
            % {
                "period": period,
                "frequency": row.indicator.get_frequency_display().lower(),
                "example": {"year": "2024", "quarter": "2024-K2", "month": "2024-05"}[
                    row.indicator.frequency
                ],
            }
        )
    else:
        row.period = period.strip()
    name = values.get("enhet", "").strip()
    breakdown = row.indicator.breakdown
    if breakdown == Indicator.Breakdown.MUNICIPALITY:
        party = parties.get(name.lower())
        if party is None:
            row.errors.append(_("Okänd kommun: %(name)s.") % {"name": name or "–"})
        else:
            row.unit = Unit(party=party)
    elif breakdown == Indicator.Breakdown.SUBREGION:
        subregion = subregions.get(name.lower())
        if subregion is None:
            row.errors.append(_("Okänd delregion: %(name)s.") % {"name": name or "–"})
        else:
            row.unit = Unit(subregion=subregion)
    elif breakdown == Indicator.Breakdown.REGION_UNIT:
        if not name:
            row.errors.append(_("Ange regionens enhet."))
        else:
            row.unit = Unit(region_unit=name)
    else:
        row.unit = Unit()


@transaction.atomic
def import_measurements(
    *, agreement: Agreement, filename: str, content: bytes, actor: User | None
) -> ParsedImport:
    """Import every row of the file, or none: raise DomainError if any row is wrong."""
    parsed = parse_import(agreement, filename, content)
    if not parsed.valid:
        raise DomainError(
            _("Ingenting importerades: filen har %(count)s fel.")
            % {"count": parsed.error_count}
        )
    for row in parsed.rows:
        record_measurement(
            indicator=row.indicator,
            period=row.period,
            unit=row.unit,
            value=row.value,
            source=row.values.get("källa", ""),
            comment=row.values.get("kommentar", ""),
            actor=actor,
        )
    return parsed


def template_rows(agreement: Agreement) -> list[list[str]]:
    """Return the import template: the header and one example row per indicator."""
    rows = [IMPORT_COLUMNS]
    examples = {"year": "2024", "quarter": "2024-K1", "month": "2024-01"}
    units = {
        "municipality": "Malmö",
        "subregion": "Sydväst",
        "region_unit": "Skånes universitetssjukhus",
        "structure": "",
    }
    for indicator in Indicator.objects.filter(goal__agreement=agreement).order_by(
        "code"
    ):
        rows.append(
            [
                indicator.code,
                examples[indicator.frequency],
                units[indicator.breakdown],
                "",
                indicator.source,
                "",
            ]
        )
    return rows


@transaction.atomic
def link_assignment(*, goal: Goal, assignment: Assignment, actor: User | None) -> None:
    """Link an assignment given at a meeting to the goal it reports on."""
    if assignment.origin_item.meeting.body.structure_id != goal.agreement.structure_id:
        raise DomainError(_("Uppdraget hör till en annan samverkansstruktur."))
    goal.assignments.add(assignment)


@transaction.atomic
def attach_agreement_document(
    *, agreement: Agreement, filename: str, content: bytes, actor: User | None
) -> None:
    """Attach a version or appendix; a file named like an attached one becomes its new version."""
    from samverkan.documents import services as documents

    existing = agreement.documents.filter(versions__filename=filename).first()
    if existing:
        documents.add_version(
            document=existing, filename=filename, content=content, actor=actor
        )
    else:
        agreement.documents.add(
            documents.create_document(
                title=filename, filename=filename, content=content, actor=actor
            )
        )


@transaction.atomic
def add_economic_item(
    *,
    agreement: Agreement,
    party: Party,
    year: int,
    kind: str,
    category: str,
    amount_sek: Decimal,
    description: str,
    actor: User | None,
    source: str = "",
) -> EconomicItem:
    """Record a cost or revenue of one party and year."""
    if party.structure_id != agreement.structure_id:
        raise DomainError(_("Parten hör till en annan samverkansstruktur."))
    if amount_sek < 0:
        raise DomainError(
            _("Ange beloppet som ett positivt tal; välj kostnad eller intäkt.")
        )
    item = EconomicItem(
        agreement=agreement,
        party=party,
        year=year,
        kind=kind,
        category=category,
        amount_sek=amount_sek,
        description=description,
        source=source,
    )
    item._history_user = actor
    try:
        item.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    item.save()
    return item
