"""What waits for each person on the desk, for the admin's front page."""

import datetime

from django.utils import timezone

from articles.models import Article

LIMIT = 8


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
