"""Readers' side of live coverage: the story's page with its entries, and the small
JSON its script polls for what changed."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from articles import seo
from articles.models import Article
from live import render as parts
from live import seo as live_seo
from live.entries import coverage_of
from live.models import Entry
from newsroom import pagecache


def _public_entries(story):
    return Entry.objects.public().for_page().filter(story=story)


def _older_than(entries, request, story):
    """Entries older than ?before=<entry>, for the pages past the newest."""
    before = request.GET.get("before")
    if before is None:
        return entries, None
    if not before.isdigit():
        raise Http404("No such update.")
    cursor = get_object_or_404(_public_entries(story), pk=int(before))
    older = entries.filter(published_at__lt=cursor.published_at) | entries.filter(
        published_at=cursor.published_at, pk__lt=cursor.pk
    )
    return older, cursor


def story_page(request, article, page, steps):
    """A live story's page: the article page with key points, pinned and newest entries.

    Called by articles.views.article_detail for a story marked as live coverage, with
    the page's context and trail so far. Works as a plain page; its script adds updates.
    """
    coverage = coverage_of(article)
    pinned = list(_public_entries(article).filter(is_pinned=True))
    timeline, cursor = _older_than(
        _public_entries(article).filter(is_pinned=False), request, article
    )
    shown = list(timeline[: parts.PAGE_ENTRIES + 1])
    shown, more = shown[: parts.PAGE_ENTRIES], len(shown) > parts.PAGE_ENTRIES
    # Older pages (past ?before=) do not know the newest entry, and do not poll.
    newest = [*pinned, *shown[:1]] if cursor is None else []
    latest = max((e.published_at for e in newest), default=None)
    polls = cursor is None and not coverage.is_over
    # One batch for both lists: one query for their corrections, one for their pictures.
    html = parts.entries_html([*pinned, *shown], article)
    # The embed cards' script, as the article page loads it for a body with one; a page
    # that polls may be sent an update with one at any moment.
    embeds = polls or any(parts.has_embed(entry) for entry in [*pinned, *shown])
    response = render(
        request,
        "live/story_page.html",
        {
            **page,
            "coverage": coverage,
            "status": parts.status_part(coverage, latest),
            "key_points": parts.key_points_part(coverage),
            "pinned": parts.pinned_part(pinned, html[: len(pinned)]),
            "entries": parts.joined(html[len(pinned) :]),
            "has_entries": bool(shown),
            "cursor": cursor,
            "older_url": f"?before={shown[-1].pk}" if more else "",
            "updates_url": reverse("live:updates", args=[article.slug]) if polls else "",
            "poll_seconds": settings.NEWSROOM_LIVE_POLL_SECONDS,
            "entry_embeds": embeds,
            **seo.page_context(
                steps, live_seo.live_blog_posting(article, coverage, [*pinned, *shown])
            ),
        },
    )
    # Downstream caches keep it briefly: they are not told when an entry comes.
    return pagecache.limit_downstream(response, settings.NEWSROOM_LIVE_MAX_AGE_SECONDS)


def updates(request, slug):
    """What the story's page may have missed: its newest entries, pinned ones, key points
    and status, each with a stamp that changes when it does. Small, and cached."""
    article = get_object_or_404(Article.objects.live().filter(is_live_coverage=True), slug=slug)
    coverage = coverage_of(article)
    pinned = list(_public_entries(article).filter(is_pinned=True))
    newest = list(_public_entries(article).filter(is_pinned=False)[: parts.POLL_ENTRIES + 1])
    newest, more = newest[: parts.POLL_ENTRIES], len(newest) > parts.POLL_ENTRIES
    latest = max((e.published_at for e in [*pinned, *newest[:1]]), default=None)
    html = parts.entries_html([*pinned, *newest], article)
    response = JsonResponse(
        {
            "live": not coverage.is_over,
            "entries": [
                {
                    "id": entry.pk,
                    "stamp": entry.stamp,
                    "order": [entry.published_at.timestamp(), entry.pk],
                    "html": piece,
                }
                for entry, piece in zip(newest, html[len(pinned) :], strict=True)
            ],
            "more": more,
            "parts": {
                "status": parts.status_part(coverage, latest),
                "key_points": parts.key_points_part(coverage),
                "pinned": parts.pinned_part(pinned, html[: len(pinned)]),
            },
        }
    )
    return pagecache.limit_downstream(response, settings.NEWSROOM_LIVE_MAX_AGE_SECONDS)
