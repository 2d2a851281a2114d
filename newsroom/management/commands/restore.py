from django.core.management.base import BaseCommand, CommandError

from newsroom import backup


class Command(BaseCommand):
    help = (
        "Load an archive made by `backup` into a freshly migrated database and its media "
        "storage, then refill the search index and purge cached pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to restore")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything the database holds (stories, people, users, sign-ins …) "
            "and restore over it. Media files are overwritten only where the archive has them.",
        )

    def handle(self, *args, file, replace, **options):
        try:
            summary = backup.restore(file, replace=replace)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(
                f"Restored {summary['rows']} rows and {summary['files']} media files from {file}."
            )
