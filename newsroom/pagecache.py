"""Whole-page caching for readers, bounded by the desk's clock.

A cached page lives at most NEWSROOM_PAGE_CACHE_SECONDS, and never past the next
moment a scheduled story goes live, a live one expires or a picture's licence ends,
so the cache can never show a story early or keep one (or a picture) late. A purge
of everything (a section renamed, a picture changed) moves to a new generation of
keys. The generation lives in the shared cache (Redis), or, when each worker has only
its own memory, in a small file every worker on the box reads, so a purge in one
worker reaches all of them.

Most changes purge by key instead. Each page carries the keys of what it shows
("story:<slug>", "section:<slug>", "person:<slug>", "home" ...): the keys its address
names, and those its view reports while the page is made (shows()). A cached copy
remembers the token each of its keys had before it was made; purging a key moves its
token on, so the copies carrying it are no longer served, and pages that do not show
the change stay cached. The same keys go out in the Surrogate-Key and xkey headers,
and every purge is sent on to the HTTP caches in front (newsroom.httpcache).

A purge that only changes how public content looks (an edit of a live story) may let
readers have the old copy for the moment one worker takes to make the page again; a
purge that takes something away (a withdrawal, an expiry, a story rescheduled) never:
it moves a second, "hard" token that no stale copy outlives. A copy past its deadline
(the next scheduled change) is never served either.
"""

import contextvars
import functools
import hashlib
import logging
import math
import os
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from redis.exceptions import RedisError

from newsroom import httpcache

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# How many key purges the shared cache has seen: fewer than the database counted means
# it came back from an old snapshot, holding pages that a key purge had ended.
KEY_PURGES_KEY = "pagecache:key-purges"
STALE_SECONDS = 30
# How long a page's ETag and the moment it last changed are remembered across purges.
MODIFIED_SECONDS = 24 * 60 * 60
# How long a worker leaves an unreachable shared cache alone before trying it again.
RETRY_SECONDS = 1.0
# How often a worker reads the database's generation, to catch a shared cache that came
# back from an old snapshot before any purge of its own could notice.
CHECK_SECONDS = 1.0
READER_METHODS = ("GET", "HEAD")
# Every page carries this key: a purge of everything reaches the HTTP caches through it.
SITE_KEY = "site"
# Moved by every key purge: a page made while one happened is not kept (see _stamps),
# and the next scheduled change is asked for again (a purge may have moved it).
EPOCH = "pagecache:epoch"
# A key's second token, moved only by purges that take something away from readers.
HARD = "hard|"
# How long one worker may take to make a purged page again while others serve the old.
MAKING_SECONDS = 10
FRESH, STALE = "fresh", "stale"

# Raises the shared generation to at least ARGV[1] and by one if ARGV[2] is "1",
# in one step, so two servers bumping at once both count; written even when unchanged if
# the cache had none, so a snapshot of it carries the generation.
_RAISE = """
local stored = redis.call('GET', KEYS[1])
local now = tonumber(stored or '0')
local wanted = math.max(now + tonumber(ARGV[2]), tonumber(ARGV[1]))
if wanted ~= now or not stored then redis.call('SET', KEYS[1], wanted) end
return wanted
"""


class CacheAway(Exception):
    """The shared cache cannot be reached: pages are made without it for now."""


class _Worker:
    """What this worker process knows of the generation; it never goes backwards."""

    known = 0
    known_key_purges = 0
    checked_at = -math.inf
    away_until = 0.0


def _shared(operation, *args, **kwargs):
    """Run one cache operation, or raise CacheAway while the shared cache is down."""
    if time.monotonic() < _Worker.away_until:
        raise CacheAway
    try:
        return operation(*args, **kwargs)
    except (RedisError, OSError) as error:
        _Worker.away_until = time.monotonic() + RETRY_SECONDS
        logger.warning("Page cache unreachable, serving pages without it: %s", error)
        raise CacheAway from error


def purge():
    """Forget every cached public page (old keys simply expire).

    Inside a transaction, forget them again once it commits: a reader served by
    another worker before the commit would otherwise cache the old story under the
    new generation, where no one would ever purge it. A purge never fails the change
    that asked for it: with the shared cache away, readers get uncached pages anyway.
    """
    if transaction.get_connection().in_atomic_block:
        _next_generation(durable=False)
        transaction.on_commit(_next_generation)
    else:
        _next_generation()


