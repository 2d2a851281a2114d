import time

from django.core.management.base import BaseCommand

from bench.fake_content import generate


class Command(BaseCommand):
    help = "Fill the database with synthetic stories, people and credits for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument("--images", type=int, default=40)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, people, images, seed, **options):
        start = time.monotonic()

        def out(message):
            self.stdout.write(f"[{time.monotonic() - start:6.1f}s] {message}")

        generate(articles=articles, people=people, out=out, seed=seed, image_count=images)
