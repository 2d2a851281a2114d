"""What waits for each person on the desk, for the admin's front page."""

import datetime

from django.utils import timezone

from articles.models import Article
from newsroom.models import Image

LIMIT = 8
PICTURE_DAYS = 7
PICTURE_LIMIT = 20  # the rest are one click away, on the picture list's "licence ends" filter


def waiting_for(user, now=None):
    """[(title, [article, ...], link), ...]: the lists that matter to this person's roles."""
    now = now or timezone.now()
    stories = Article.objects.select_related("section").order_by("-updated_at")
    Status = Article.Status
    lists = []
    if user.has_perm("articles.add_article"):
        mine = stories.in_state(Status.DRAFT).filter(created_by=user)
        lists.append(("My drafts", mine[:LIMIT], "?view=my_drafts"))
    if user.has_perm("articles.approve_article"):
        lists.append(
            ("Waiting for review", stories.in_state(Status.REVIEW)[:LIMIT], "?view=waiting")
        )
    if user.has_perm("articles.publish_article"):
        lists.append(
            (
                "Approved, not yet scheduled",
                stories.in_state(Status.APPROVED)[:LIMIT],
                "?status__exact=approved",
            )
        )
        soon = (
            Article.objects.going_live_between(now, now + datetime.timedelta(hours=24))
            .select_related("section")
            .order_by("publish_at")
        )
        lists.append(("Going live in the next 24 hours", soon[:LIMIT], "?status__exact=published"))
    return lists


def pictures_expiring(user, now=None, days=PICTURE_DAYS):
    """[(picture, [story, ...]), ...]: licences ending in the coming `days`, soonest first.

    With each picture, the stories still in play that use it (not withdrawn or expired),
    which lose it then. None for someone who may not see the picture library. Two queries.
    """
    if not user.has_perm("newsroom.view_image"):
        return None
    now = now or timezone.now()
    end = now + datetime.timedelta(days=days)
    soonest = Image.objects.expiring_between(now, end).select_related("replace_with")
    pictures = list(soonest[:PICTURE_LIMIT])
    stories = (
        Article.objects.filter(hero_image__in=pictures)
        .exclude(status=Article.Status.WITHDRAWN)
        .exclude(status=Article.Status.PUBLISHED, expire_at__lte=now)
        .order_by("publish_at", "pk")
        .only("headline", "status", "publish_at", "expire_at", "hero_image")
    )
    using = {}
    for story in stories:
        using.setdefault(story.hero_image_id, []).append(story)
    return [(picture, using.get(picture.pk, [])) for picture in pictures]
