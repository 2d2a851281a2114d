"""Whole-page caching for readers, bounded by the desk's clock.

A cached page lives at most NEWSROOM_PAGE_CACHE_SECONDS, and never past the next
moment a scheduled story goes live or a live one expires, so the cache can never
show a story early or keep one late. Any edit, publish or withdrawal purges every
cached page at once by moving to a new generation of keys. The generation lives in
the shared cache (Redis), or, when each worker has only its own memory, in a small
file every worker on the box reads, so a purge in one worker reaches all of them.
"""

import functools
import hashlib
import math
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

GENERATION_KEY = "pagecache:generation"
STALE_SECONDS = 30


def purge():
    """Forget every cached public page (old keys simply expire).

    Inside a transaction, forget them again once it commits: a reader served by
    another worker before the commit would otherwise cache the old story under the
    new generation, where no one would ever purge it.
    """
    _next_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_next_generation)


def _next_generation():
    if settings.NEWSROOM_PURGE_FILE:
        _write_generation_file(Path(settings.NEWSROOM_PURGE_FILE), uuid.uuid4().hex)
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def _write_generation_file(path, generation):
    # Written aside and renamed into place, so a reader never sees half a value.
    path.parent.mkdir(parents=True, exist_ok=True)
    spare = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    spare.write_text(generation)
    os.replace(spare, path)


def _generation():
    if settings.NEWSROOM_PURGE_FILE:
        try:
            with open(settings.NEWSROOM_PURGE_FILE) as shared:
                return shared.read() or "0"
        except FileNotFoundError:
            return "0"
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def remember(name, make, timeout=300):
    """A value shared by many pages (e.g. navigation), forgotten on every purge."""
    key = f"pagecache:{_generation()}:value:{name}"
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, timeout)
    return value


def fragment(name, make, lists_stories=False):
    """A piece of a page (HTML) kept between requests and forgotten on every purge.

    `name` must say everything the piece depends on besides the published content
    itself (which a purge covers): which story and which version of it, for instance.
    A piece that `lists_stories` (which ones are live) is, like a page, never kept
    past the next scheduled change; one story's card or body need not be.
    """
    return fragments([name], lambda names: [make()], lists_stories)[0]


def fragments(names, make_missing, lists_stories=False):
    """Pieces for many `names` at once: one cache round trip to read, one to store.

    `make_missing(names)` makes, in order, the pieces the cache does not have.
    """
    seconds = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS
    if not seconds:
        return make_missing(names)
    generation = _generation()
    keys = [f"pagecache:{generation}:fragment:{name}" for name in names]
    now = time.time()
    found = {key: hit[0] for key, hit in cache.get_many(keys).items() if hit[1] > now}
    wanted = [(key, name) for key, name in zip(keys, names, strict=True) if key not in found]
    if wanted:
        made = dict(
            zip([key for key, _ in wanted], make_missing([n for _, n in wanted]), strict=True)
        )
        found.update(made)
        deadline = now + seconds
        if lists_stories:
            deadline = min(deadline, _next_change_at())
        if deadline > now:
            kept = {key: (html, deadline) for key, html in made.items()}
            cache.set_many(kept, math.ceil(deadline - now))
    return [found[key] for key in keys]


def _next_change_at():
    """When the next scheduled change happens (Unix time, or infinity if none is due).

    Asked of the database once per generation and remembered until that moment: any
    new schedule is saved with a purge, which starts a new generation.
    """
    key = f"pagecache:{_generation()}:next-change"
    moment = cache.get(key)
    if moment is None or moment <= time.time():
        from articles.scheduling import next_change  # the articles app depends on this module

        upcoming = next_change()
        moment = upcoming.timestamp() if upcoming else math.inf
        cache.set(key, moment, 300)
    return moment


def freshness():
    """(max-age, stale-while-revalidate) for a page made now.

    max-age is the configured time cut at the next scheduled change; a CDN may serve a
    stale copy for a short while only when no scheduled change falls in that time.
    """
    limit = settings.NEWSROOM_PAGE_CACHE_SECONDS
    until_change = _next_change_at() - time.time()
    keep = max(0, math.floor(min(limit, until_change)))
    stale = max(0, math.floor(min(STALE_SECONDS, until_change - keep)))
    return keep, stale


def _is_reader(request):
    # Staff carry a session cookie; their pages are never shared or cached.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def cache_public_page(view):
    """Serve readers a cached copy of `view`'s page while it cannot have changed."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_reader(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        if not settings.NEWSROOM_PAGE_CACHE_SECONDS:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"pagecache:{_generation()}:{digest}"
        hit = cache.get(key)
        if hit is not None and hit[1] <= time.time():
            hit = None  # past its deadline, whatever the cache's own expiry says
        if hit is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.has_header("Set-Cookie"):
                return response
            keep, stale = freshness()
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            # One ETag per cached copy, so a reader's "If-None-Match" gets a 304.
            set_response_etag(response)
            deadline = time.time() + keep
            if keep:
                cache.set(key, (response, deadline, stale), keep)
        else:
            response, deadline, stale = hit
        # Downstream caches get only the life this copy has left, never more.
        left = max(0, math.floor(deadline - time.time()))
        patch_cache_control(
            response,
            public=True,
            max_age=left,
            s_maxage=left,
            stale_while_revalidate=stale,
        )
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

    return wrapper
