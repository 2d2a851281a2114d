from django.db import models


class BodyPicture(models.Model):
    """A library picture shown inside a story's body (an inline picture or an embed's thumbnail).

    Kept in step with the body on every save (blocks.signals), so the picture's
    "where used" list, its deletion guard and its rights rules see body uses as they
    see a hero picture.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="body_pictures"
    )
    image = models.ForeignKey(
        "newsroom.Image",
        on_delete=models.PROTECT,
        related_name="body_uses",
        verbose_name="inline picture",
    )

    class Meta:
        verbose_name = "article"  # a use reads "inline picture of article “…”"
        constraints = [
            models.UniqueConstraint(fields=["article", "image"], name="body_picture_once")
        ]

    def __str__(self):
        return str(self.article)

    @property
    def admin_target(self):
        """What a "where used" link opens: the story, not this row."""
        return self.article
