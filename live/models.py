import datetime
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django_prose_editor.fields import ProseEditorField

from articles.models import BODY_EDITOR_EXTENSIONS, Article, display_name
from newsroom.sanitize import clean_html

# Where one block of text ends and the next begins, in a sanitised body.
_BLOCK_END = re.compile(r"</(p|h2|h3|li|blockquote|figcaption|figure)>|<br\s*/?>|<hr\s*/?>")


def plain_text(html):
    """A sanitised body as plain words, blocks apart (for feeds and structured data)."""
    return " ".join(strip_tags(_BLOCK_END.sub(" ", html or "")).split())


# Search engines need an end for live coverage; without a planned one, this long after it began.
ASSUMED_HOURS = 12


class Coverage(models.Model):
    """A live story's running parts: its key points and when the coverage runs.

    Made the first time the desk turns a story into live coverage; the story itself
    (headline, body, workflow) stays an ordinary Article with is_live_coverage set.
    """

    story = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="coverage"
    )
    key_points = models.TextField(
        blank=True, help_text="The story so far, one point per line: shown above the updates."
    )
    starts_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to start when the story goes live."
    )
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="When the coverage is planned to end (for search engines)."
    )
    ended_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "coverage"

    def __str__(self):
        return f"Live coverage: {self.story}"

    @property
    def points(self):
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    @property
    def is_over(self):
        return self.ended_at is not None

    def start(self):
        """When the coverage began, as readers and search engines are told (reads the story)."""
        return self.starts_at or self.story.publish_at or self.story.created_at

    def end(self):
        """When it ended, or is planned or assumed to end."""
        return (
            self.ended_at or self.ends_at or self.start() + datetime.timedelta(hours=ASSUMED_HOURS)
        )

    @property
    def stamp(self):
        return f"{self.updated_at.timestamp() if self.updated_at else 0}"


class EntryQuerySet(models.QuerySet):
    def public(self, now=None):
        """Entries readers may see: published ones of live stories (Article.objects.live())."""
        live = Article.objects.live(now).filter(is_live_coverage=True)
        return self.filter(status=Entry.Status.PUBLISHED, story__in=live.values("pk"))

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_page(self):
        """What an entry shows: its author and their byline (its corrections are prefetched
        by live.render)."""
        return self.select_related("author__author").newest_first()

    def for_desk(self):
        return self.select_related("author__author", "approved_by").order_by("-created_at", "-pk")


class Entry(models.Model):
    """One timed update in a live story: rich text with pictures and embeds."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    story = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_entries")
    headline = models.CharField(
        max_length=150, blank=True, help_text="Optional: a few words above the update."
    )
    body = ProseEditorField(extensions=BODY_EDITOR_EXTENSIONS, sanitize=clean_html)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    is_pinned = models.BooleanField("pinned", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The time readers see: when the entry was first published.
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "live entry"
        verbose_name_plural = "live entries"
        ordering = ["-published_at", "-pk"]
        permissions = [
            (
                "approve_entry",
                "Can publish live entries at once, approve others', correct, pin and withdraw "
                "them, and run a story's live coverage",
            )
        ]
        indexes = [
            models.Index(fields=["story", "status", "published_at"], name="entry_story_public_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="entry_published_has_time",
            )
        ]

    def __str__(self):
        return self.headline or self.summary

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    @property
    def text(self):
        return plain_text(self.body)

    @property
    def summary(self):
        """The entry's first words, as plain text (a title where it has no headline)."""
        return Truncator(self.text).words(14) or "Update"

    @property
    def author_name(self):
        """The name the author signs stories with (authors app), else their full name.

        Queries for the byline unless it was loaded (for_page, for_desk).
        """
        if self.author is None:
            return ""
        byline = getattr(self.author, "author", None)
        return byline.name if byline is not None else display_name(self.author)

    @property
    def anchor(self):
        return f"entry-{self.pk}"

    @property
    def stamp(self):
        """Changes whenever what readers see of the entry changes (an edit, a pin, a correction)."""
        return f"{self.pk}-{self.updated_at.timestamp():.6f}"

    def is_public(self, now=None):
        return self.status == self.Status.PUBLISHED and self.story.is_live(now)


class EntryCorrection(models.Model):
    """A public note on an entry changed after it was published, with what it said before."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(help_text="Shown to readers under the entry.")
    previous_headline = models.CharField(max_length=150, blank=True)
    previous_body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.note[:80]