def _next_generation(durable=True):
    _move_generation(durable)
    if durable:
        # Once committed, and after the cache here: a cache in front refetching gets it.
        httpcache.purge([SITE_KEY])


def _move_generation(durable):
    if settings.NEWSROOM_PURGE_FILE:
        _write_generation_file(Path(settings.NEWSROOM_PURGE_FILE), uuid.uuid4().hex)
        return
    shared = None
    try:
        shared = _raise_shared_generation(_Worker.known, step=1)
    except CacheAway:
        pass
    if durable:
        # Outside any transaction of the change itself: no lock is held while it runs.
        _remember_known(_bump_database_generation(shared or 0))
    elif shared is not None:
        _remember_known(shared)


def _raise_shared_generation(at_least, step=0):
    """Move the shared generation up to `at_least`, plus `step`; return its new value."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        key = backend.make_and_validate_key(GENERATION_KEY)
        client = backend._cache.get_client(key, write=True)
        return int(_shared(client.eval, _RAISE, 1, key, at_least, step))
    # One process's own memory: nothing else writes it between these two calls.
    stored = _shared(cache.get, GENERATION_KEY)
    now = stored or 0
    wanted = max(now + step, at_least)
    if wanted != now or stored is None:
        _shared(cache.set, GENERATION_KEY, wanted, timeout=None)
    return wanted


# PageGeneration's rows: the generation, and the number of key purges made.
GENERATION_ROW, KEY_PURGES_ROW = 1, 2


def _generation_row(pk=GENERATION_ROW):
    from newsroom.models import PageGeneration  # the models import this module

    return PageGeneration.objects.filter(pk=pk)


def _bump_database_generation(at_least, pk=GENERATION_ROW):
    """One more than before and at least `at_least`; the row is made on first use."""
    rows = _generation_row(pk)
    if not rows.update(number=Greatest(F("number") + 1, Value(at_least))):
        rows.model.objects.get_or_create(pk=pk, defaults={"number": at_least})
    return rows.values_list("number", flat=True).first() or 0


def _remember_known(number):
    _Worker.known = max(_Worker.known, number)


def _database_generation():
    """The database's generation, read at most once every CHECK_SECONDS by this worker.

    The count of key purges comes with it, in the same query.
    """
    if time.monotonic() - _Worker.checked_at >= CHECK_SECONDS:
        from newsroom.models import PageGeneration

        rows = dict(
            PageGeneration.objects.filter(pk__in=[GENERATION_ROW, KEY_PURGES_ROW]).values_list(
                "pk", "number"
            )
        )
        _remember_known(rows.get(GENERATION_ROW, 0))
        _Worker.known_key_purges = max(_Worker.known_key_purges, rows.get(KEY_PURGES_ROW, 0))
        _Worker.checked_at = time.monotonic()
    return _Worker.known


def _write_generation_file(path, generation):
    # Written aside and renamed into place, so a reader never sees half a value.
    path.parent.mkdir(parents=True, exist_ok=True)
    spare = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    spare.write_text(generation)
    os.replace(spare, path)


def _generation():
    """The generation pages are cached under now; raises CacheAway without a cache."""
    return _generation_and_tokens(())[0]


def _generation_and_tokens(names):
    """(the generation, [the token of each key in `names`]): one cache round trip, and
    none for what the page being made has read already (see _make).

    Raises CacheAway without a cache.
    """
    read = _read_for_page.get()
    if read is None:
        return _read_generation_and_tokens(names)
    missing = [name for name in names if name not in read]
    if missing or GENERATION_KEY not in read:
        generation, tokens = _read_generation_and_tokens(missing)
        read.setdefault(GENERATION_KEY, generation)
        for name, token in zip(missing, tokens, strict=True):
            read.setdefault(name, token)
    return read[GENERATION_KEY], [read[name] for name in names]


def _read_generation_and_tokens(names):
    if settings.NEWSROOM_PURGE_FILE:
        return _read_file(Path(settings.NEWSROOM_PURGE_FILE)), [
            _read_file(_token_file(name)) for name in names
        ]
    known = _database_generation()
    token_keys = [_token_key(name) for name in names]
    found = _shared(cache.get_many, [GENERATION_KEY, KEY_PURGES_KEY, *token_keys])
    generation = found.get(GENERATION_KEY)
    if found.get(KEY_PURGES_KEY, 0) < _Worker.known_key_purges:
        # Back from a snapshot older than a key purge: its pages may carry ended tokens.
        generation = _raise_shared_generation(max(known, (generation or 0) + 1))
        _shared(cache.set, KEY_PURGES_KEY, _Worker.known_key_purges, None)
    elif generation is None or generation < known:
        # Empty, or back from an old snapshot: never serve what an older purge ended.
        generation = _raise_shared_generation(known)
    _remember_known(generation)
    return generation, [found.get(key) or _first_token(key) for key in token_keys]


def _read_file(path):
    try:
        with open(path) as shared:
            return shared.read() or "0"
    except FileNotFoundError:
        return "0"


def _token_key(name):
    return f"pagecache:key:{hashlib.sha256(name.encode()).hexdigest()}"


def _token_file(name):
    # Beside the purge file: var/page-generation.keys/<digest of the key's name>.
    folder = Path(f"{settings.NEWSROOM_PURGE_FILE}.keys")
    return folder / hashlib.sha256(name.encode()).hexdigest()


def _tokens(names):
    """The current token of each key in `names`, in order: one round trip.

    Raises CacheAway without a cache.
    """
    if settings.NEWSROOM_PURGE_FILE:
        return [_read_file(_token_file(name)) for name in names]
    keys = [_token_key(name) for name in names]
    found = _shared(cache.get_many, keys)
    return [found.get(key) or _first_token(key) for key in keys]


def _first_token(key):
    """A key the cache does not hold (never purged, or evicted) starts afresh.

    Never "0": a key evicted after its purge must not match pages cached before it.
    """
    _shared(cache.add, key, uuid.uuid4().hex, None)
    return _shared(cache.get, key)


def purge_keys(*names, stale_ok=False):
    """Forget the cached pages that carry any of `names`, and only those.

    `stale_ok` when what they showed is all still public (an edit of a live story):
    readers may then get the old copy while one worker makes the page again. As with
    purge(), again once a surrounding transaction commits. With the shared cache away
    the keys cannot be moved on, so every page is purged instead.
    """
    names = tuple(dict.fromkeys(names))
    if transaction.get_connection().in_atomic_block:
        _next_tokens(names, stale_ok, durable=False)
        transaction.on_commit(lambda: _next_tokens(names, stale_ok))
    else:
        _next_tokens(names, stale_ok)


def _next_tokens(names, stale_ok, durable=True):
    token = uuid.uuid4().hex
    moved = [*names, EPOCH, *([] if stale_ok else [HARD + name for name in names])]
    if settings.NEWSROOM_PURGE_FILE:
        for name in moved:
            _write_generation_file(_token_file(name), token)
        if durable:
            httpcache.purge(names, soft=stale_ok)
        return
    try:
        _shared(cache.set_many, {_token_key(name): token for name in moved}, None)
        count = _count_key_purge() if durable else None
    except CacheAway:
        if durable:
            _next_generation()
        return
    if durable:
        httpcache.purge(names, soft=stale_ok)
        # Outside the change's own transaction, as for a purge of everything.
        number = _bump_database_generation(count, pk=KEY_PURGES_ROW)
        _Worker.known_key_purges = max(_Worker.known_key_purges, number)


def _count_key_purge():
    """One more key purge in the shared cache's count; the new count."""
    try:
        return _shared(cache.incr, KEY_PURGES_KEY)
    except ValueError:  # not there yet
        _shared(cache.add, KEY_PURGES_KEY, 0, None)
        return _shared(cache.incr, KEY_PURGES_KEY)


