from django.core.management.base import BaseCommand, CommandError

from newsroom import backup


class Command(BaseCommand):
    help = (
        "Write every row of the database and every media file the rows name (picture "
        "masters and renditions) to one archive, e.g. newsroom-2026-11-24.tar.gz. "
        "Safe while the site runs: the rows are read as they were at one moment."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the archive (.tar.gz)")

    def handle(self, *args, file, **options):
        try:
            summary = backup.write(file, warn=lambda message: self.stderr.write(message))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(
                f"Backed up {summary['rows']} rows and {summary['files']} media files to {file}."
            )
        if summary["missing files"]:
            self.stderr.write(
                f"{summary['missing files']} files named by rows were missing from media "
                "storage (listed above); the rest is in the archive."
            )
