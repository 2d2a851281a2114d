from django.core.management.base import BaseCommand

from articles.scheduling import publish_due


class Command(BaseCommand):
    help = (
        "Record stories that went live or expired since the last run (first-published "
        "time, history) and purge cached pages. Safe every minute, on every server."
    )

    def handle(self, *args, **options):
        went_live, expired = publish_due()
        if options["verbosity"]:
            self.stdout.write(f"{len(went_live)} went live, {len(expired)} expired.")