def remember(name, make, timeout=300):
    """A value shared by many pages (e.g. navigation), forgotten on every purge."""
    try:
        key = f"pagecache:{_generation()}:value:{name}"
        value = _shared(cache.get, key)
    except CacheAway:
        return make()
    if value is None:
        value = make()
        _store(key, value, timeout)
    return value


def _store(key, value, timeout):
    try:
        _shared(cache.set, key, value, timeout)
    except CacheAway:
        pass


def fragment(name, make, lists_stories=False, keys=()):
    """A piece of a page (HTML) kept between requests and forgotten on every purge.

    `name` must say everything the piece depends on besides the published content
    itself (which a purge covers): which story and which version of it, for instance.
    A piece that `lists_stories` (which ones are live) is, like a page, never kept
    past the next scheduled change; one story's card or body need not be. A piece
    showing pictures names the ones it shows (newsroom.rights.shown_key): once a
    licence ends, the name asked for changes and the piece is made again without it.
    A piece that lists stories by what they are about names those `keys` (its story's
    people and tags): a purge of any of them makes it again, and the page showing it
    carries them too.
    """
    return fragments([name], lambda names: [make()], lists_stories, keys)[0]


def fragments(names, make_missing, lists_stories=False, keys=()):
    """Pieces for many `names` at once: one cache round trip to read, one to store.

    `make_missing(names)` makes, in order, the pieces the cache does not have.
    """
    shows(*keys)
    seconds = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS
    if not seconds:
        return make_missing(names)
    now = time.time()
    try:
        # Read before the piece is made: a key purged meanwhile ends this copy.
        generation, tokens = _generation_and_tokens([EPOCH, *keys])
        # Before anything is made: a piece made across a go-live is kept only until then.
        if lists_stories:
            deadline = min(now + seconds, _next_change_at(generation, tokens[0]))
        else:
            deadline = now + seconds
        stamp = hashlib.sha256(":".join(tokens[1:]).encode()).hexdigest()[:16] if keys else ""
        keys = [f"pagecache:{generation}:fragment:{stamp}:{name}" for name in names]
        cached = _shared(cache.get_many, keys)
    except CacheAway:
        return make_missing(names)
    found = {key: hit[0] for key, hit in cached.items() if hit[1] > now}
    wanted = [(key, name) for key, name in zip(keys, names, strict=True) if key not in found]
    if wanted:
        made = dict(
            zip([key for key, _ in wanted], make_missing([n for _, n in wanted]), strict=True)
        )
        found.update(made)
        left = deadline - time.time()
        if left > 0:
            kept = {key: (html, deadline) for key, html in made.items()}
            try:
                _shared(cache.set_many, kept, math.ceil(left))
            except CacheAway:
                pass
    return [found[key] for key in keys]


