"""Presence: who else has a story open, kept in the database so every server sees it.

Each open story page checks in every NEWSROOM_PRESENCE_HEARTBEAT_SECONDS; someone whose
page has not checked in for NEWSROOM_PRESENCE_TIMEOUT_SECONDS has gone. Leaving the page
says so at once.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from articles.models import display_name
from desk.models import Presence

# Rows of pages that went without saying goodbye, kept this long before being cleared.
FORGOTTEN_AFTER = datetime.timedelta(days=1)


def timeout():
    return datetime.timedelta(seconds=settings.NEWSROOM_PRESENCE_TIMEOUT_SECONDS)


def check_in(article, user, now=None):
    """Record that `user` has `article` open now; usually one UPDATE."""
    now = now or timezone.now()
    here = Presence.objects.filter(article=article, user=user, seen_at__gte=now - timeout())
    if not here.update(seen_at=now):
        # Opened now, or back after their page went quiet: "since" starts again.
        Presence.objects.update_or_create(
            article=article, user=user, defaults={"opened_at": now, "seen_at": now}
        )
        Presence.objects.filter(seen_at__lt=now - FORGOTTEN_AFTER).delete()


def leave(article, user):
    Presence.objects.filter(article=article, user=user).delete()


def others(article, user, now=None):
    """Everyone but `user` with `article` open, longest first: one query."""
    now = now or timezone.now()
    present = (
        Presence.objects.filter(article=article, seen_at__gte=now - timeout())
        .exclude(user=user)
        .select_related("user")
        .order_by("opened_at", "pk")
    )
    return [
        {"name": display_name(p.user), "since": timezone.localtime(p.opened_at).strftime("%H:%M")}
        for p in present
    ]
