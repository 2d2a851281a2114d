"""Share links: one unpublished article, readable without a login, until expiry or revocation."""

import datetime

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.utils import timezone

from articles.models import PreviewLink

SALT = "articles.preview"


def create_link(article, by, hours=None):
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
    """The live PreviewLink for `token`, or None when tampered, expired or revoked."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    link = PreviewLink.objects.select_related("article").filter(pk=pk).first()
    if link is None or not link.is_active(now):
        return None
    return link


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