class _Schedule:
    # Where to ask when content next goes live, expires or stops showing: functions of
    # `now` giving querysets of future moments, each a single column named "moment".
    # The apps that schedule content add theirs when they start, so this module imports
    # no app; all are asked in one query.
    sources = []
    # What to run when a moment asked for has already passed (a change that is made on
    # its moment rather than read at query time): each returns what it did.
    overdue = []


def changes_come_from(moments, when_overdue=None):
    """Tell the cache where to ask when content next goes live, expires or stops showing.

    `moments(now)` returns querysets of `.values(moment=...)` rows after `now`: stories
    going live, stories expiring, pictures whose licence ends. Added once however often.
    A change that is made at its moment, not read at query time, lists its moments even
    once passed, and gives `when_overdue`, which makes the changes due: the first page
    asked for after the moment runs it before it is made.
    """
    if moments not in _Schedule.sources:
        _Schedule.sources.append(moments)
    if when_overdue is not None and when_overdue not in _Schedule.overdue:
        _Schedule.overdue.append(when_overdue)


def next_change(now=None):
    """The next moment anything scheduled happens (a datetime), or None: one query."""
    now = now or timezone.now()
    # Unordered parts: a compound query orders only the whole.
    parts = [part.order_by() for moments in _Schedule.sources for part in moments(now)]
    if not parts:
        return None
    first, *rest = parts
    together = first.union(*rest, all=True) if rest else first
    soonest = together.order_by("moment")[:1]
    return next((row["moment"] for row in soonest), None)


def _next_change_at(generation=None, epoch=None):
    """When the next scheduled change happens (Unix time, or infinity if none is due).

    Asked of the database once per generation and epoch and remembered until that
    moment: any new schedule is saved with a purge, which moves one or the other.
    """
    if generation is None or epoch is None:
        generation, (epoch,) = _generation_and_tokens([EPOCH])
    key = f"pagecache:{generation}:{epoch}:next-change"
    moment = _shared(cache.get, key)
    if moment is None or moment <= time.time():
        upcoming = next_change()
        if upcoming is not None and upcoming.timestamp() <= time.time():
            # A change due by now but not made yet: make it, before any page is.
            for make_due in _Schedule.overdue:
                make_due()
            upcoming = next_change()
        moment = upcoming.timestamp() if upcoming else math.inf
        _store(key, moment, 300)
    return moment


