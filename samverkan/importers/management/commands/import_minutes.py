"""`samverkan import-minutes FILE…`: bring old minutes (text, PDF, Word) in."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.importers import services
from samverkan.importers.minutes import ParsedMinutes
from samverkan.importers.people import NEW
from samverkan.importers.text import UnreadableFile
from samverkan.lib.errors import DomainError
from samverkan.organisation.models import Body


class Command(BaseCommand):
    help = (
        "Importera minnesanteckningar (text, PDF eller DOCX) som möten. Okända "
        "personer och nära namnträffar skapas eller väljs bara på begäran."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="filer att importera")
        parser.add_argument(
            "--body",
            help="organets adressnamn (t.ex. cs); annars läses det ur rubriken",
        )
        parser.add_argument("--structure", help="strukturens adressnamn")
        parser.add_argument(
            "--dry-run", action="store_true", help="läs och visa, skriv ingenting"
        )
        parser.add_argument(
            "--json", action="store_true", help="skriv det som lästes som JSON"
        )
        parser.add_argument(
            "--accept-close",
            action="store_true",
            help="godta den närmaste befintliga personen för nära namnträffar",
        )
        parser.add_argument(
            "--create-people",
            action="store_true",
            help="skapa de föreslagna personer som inte finns",
        )
        parser.add_argument(
            "--match",
            action="append",
            default=[],
            metavar="NAMN=ID",
            help="koppla ett namn i filen till person-id (kan upprepas)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="visa ingen förloppsindikator"
        )

    def handle(self, *args: object, **options: object) -> None:
        body = self._body(options)
        decisions = self._decisions(options["match"])
        results, failed = [], 0
        files = [Path(name) for name in options["files"]]
        bar = tqdm(
            files,
            desc="Importerar",
            unit="fil",
            file=self.stderr._out,
            disable=bool(options["no_progress"]) or len(files) < 2,
        )
        for path in bar:
            outcome = self._one(path, body, decisions, options)
            results.append(outcome)
            if outcome["status"] == "failed" or (
                outcome["status"] == "confirm" and not options["dry_run"]
            ):
                failed += 1
            # With --json the report goes to stderr: stdout holds only the JSON.
            report = self.stderr if options["json"] else self.stdout
            bar.write(self._line(outcome), file=report._out)
        if options["json"]:
            # One object per file, in the order given; the keys of the README.
            data = [self._json(r) for r in results]
            self.stdout.write(
                json.dumps(
                    data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2
                )
            )
        if failed:
            raise CommandError(
                f"{failed} av {len(files)} filer importerades inte; se ovan."
            )

    def _json(self, outcome: dict) -> dict:
        plan = outcome.get("plan")
        if plan is None:
            return {**ParsedMinutes().dry_run(), "warnings": [outcome["message"]]}
        data = plan.parsed.dry_run()
        data["warnings"] += [
            note
            for note in [*plan.problems, *plan.notes]
            if note not in data["warnings"]
        ]
        return data

    def _body(self, options: dict) -> Body | None:
        if not options["body"]:
            return None
        bodies = Body.objects.filter(slug=options["body"])
        if options["structure"]:
            bodies = bodies.filter(structure__slug=options["structure"])
        found = list(bodies[:2])
        if len(found) != 1:
            raise CommandError(
                f"Organet {options['body']} finns inte (eller finns i flera "
                "strukturer: ange --structure)."
            )
        return found[0]

    def _decisions(self, pairs: list[str]) -> dict[str, str]:
        decisions = {}
        for pair in pairs:
            name, sep, value = pair.rpartition("=")
            if not sep or not (value.isdigit() or value in (NEW, "skip")):
                raise CommandError(
                    f"--match {pair}: skriv NAMN=ID, NAMN=new eller NAMN=skip."
                )
            decisions[name.strip()] = value
        return decisions

    def _one(
        self, path: Path, body: Body | None, decisions: dict, options: dict
    ) -> dict:
        try:
            content = path.read_bytes()
        except OSError as error:
            return {"file": str(path), "status": "failed", "message": str(error)}
        try:
            parsed = services.read_minutes(path.name, content)
        except UnreadableFile as error:
            return {"file": str(path), "status": "failed", "message": error.message}
        plan = services.plan_minutes(
            parsed=parsed, sha256=services.checksum(content), body=body
        )
        outcome = {
            "file": str(path),
            "status": plan.status,
            "plan": plan,
        }
        if options["dry_run"] or plan.status in ("failed", "duplicate", "exists"):
            return outcome
        wanted = dict(decisions)
        for match in plan.open_matches():
            if match.name in wanted:
                continue
            if match.candidates and options["accept_close"]:
                wanted[match.name] = str(match.candidates[0][0])
            elif not match.candidates and options["create_people"]:
                wanted[match.name] = NEW
        if any(m.name not in wanted for m in plan.open_matches()):
            return outcome
        try:
            meeting = services.import_minutes(
                plan=plan, filename=path.name, decisions=wanted, actor=None
            )
        except DomainError as error:
            return {**outcome, "status": "failed", "message": error.message}
        return {**outcome, "status": "imported", "meeting": meeting}

    def _line(self, outcome: dict) -> str:
        name, status = outcome["file"], outcome["status"]
        plan = outcome.get("plan")
        if status == "imported":
            meeting = outcome["meeting"]
            parsed = plan.parsed
            return (
                f"{name}: importerad som {meeting} ({len(parsed.participants)} deltagare, "
                f"{len(parsed.items)} punkter) – {meeting.get_absolute_url()}"
            )
        if status == "duplicate":
            previous = plan.already
            return (
                f"{name}: redan importerad {previous.imported_at:%Y-%m-%d} "
                f"({previous.filename}); ingenting skapades."
            )
        if status == "exists":
            meeting = plan.existing_meeting
            return (
                f"{name}: mötet {meeting} finns redan ({meeting.get_absolute_url()}); "
                "ingenting skapades."
            )
        if status == "failed" and plan is None:
            return f"{name}: kunde inte läsas: {outcome['message']}"
        if status == "failed":
            parsed = plan.parsed
            lines = [
                f"{name}: kan inte importeras. {outcome.get('message', '')}".strip()
            ]
            lines += [f"  - {problem}" for problem in plan.problems]
            lines.append("  Känt igen: " + (", ".join(parsed.recognised) or "inget"))
            if parsed.unrecognised:
                lines.append("  Inte förstått: " + " | ".join(parsed.unrecognised[:10]))
            lines.append(
                f"  Läst: organ ”{parsed.body or '–'}”, datum "
                f"{parsed.date or '–'}, {len(parsed.participants)} deltagare, "
                f"{len(parsed.items)} punkter."
            )
            return "\n".join(lines)
        if status == "confirm":
            lines = [f"{name}: bekräfta personerna först (ingenting skapades):"]
            lines += [f"  - {m.to_confirm()}" for m in plan.open_matches()]
            lines.append(
                "  Använd --match 'NAMN=ID', --accept-close eller --create-people."
            )
            return "\n".join(lines)
        parsed = plan.parsed
        return (
            f"{name}: {parsed.body} {parsed.date}, {len(parsed.participants)} deltagare, "
            f"{len(parsed.items)} punkter (provläsning, ingenting skrevs)."
        )
