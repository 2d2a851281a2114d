"""Purging the HTTP caches in front of the app (Varnish with xkey) by key.

Pages carry their keys in the xkey and Surrogate-Key headers (newsroom.pagecache);
each purge here goes to every address in NEWSROOM_HTTP_CACHE_PURGE_URLS as a PURGE
request naming the keys, which deploy/varnish/newsroom.vcl accepts from the app's
addresses only. A cache that cannot be reached is logged, never an error for the
change that asked: its pages still end at their deadline (their max-age).
"""

import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

# A purge waits this long for each cache at most: an editor's save waits with it.
TIMEOUT_SECONDS = 2


def purge(keys, soft=False):
    """Ask every HTTP cache to drop the pages carrying any of `keys`.

    `soft`: the cache may still serve them while it fetches them again (its grace),
    for changes that take nothing away from readers.
    """
    from newsroom.pagecache import header_key  # pagecache imports this module

    if not settings.NEWSROOM_HTTP_CACHE_PURGE_URLS or not keys:
        return
    headers = {"xkey-purge": " ".join(header_key(key) for key in keys)}
    if soft:
        headers["xkey-soft"] = "1"
    for url in settings.NEWSROOM_HTTP_CACHE_PURGE_URLS:
        request = urllib.request.Request(url, method="PURGE", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
                answer.read()
        except (OSError, urllib.error.URLError) as error:
            logger.warning("HTTP cache purge of %s at %s failed: %s", headers, url, error)
