from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Autosave(models.Model):
    """What one person typed in one story (or in their new story) and has not saved.

    Not a revision: the story, its revisions and the public site never see it. Only its
    writer is offered it back, when they open the story again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Empty for the story someone is writing on the add page, before it has an id.
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField()
    # The story's version the form was opened on (none for a new story).
    base_version = models.PositiveIntegerField(null=True, blank=True)
    # The open page that sent it and its count: an older request arriving late is ignored.
    page = models.CharField(max_length=40, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_story",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="autosave_one_new_story"
            ),
        ]

    def __str__(self):
        return f"Unsaved changes of {self.user} in {self.article or 'a new story'}"


class Presence(models.Model):
    """Someone with a story open on the desk, and when their page last checked in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="presence_one_per_story")
        ]

    def __str__(self):
        return f"{self.user} on {self.article}"
