from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Skicka dagens påminnelser (kör en gång per dygn, t.ex. med cron)."

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        for path in settings.REMINDERS:
            count = import_string(path)(today=today)
            self.stdout.write(f"{path}: {count}")
