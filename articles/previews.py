"""Share links: one unpublished article, readable without a login, until expiry or revocation.

Whoever may edit a story, and editors and publishers, may share it; never once it is
withdrawn, and then its links stop working. A link is revoked by its maker, an editor
or a publisher, and only they see it: a link is as good as the story itself.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.utils import timezone

from articles import workflow
from articles.models import Article, PreviewLink

SALT = "articles.preview"


class ShareError(Exception):
    """A share link that may not be made or revoked; the message is shown to the person."""


def _runs_the_desk(user):
    # Editors and publishers see and revoke every link on every story.
    if not user.is_active or not user.is_staff:
        return False
    return user.has_perm("articles.edit_any_article") or user.has_perm("articles.publish_article")


def may_share(article, user):
    """May `user` make a share link for `article`?"""
    if article.status == Article.Status.WITHDRAWN:
        return False
    return workflow.can_edit(article, user) or _runs_the_desk(user)


def may_revoke(link, user):
    """May `user` revoke (and so see) `link`?"""
    made_it = user.is_active and user.is_staff and link.created_by_id == user.pk
    return made_it or _runs_the_desk(user)


def _active(links, now=None):
    now = now or timezone.now()
    links = links.filter(revoked_at__isnull=True, expires_at__gt=now)
    # Nor while an embargo keeps the story to its own people.
    return links.exclude(article__status=Article.Status.WITHDRAWN).exclude(
        article__embargo_until__gt=now
    )


def links_for(article, user, now=None):
    """The working links on `article` that `user` may see and revoke, newest first."""
    links = _active(article.preview_links.all(), now)
    return links if _runs_the_desk(user) else links.filter(created_by=user)


def share(article, by):
    """A new share link for `article`, made by `by` if they may."""
    if article.status == Article.Status.WITHDRAWN:
        raise ShareError("A withdrawn story cannot be shared.")
    if article.is_under_embargo():
        raise ShareError("A story under embargo cannot be shared until the embargo ends.")
    if not may_share(article, by):
        raise ShareError("You are not allowed to share this story.")
    return create_link(article, by)


def unshare(link, by):
    """Revoke `link` for `by` if they may."""
    if not may_revoke(link, by):
        raise ShareError("Only the link's maker, an editor or a publisher can revoke it.")
    revoke(link)


def create_link(article, by, hours=None):
    """A new link, no questions asked: people go through `share`."""
    hours = hours or settings.NEWSROOM_PREVIEW_HOURS
    return PreviewLink.objects.create(
        article=article,
        created_by=by,
        expires_at=timezone.now() + datetime.timedelta(hours=hours),
    )


def token_for(link):
    # Signed, so a link cannot be guessed or altered; expiry and revocation live in the row.
    return signing.dumps(link.pk, salt=SALT)


def active_link(token, now=None):
    """The live PreviewLink for `token`, or None when tampered, expired, revoked or withdrawn."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return _active(PreviewLink.objects.filter(pk=pk), now).select_related("article").first()


def revoke(link):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def render_preview(request, article):
    """The article exactly as readers will see it, marked so no one indexes or caches it."""
    response = render(
        request, "articles/article_detail.html", {"article": article, "preview": True}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
