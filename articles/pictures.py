"""A story's pictures (hero and inline), which the image library shares with other stories.

Readers see a live story's picture, and a scheduled story's soon: changing the
picture changes the story. So only someone who may edit the story as it stands may
change its picture, and each change goes into the story's history. Registered with
newsroom.picture_changes in ArticlesConfig.ready.
"""

from django.db.models import Q

from articles import workflow
from articles.models import Article, WorkflowEvent


def _showing(image):
    # As the hero, or inside the body (blocks.BodyPicture, "body_pictures").
    shown = Q(hero_image=image) | Q(pk__in=image.body_uses.values("article"))
    stories = Article.objects.live_or_scheduled().filter(shown).order_by("pk")
    return stories.only("headline", "status", "publish_at", "expire_at", "created_by")


def refused_uses(image, user):
    """The live and scheduled stories showing `image` that `user` may not edit."""
    return [
        f"the {'scheduled' if story.is_scheduled() else 'live'} story “{story.headline}”"
        for story in _showing(image)
        if not workflow.can_edit(story, user)
    ]


def record_change(image, user, changes):
    """One entry in the history of each live or scheduled story showing `image`."""
    who = user.get_full_name() or user.get_username()
    note = f"Picture “{image}” changed by {who}: {', '.join(changes)}."
    WorkflowEvent.objects.bulk_create(
        WorkflowEvent(
            article=story,
            actor=user,
            action="picture_changed",
            from_status=story.status,
            to_status=story.status,
            note=note,
        )
        for story in _showing(image)
    )
