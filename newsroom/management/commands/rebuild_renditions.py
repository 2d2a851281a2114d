from django.core.management.base import BaseCommand, CommandError

from newsroom import images
from newsroom.models import Image


class Command(BaseCommand):
    help = (
        "Make every image's renditions again from its master (after changing "
        "NEWSROOM_RENDITION_WIDTHS, or for images stored before renditions existed). "
        "A master that still carries metadata is cleaned first."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="only these images (by id)")

    def handle(self, *args, **options):
        queryset = Image.objects.order_by("pk")
        if options["ids"]:
            queryset = queryset.filter(pk__in=options["ids"])
        done, failed = 0, []
        # One image at a time: a 50-megapixel master is the most held in memory.
        for image in queryset.iterator(chunk_size=100):
            try:
                images.rebuild(image)
            except Exception as error:  # report and carry on with the rest
                failed.append(image.pk)
                self.stderr.write(f"Image {image.pk} ({image.file.name}): {error}")
                continue
            done += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"Image {image.pk}: {image.renditions.count()} renditions")
        if options["verbosity"]:
            self.stdout.write(f"Renditions remade for {done} images.")
        if failed:
            raise CommandError(f"{len(failed)} images failed: {', '.join(map(str, failed))}")
