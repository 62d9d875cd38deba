from django.core.management.base import BaseCommand

from samverkan.search import indexing


class Command(BaseCommand):
    help = "Rebuild the search index from every record."

    def handle(self, *args: object, **options: object) -> None:
        count = indexing.rebuild()
        self.stdout.write(f"Sökindexet är återuppbyggt: {count} poster.")
