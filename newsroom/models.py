import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models


def image_upload_to(instance, filename):
    """A generated name: the uploader's file name is kept only as data."""
    suffix = PurePath(filename).suffix.lower()[:6] or ".jpg"
    return f"images/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class Image(models.Model):
    """A photo in the desk's library, reused by articles, people and productions."""

    file = models.ImageField(upload_to=image_upload_to, width_field="width", height_field="height")
    alt_text = models.CharField(
        max_length=250,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=150, blank=True, help_text="Agency or photographer.")
    focal_x = models.FloatField(default=0.5, help_text="0 is the left edge, 1 the right.")
    focal_y = models.FloatField(default=0.5, help_text="0 is the top edge, 1 the bottom.")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    original_filename = models.CharField(max_length=255, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
            )
        ]

    def __str__(self):
        return self.alt_text[:80]

    def save(self, *args, **kwargs):
        if self.file and not self.original_filename:
            self.original_filename = PurePath(self.file.name).name[:255]
        if self.file and not (self.width and self.height):
            # FieldFile.save(save=False) leaves the dimension fields empty.
            self.width, self.height = self.file.width, self.file.height
        super().save(*args, **kwargs)