def freshness(now, generation=None, epoch=None):
    """(deadline, stale-while-revalidate) for a page whose making starts at `now`.

    The deadline is the configured time cut at the next scheduled change, taken before
    the page is made: a page begun just before a story goes live and finished just
    after must not outlive that moment. A CDN may serve a stale copy for a short while
    only when no scheduled change falls in that time.
    """
    limit = settings.NEWSROOM_PAGE_CACHE_SECONDS
    change = _next_change_at(generation, epoch)
    deadline = min(now + limit, change)
    stale = max(0, math.floor(min(STALE_SECONDS, change - deadline)))
    return deadline, stale


def _is_reader(request):
    # Staff carry a session cookie; their pages are never shared or cached.
    return request.method in READER_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _cache_key(request, generation):
    # The host is part of the key: a page made for one name of the site is never
    # served under another.
    where = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"pagecache:{generation}:{digest}"


def shows(*names):
    """The page being made shows what `names` stand for: purging any of them forgets it."""
    shown = _shown.get()
    if shown is not None:
        shown.update(names)


_shown = contextvars.ContextVar("pagecache_shown", default=None)
# The generation and key tokens read while one page is made, read once for all its
# pieces: a purge after the first read ends whatever the page keeps, as it ends the page.
_read_for_page = contextvars.ContextVar("pagecache_read_for_page", default=None)


def _make(view, request, args, kwargs, names):
    """(the view's response, rendered, and the keys of all it shows)."""
    shown = {SITE_KEY, *names}
    token, read = _shown.set(shown), _read_for_page.set({})
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    finally:
        _read_for_page.reset(read)
        _shown.reset(token)
    return response, shown


def header_key(name):
    """A key as it travels in a header: no spaces or commas (they separate keys)."""
    return quote(name, safe=":/-_.@|")


def _label(response, shown):
    # For a CDN (Surrogate-Key) or Varnish's xkey to purge it by the same keys.
    keys = " ".join(sorted(header_key(name) for name in shown))
    response["Surrogate-Key"] = keys
    response["xkey"] = keys
    return response


def _stamps(epoch, shown):
    """{key: token} for every key a page just made carries (each with its hard token),
    or None when a key purge happened while it was made: the page may be older than
    the tokens read now, so it is not kept."""
    names = [*shown, *(HARD + name for name in shown)]
    epoch_now, *tokens = _tokens([EPOCH, *names])
    if epoch_now != epoch:
        return None
    # The epoch too: while no key has been purged anywhere since, nothing need be read.
    return {**dict(zip(names, tokens, strict=True)), EPOCH: epoch}


def _state(hit, now, epoch):
    """FRESH, STALE (only purges that let readers have the old copy since), or None."""
    if hit is None or hit[1] <= now:
        return None  # past its deadline, whatever the cache's own expiry says
    stamps = hit[3]
    if stamps.get(EPOCH) == epoch:
        return FRESH  # no key purged anywhere since it was kept
    names = [name for name in stamps if name != EPOCH]
    moved = [
        name for name, token in zip(names, _tokens(names), strict=True) if token != stamps[name]
    ]
    if not moved:
        return FRESH
    return None if any(name.startswith(HARD) for name in moved) else STALE


def _claim_making(key):
    """True for the one worker that makes a purged page again (for MAKING_SECONDS)."""
    try:
        return bool(_shared(cache.add, f"{key}:making", 1, MAKING_SECONDS))
    except CacheAway:
        return True


def _done_making(key):
    try:
        _shared(cache.delete, f"{key}:making")
    except CacheAway:
        pass


def limit_downstream(response, seconds):
    """Let browsers and CDNs keep this page `seconds` at most (the cache here may keep it
    longer: a key purge reaches it, but never a copy downstream)."""
    patch_cache_control(response, max_age=seconds)
    return response


def _downstream_limit(response):
    """The max-age a view set on its own response, if it did (see limit_downstream)."""
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age" and value.isdigit():
            return int(value)
    return None


def _mark_validators(response, key=None):
    """Give a freshly made page its ETag (a hash of its bytes) and Last-Modified.

    Last-Modified is when these bytes were first served: remembered under `key` (one
    page's address, not its generation) so a copy made again unchanged, after a purge
    or its deadline, keeps the time readers were given before. Without a key, or with
    the cache away, now.
    """
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    set_response_etag(response)
    # Replaces a feed's own (its newest story's time), which stays put when a story leaves.
    response["Last-Modified"] = http_date()
    if key is not None and response.has_header("ETag"):
        try:
            known = _shared(cache.get, key)
            if known and known[0] == response["ETag"]:
                response["Last-Modified"] = known[1]
            else:
                _shared(
                    cache.set, key, (response["ETag"], response["Last-Modified"]), MODIFIED_SECONDS
                )
        except CacheAway:
            pass
    return response


