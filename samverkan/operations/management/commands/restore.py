import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.lib.errors import DomainError
from samverkan.operations.backup import restore


class Command(BaseCommand):
    help = (
        "Återställ en säkerhetskopia till en tom installation (efter `samverkan "
        "migrate`). Allt eller inget: vid fel ändras ingenting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(f"{source} finns inte.")
        bar = tqdm(
            desc="restore", disable=options["no_progress"], file=self.stderr._out
        )

        def progress(phase: str, steps: int) -> None:
            bar.set_postfix_str(phase, refresh=False)
            bar.update(steps)

        started = time.monotonic()
        try:
            manifest = restore(path=source, progress=progress)
        except DomainError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Återställt från {source}: {rows} rader, {len(manifest['files'])} "
                f"filer, {time.monotonic() - started:.1f} s."
            )
        )
