from django.core.management.base import BaseCommand
from django.utils import timezone

from samverkan.notifications import services


class Command(BaseCommand):
    help = (
        "Skicka e-postnotiser som väntar på ett nytt försök (kör var femte minut), "
        "och med --digest dagens sammanfattningar."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--digest", action="store_true")

    def handle(self, *args: object, digest: bool, **options: object) -> None:
        self.stdout.write(f"retried: {services.retry_due()}")
        if digest:
            sent = services.send_digests(today=timezone.localdate())
            self.stdout.write(f"digests: {sent}")