def _answer(request, response):
    """A 304 when the reader's copy is still good (by ETag, else by date), else `response`."""
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def _made_for_reader(response):
    return response.status_code == 200 and not response.has_header("Set-Cookie")


def _modified_key(request):
    where = f"{request.get_host()}{request.get_full_path()}"
    return f"pagecache:modified:{hashlib.sha256(where.encode()).hexdigest()}"


def _make_and_keep(view, page, key, epoch, freshness, claimed):
    """Make the page and keep it until its deadline, unless a key purge came meanwhile.

    `claimed`: this worker holds the right to make it (_claim_making), to give back.
    """
    request, args, kwargs, names = page
    deadline, stale = freshness
    try:
        response, shown = _make(view, request, args, kwargs, names)
        if not _made_for_reader(response):
            return response
        # One ETag per cached copy, so a reader's "If-None-Match" gets a 304.
        response = _mark_validators(_label(response, shown), _modified_key(request))
        left = deadline - time.time()
        if left >= 1:
            try:
                stamps = _stamps(epoch, shown)
            except CacheAway:
                stamps = None
            if stamps is not None:
                _store(key, (response, deadline, stale, stamps), math.floor(left))
        return response
    finally:
        if claimed:
            _done_making(key)


def cache_public_page(view=None, *, depends_on=()):
    """Serve readers a cached copy of `view`'s page while it cannot have changed.

    Every page a reader gets carries an ETag and a Last-Modified, and a request whose
    If-None-Match or If-Modified-Since shows the copy it holds is current gets a 304.
    `depends_on` names the keys (formatted with the URL's arguments, as in
    "story:{slug}") the page carries besides those its view reports (shows()):
    purge_keys() of any of them forgets it, as does a purge of everything.
    """
    if view is None:
        return functools.partial(cache_public_page, depends_on=depends_on)
    if isinstance(depends_on, str):
        depends_on = (depends_on,)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return HttpResponse(headers={"Allow": ", ".join([*READER_METHODS, "OPTIONS"])})
        if request.method not in READER_METHODS:
            return HttpResponseNotAllowed([*READER_METHODS, "OPTIONS"])
        if not _is_reader(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        names = [name.format(**kwargs) for name in depends_on]
        if not settings.NEWSROOM_PAGE_CACHE_SECONDS:
            response, shown = _make(view, request, args, kwargs, names)
            if not _made_for_reader(response):
                return response
            _label(response, shown)
            return _answer(request, _mark_validators(response, _modified_key(request)))
        now = time.time()
        try:
            # Read before the page is made: a key purged while it is made ends this copy.
            generation, (epoch,) = _generation_and_tokens([EPOCH])
            key = _cache_key(request, generation)
            deadline, stale = freshness(now, generation, epoch)
            hit = _shared(cache.get, key)
            state = _state(hit, now, epoch)
        except CacheAway:
            response, shown = _make(view, request, args, kwargs, names)
            patch_cache_control(response, no_cache=True)
            if not _made_for_reader(response):
                return response
            return _answer(request, _mark_validators(_label(response, shown)))
        if state == FRESH:
            response, deadline, stale, _ = hit
        elif state == STALE and not _claim_making(key):
            # Another worker is making it again; its keys allow the old copy meanwhile,
            # but no cache downstream may keep it.
            response = hit[0]
            patch_cache_control(response, public=True, max_age=0, s_maxage=0)
            return _answer(request, response)
        else:
            page = (request, args, kwargs, names)
            response = _make_and_keep(view, page, key, epoch, (deadline, stale), state == STALE)
            if not _made_for_reader(response):
                return response
        # Downstream caches get only the life this copy has left, never more, and
        # no more than the view allows them: only those told of purges could be
        # trusted with more, and a CDN is not.
        left = max(0, math.floor(deadline - time.time()))
        limit = _downstream_limit(response)
        if limit is not None:
            left, stale = min(left, limit), 0
        patch_cache_control(
            response,
            public=True,
            max_age=left,
            s_maxage=left,
            stale_while_revalidate=stale if left else 0,
        )
        return _answer(request, response)

    return wrapper
