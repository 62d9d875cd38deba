import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.lib.errors import DomainError
from samverkan.operations.backup import backup


class Command(BaseCommand):
    help = (
        "Säkerhetskopiera databasen och dokumenten till en arkivfil med "
        "kontrollsummor (SHA-256) för varje tabell och fil."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        target: Path = options["file"]
        if target.exists():
            raise CommandError(f"{target} finns redan; välj ett nytt filnamn.")
        bar = tqdm(desc="backup", disable=options["no_progress"], file=self.stderr._out)

        def progress(phase: str, steps: int) -> None:
            bar.set_postfix_str(phase, refresh=False)
            bar.update(steps)

        started = time.monotonic()
        try:
            manifest = backup(path=target, progress=progress)
        except DomainError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{target}: {rows} rader i {len(manifest['tables'])} tabeller, "
                f"{len(manifest['files'])} filer, {time.monotonic() - started:.1f} s."
            )
        )
