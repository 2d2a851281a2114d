from django.core.management.base import BaseCommand

from articles import search


class Command(BaseCommand):
    help = "Index every story and person again, e.g. after a bulk import."

    def handle(self, *args, **options):
        search.rebuild()
        if options["verbosity"]:
            self.stdout.write("Search index rebuilt.")
