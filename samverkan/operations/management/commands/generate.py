import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.lib.errors import DomainError
from samverkan.operations.generate import SCALES, expected_steps, generate


class Command(BaseCommand):
    help = (
        "Skapa syntetiska data i en tom databas: small (tester), region (en "
        "region i tio år) eller national (21 regioner, 290 kommuner). Samma frö "
        "ger samma data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--no-progress", action="store_true", help="Visa ingen förloppsindikator."
        )

    def handle(self, *args: object, **options: object) -> None:
        scale = SCALES[options["scale"]]
        bar = tqdm(
            total=expected_steps(scale),
            desc=f"generate {options['scale']}",
            disable=bool(options["no_progress"]),
            file=self.stderr._out,
        )

        def progress(phase: str, steps: int) -> None:
            bar.set_postfix_str(phase)
            bar.update(steps)

        started = time.monotonic()
        try:
            counts = generate(
                scale=options["scale"],
                seed=options["seed"],
                media_root=Path(settings.MEDIA_ROOT),
                progress=progress,
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        elapsed = time.monotonic() - started
        for label, count in counts.items():
            self.stdout.write(f"{label:40} {count:>10}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{sum(counts.values())} rader på {elapsed:.1f} s "
                f"(skala {options['scale']}, frö {options['seed']})."
            )
        )
