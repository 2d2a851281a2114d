from django.core.management.base import BaseCommand
from django.utils import timezone

from articles import factdesk
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Check names and ages in live stories against the people database, as of today: "
        "an age that was right when a story went out may be stale now."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        stories = Article.objects.live().prefetch_related("people", "productions")
        flagged = 0
        for article in stories.select_related("hero_image").iterator(chunk_size=200):
            findings = factdesk.check(article, today).findings
            if not findings:
                continue
            flagged += 1
            self.stdout.write(f"\n{article.headline}  ({article.get_absolute_url()})")
            for finding in findings:
                self.stdout.write(f"  - {finding.message}\n    “{finding.sentence}”")
        self.stdout.write(f"\n{flagged} live stor{'y' if flagged == 1 else 'ies'} with findings.")
