from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

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
        structure = demo.load(timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"Demodata inläst: {structure.name}."))
        for username, password, who in demo.DEMO_LOGINS:
            self.stdout.write(f"  Inloggning: {username} / {password} ({who})")
