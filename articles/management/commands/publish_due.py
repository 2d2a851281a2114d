from django.core.management.base import BaseCommand

from articles.scheduling import publish_due
from newsroom.database import refresh_statistics


class Command(BaseCommand):
    help = (
        "Record stories that went live or expired since the last run (first-published "
        "time, history), purge cached pages and refresh the planner's statistics. Safe "
        "every minute, on every server."
    )

    def handle(self, *args, **options):
        went_live, expired = publish_due()
        refresh_statistics()
        if options["verbosity"]:
            self.stdout.write(f"{len(went_live)} went live, {len(expired)} expired.")
