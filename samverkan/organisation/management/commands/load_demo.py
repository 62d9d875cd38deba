from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from samverkan.organisation import demo
from samverkan.organisation.models import Structure


class Command(BaseCommand):
    help = "Läs in demodata: Vårdsamverkan Skåne med CS, CTB och delregionerna."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gör ingenting om databasen redan har en samverkansstruktur.",
        )

    def handle(self, *args: object, if_empty: bool = False, **options: object) -> None:
        if Structure.objects.exists():
            if if_empty:
                self.stdout.write("Databasen har redan data; demodata läses inte in.")
                return
            raise CommandError(
                "Databasen har redan en samverkansstruktur. Demodata läses bara in "
                "i en tom databas."
            )
        today = timezone.localdate()
        with transaction.atomic():
            structure = demo.load(today)
            # Each domain app adds its own demo data to the structure.
            for path in settings.DEMO_LOADERS:
                import_string(path)(structure, today)
        self.stdout.write(self.style.SUCCESS(f"Demodata inläst: {structure.name}."))
        for username, password, who in demo.DEMO_LOGINS:
            self.stdout.write(f"  Inloggning: {username} / {password} ({who})")
