"""Brotli or gzip for readers' pages, feeds and sitemaps.

Only for readers: a signed-in person's pages hold secrets (CSRF tokens, drafts) that
compression could help an attacker guess (BREACH), so the admin and anyone with a
session get them as they are. Static files are WhiteNoise's, compressed ahead of time.
A cached page is compressed once per worker: the result is kept under its ETag.
"""

from collections import OrderedDict

import brotli
from django.conf import settings
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

COMPRESSIBLE_TYPES = {
    "text/html",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
}
# Below this many bytes the headers cost more than compression saves.
MIN_LENGTH = 200
# Quality 5: a few milliseconds for a story page, close to the best ratio for text.
BROTLI_QUALITY = 5
KEPT_BODIES = 256


def preferred_encoding(accept_encoding):
    """'br', 'gzip' or None: what the client accepts, brotli first, honouring q=0."""
    wanted = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name.strip():
            wanted[name.strip().lower()] = quality
    for encoding in ("br", "gzip"):
        if wanted.get(encoding, wanted.get("*", 0)) > 0:
            return encoding
    return None


def compress(body, encoding):
    if encoding == "br":
        return brotli.compress(body, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY)
    return compress_string(body)


class _Kept:
    """Compressed bodies by (ETag, encoding), oldest forgotten first."""

    bodies = OrderedDict()

    @classmethod
    def get(cls, etag, encoding, make):
        if not etag:
            return make()
        key = (etag, encoding)
        if key in cls.bodies:
            cls.bodies.move_to_end(key)
            return cls.bodies[key]
        body = cls.bodies[key] = make()
        while len(cls.bodies) > KEPT_BODIES:
            cls.bodies.popitem(last=False)
        return body


def is_for_readers(request):
    if request.path.startswith(reverse("admin:index")):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def is_compressible(response):
    if response.streaming or response.has_header("Content-Encoding"):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in COMPRESSIBLE_TYPES


class CompressionMiddleware:
    """Compress readers' text responses with brotli or gzip, and say they vary by it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not (is_for_readers(request) and is_compressible(response)):
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        encoding = preferred_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding is None or len(response.content) < MIN_LENGTH:
            return response
        etag = response.get("ETag", "")
        body = _Kept.get(etag, encoding, lambda: compress(response.content, encoding))
        if len(body) >= len(response.content):
            return response
        response.content = body
        response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(body))
        if etag.startswith('"'):
            # Another representation of the same page: a weak tag, which still matches
            # If-None-Match (compared weakly), as Django's GZipMiddleware does.
            response["ETag"] = f"W/{etag}"
        return response
