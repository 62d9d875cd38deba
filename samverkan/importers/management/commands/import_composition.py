"""`samverkan import-composition FILE --body cs`: a body's members table into memberships."""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samverkan.importers import services
from samverkan.importers.composition import Seat
from samverkan.importers.people import NEW
from samverkan.importers.text import UnreadableFile
from samverkan.lib.errors import DomainError
from samverkan.organisation.models import Body, Membership, Side


class Command(BaseCommand):
    help = (
        "Importera ledamotstabellen på ett organs sida (text, PDF eller DOCX) som "
        "uppdrag från ett datum. Ledamöter som saknas i tabellen avslutas dagen före."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--body", required=True, help="organets adressnamn")
        parser.add_argument("--structure", help="strukturens adressnamn")
        parser.add_argument(
            "--start", help="gäller från (ÅÅÅÅ-MM-DD); i dag om inget anges"
        )
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--accept-close", action="store_true")
        parser.add_argument("--create-people", action="store_true")
        parser.add_argument("--match", action="append", default=[], metavar="NAMN=ID")

    def handle(self, *args: object, **options: object) -> None:
        bodies = Body.objects.filter(slug=options["body"])
        if options["structure"]:
            bodies = bodies.filter(structure__slug=options["structure"])
        if bodies.count() != 1:
            raise CommandError(f"Organet {options['body']} finns inte entydigt.")
        body = bodies.get()
        try:
            start = (
                dt.date.fromisoformat(options["start"])
                if options["start"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(
                f"--start {options['start']}: ange ÅÅÅÅ-MM-DD."
            ) from error
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: kunde inte läsas: {error.strerror}") from error
        try:
            parsed = services.read_composition(path.name, content)
        except UnreadableFile as error:
            raise CommandError(error.message) from error
        plan = services.plan_composition(
            parsed=parsed, sha256=services.checksum(content), body=body, start=start
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(parsed.to_dict(), ensure_ascii=False, indent=2)
            )
        if plan.status == "duplicate":
            self.stdout.write(f"{path}: redan importerad; ingenting ändrades.")
            return
        if plan.status == "failed":
            raise CommandError(" ".join([*plan.problems, *parsed.warnings]))
        if options["dry_run"]:
            # With --json stdout holds only the JSON; the preview goes beside it.
            out = self.stderr if options["json"] else self.stdout
            out.write("\n".join(self._preview(path, plan)))
            return
        decisions = {}
        for pair in options["match"]:
            name, _sep, value = pair.rpartition("=")
            decisions[name.strip()] = value
        for match in plan.open_matches():
            if match.name in decisions:
                continue
            if match.candidates and options["accept_close"]:
                decisions[match.name] = str(match.candidates[0][0])
            elif not match.candidates and options["create_people"]:
                decisions[match.name] = NEW
        try:
            changes = services.import_composition(
                plan=plan, filename=path.name, decisions=decisions, actor=None
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        labels = {
            "added": "nya",
            "changed": "ändrade",
            "ended": "avslutade",
            "same": "oförändrade",
        }
        for key, label in labels.items():
            names = changes[key]
            self.stdout.write(
                f"{label}: {len(names)}" + (f" ({', '.join(names)})" if names else "")
            )
        for side, count in parsed.vacant.items():
            self.stdout.write(f"vakanta platser ({side}): {count}")

    def _preview(self, path: Path, plan: services.CompositionPlan) -> list[str]:
        """Return what the import would do, line by line, as the web preview shows."""
        parsed = plan.parsed
        lines = [
            f"{path}: {plan.body.name} från {plan.start.isoformat()}, "
            f"{len(parsed.seats)} ledamöter (provläsning, ingenting ändrades)."
        ]
        for side in Side:
            seats = [self._seat(seat) for seat in parsed.seats if seat.side == side]
            vacant = parsed.vacant.get(side.value, 0)
            if vacant:
                seats.append(f"{vacant} vakant" + ("a" if vacant > 1 else ""))
            lines.append(f"  {side.label}: " + (", ".join(seats) or "–"))
        ending = [m.person.name for m in services.seats_to_end(plan)]
        if ending:
            before = plan.start - dt.timedelta(days=1)
            lines.append(f"  Avslutas {before.isoformat()}: " + ", ".join(ending))
        lines += [f"  Bekräfta {m.to_confirm()}" for m in plan.open_matches()]
        if plan.open_matches():
            lines.append(
                "  Använd --match 'NAMN=ID', --accept-close eller --create-people."
            )
        return lines

    def _seat(self, seat: Seat) -> str:
        marks = [seat.municipality] if seat.municipality else []
        if seat.role != Membership.Role.MEMBER:
            marks.append(str(Membership.Role(seat.role).label))
        return seat.name + (f" ({', '.join(marks)})" if marks else "")
