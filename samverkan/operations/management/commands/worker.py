from django.core.management.base import BaseCommand, CommandParser

from samverkan.operations.workers import run_worker


class Command(BaseCommand):
    help = (
        "Kör bakgrundsuppgifter. Ge varje arbetare ett fast id: när den startar "
        "igen körs de uppgifter den avbröts i om, och den väntar ut en databas "
        "som inte svarar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--worker-id", required=True)
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args: object, **options: object) -> None:
        run_worker(
            worker_id=options["worker_id"],
            interval=options["interval"],
            max_tasks=options["max_tasks"],
        )
