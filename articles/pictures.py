"""A story's pictures (hero and inline), which the image library shares with other stories.

Readers see a live story's picture, and a scheduled story's soon: changing the
picture changes the story. So only someone who may edit the story as it stands may
change its picture, and each change goes into the story's history. Registered with
newsroom.picture_changes in ArticlesConfig.ready.

A picture licensed for a single use appears in one place only: picking it for a
second story is refused (check_single_use), wherever a story picks pictures.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from articles import workflow
from articles.models import Article, WorkflowEvent


def check_single_use(image, story):
    """Refuse a single-use `image` for `story` when it already appears anywhere else.

    Raises ValidationError naming where it appears. Anywhere: a story in any state, a
    person's photo, a poster (Image.usages, one query per kind of use). Call it when a
    story picks the picture, not on every save: a story that had it first keeps it.
    """
    if image is None or not image.is_single_use:
        return
    # A use in a story's body is a row of its own (blocks.BodyPicture): its story counts.
    elsewhere = [
        (field, obj) for field, obj in image.usages() if getattr(obj, "admin_target", obj) != story
    ]
    if not elsewhere:
        return
    places = "; ".join(
        f"{field.verbose_name} of {obj._meta.verbose_name} “{obj}”" for field, obj in elsewhere
    )
    raise ValidationError(
        f"This picture is licensed for a single use and is already used: {places}. "
        "Choose another picture, or ask the licensor for another use.",
        code="single_use",
    )


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
