"""The desk's clock: local times with daylight-saving edges, the schedule, and publish_due.

Visibility never depends on anything here having run: Article.objects.live() decides
at query time. publish_due only does the side effects (first-published stamps,
history, cache purges).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles import cachekeys, live_edits
from articles.models import Article, WorkflowEvent

UTC = datetime.timezone.utc


def describe(moment):
    """'25 Oct 2026, 01:30:00 BST (UTC+01:00)': a time no one can misread."""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    return f"{local:%-d %b %Y, %H:%M:%S} {local.tzname()} (UTC{offset[:3]}:{offset[3:]})"


def to_newsroom_time(naive, occurrence="first"):
    """Make a wall-clock time in the newsroom's zone exact, or say why it cannot be.

    A time skipped when the clocks go forward does not exist and is refused; a time
    that happens twice when they go back is the first occurrence unless told
    `occurrence="second"`.
    """
    zone = timezone.get_current_timezone()
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            f"{naive:%H:%M} on {naive:%-d %B %Y} does not exist in {zone.key}: the clocks "
            "go forward then. Choose a time before the change or an hour later.",
            code="nonexistent",
        )
    if first.utcoffset() != second.utcoffset():
        return second if occurrence == "second" else first
    return first


def is_ambiguous(moment):
    local = timezone.localtime(moment).replace(tzinfo=None)
    zone = timezone.get_current_timezone()
    return (
        local.replace(tzinfo=zone, fold=0).utcoffset()
        != local.replace(tzinfo=zone, fold=1).utcoffset()
    )


def change_moments(now):
    """Moments after `now` when a story goes live, an embargo lifts or a live story
    expires, for the page cache (one column)."""
    published = Article.objects.in_state(Article.Status.PUBLISHED)
    return [
        published.filter(publish_at__gt=now).values(moment=F("publish_at")),
        published.filter(expire_at__gt=now).values(moment=F("expire_at")),
        published.filter(embargo_until__gt=now).values(moment=F("embargo_until")),
    ]


@dataclass
class Slot:
    moment: datetime.datetime
    kind: str  # "live" or "expires"
    article: Article


def upcoming(days=7, now=None):
    """What goes live and what expires in the coming `days`, in time order."""
    now = now or timezone.now()
    end = now + datetime.timedelta(days=days)
    stories = Article.objects.select_related("section")
    going_live = stories.going_live_between(now, end).prefetch_related("people")
    expiring = stories.in_state(Article.Status.PUBLISHED).filter(
        expire_at__gt=now, expire_at__lte=end
    )
    slots = [Slot(a.publish_at, "live", a) for a in going_live]
    slots += [Slot(a.expire_at, "expires", a) for a in expiring]
    return sorted(slots, key=lambda slot: (slot.moment, slot.article.pk))


def clashes(slots, minutes=None):
    """Warnings for stories going live within a few minutes of each other that compete:
    two lead stories, or two about the same person."""
    window = datetime.timedelta(minutes=minutes or settings.NEWSROOM_CLASH_MINUTES)
    live = [s.article for s in slots if s.kind == "live"]
    warnings = []
    for i, first in enumerate(live):
        for second in live[i + 1 :]:
            if second.publish_at - first.publish_at > window:
                break
            if first.is_lead and second.is_lead:
                reason = "both are lead stories"
            else:
                shared = {p.name for p in first.people.all()} & {
                    p.name for p in second.people.all()
                }
                if not shared:
                    continue
                reason = "both are about " + ", ".join(sorted(shared))
            warnings.append(
                f"“{first.headline}” and “{second.headline}” go live within "
                f"{window.seconds // 60} minutes of each other: {reason}."
            )
    return warnings


def publish_due(now=None):
    """Stamp, record and purge for every story that went live or expired; safe to repeat.

    Each story is claimed by a conditional UPDATE, so when several servers run this at
    the same moment exactly one of them does each piece of work.
    """
    now = now or timezone.now()
    unrecorded = Q(awaiting_went_live=True) | Q(first_published_at__isnull=True)
    due = Article.objects.live(now).filter(unrecorded)
    went_live = [
        pk
        for pk in due.values_list("pk", flat=True)
        if _claim(
            pk,
            unrecorded,
            {
                "awaiting_went_live": False,
                "first_published_at": Coalesce("first_published_at", "publish_at"),
            },
            "went_live",
            "Went live as scheduled.",
            now,
        )
    ]
    ended = Article.objects.in_state(Article.Status.PUBLISHED).filter(
        expire_at__lte=now, expiry_recorded=False
    )
    expired = [
        pk
        for pk in ended.values_list("pk", flat=True)
        if _claim(
            pk,
            Q(expiry_recorded=False),
            {"expiry_recorded": True},
            "expired",
            "Expired as scheduled.",
            now,
        )
    ]
    # Pages were made to end at these moments already; this makes them afresh at once
    # for caches that do not know the schedule. An expired story is never served stale.
    if went_live:
        cachekeys.purge_stories(went_live, stale_ok=True)
    if expired:
        cachekeys.purge_stories(expired)
    # Approved changes to live stories whose moment has come (they purge for themselves).
    live_edits.apply_due(now)
    return went_live, expired


def _claim(pk, unclaimed, claim, action, note, now):
    """Do one story's bookkeeping unless another run already has; True if this run did."""
    with transaction.atomic():
        if not Article.objects.filter(unclaimed, pk=pk).update(**claim):
            return False
        WorkflowEvent.objects.create(
            article_id=pk,
            action=action,
            from_status=Article.Status.PUBLISHED,
            to_status=Article.Status.PUBLISHED,
            note=note,
            created_at=now,
        )
        return True
