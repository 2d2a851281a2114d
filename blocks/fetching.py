"""Fetching from a provider: its oEmbed answer and its thumbnail, and nothing else.

Every fetch has a deadline for the whole answer (not only per read, so a server
dripping bytes cannot hold a desk request open) and a size cap, and follows
redirects only to https. The server's own words never reach the desk: the
errors say, in the desk's words, what went wrong.
"""

import ipaddress
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

CHUNK = 64 * 1024


class FetchError(Exception):
    """The provider could not be reached, was too slow, or answered with something unusable."""


class Unreachable(FetchError):
    pass


class TooSlow(FetchError):
    pass


class TooBig(FetchError):
    pass


class Unusable(FetchError):
    """The answer came, but is not what was asked for (not JSON, not a picture)."""


class Refused(FetchError):
    """The provider answered with an error status (`status`): a private or deleted post, say."""

    def __init__(self, status):
        super().__init__(f"answered {status}")
        self.status = status


def origin(url):
    parts = urlsplit(url)
    return (parts.scheme, parts.netloc.lower())


def may_fetch(url, trusted=""):
    """An https address on a named host, or one on the `trusted` origin (the configured endpoint).

    IP literals and localhost are refused over https too: a provider's answer names
    pictures on its own servers, never on ours.
    """
    parts = urlsplit(url)
    if trusted and origin(url) == origin(trusted):
        return True
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        return False
    host = parts.hostname.rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host != "localhost" and not host.endswith(".localhost") and "." in host
    return False


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 3

    def __init__(self, trusted):
        super().__init__()
        self.trusted = trusted

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not may_fetch(newurl, self.trusted):
            raise Unreachable(f"redirected to an address we do not follow: {newurl[:80]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(trusted):
    # Only web addresses: no file:, ftp: or data: handlers behind a redirect.
    opener = urllib.request.OpenerDirector()
    for handler in [
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(trusted),
    ]:
        opener.add_handler(handler)
    return opener


def fetch(url, *, limit, accept, trusted=""):
    """(content type, body) of a GET of `url`; FetchError when it cannot be had in time and size.

    `trusted` is the configured endpoint the address came from: its origin may be
    plain http (a test's or a local stand-in server).
    """
    if not may_fetch(url, trusted):
        raise Unreachable(f"not an address we fetch: {url[:80]}")
    timeout = settings.NEWSROOM_EMBED_LOOKUP_SECONDS
    deadline = time.monotonic() + timeout
    headers = {"Accept": accept, "User-Agent": f"{settings.SITE_NAME} ({settings.SITE_URL})"}
    request = urllib.request.Request(url, headers=headers)
    try:
        with _opener(trusted).open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise TooBig(f"{declared} bytes")
            body = _read(response, limit, deadline)
            return response.headers.get_content_type(), body
    except urllib.error.HTTPError as error:
        raise Refused(error.code) from error
    except TimeoutError as error:
        raise TooSlow(str(error)) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        if isinstance(getattr(error, "reason", None), TimeoutError):
            raise TooSlow(str(error)) from error
        raise Unreachable(str(error)) from error


def _read(response, limit, deadline):
    body = bytearray()
    while True:
        if time.monotonic() > deadline:
            raise TooSlow("the answer took too long")
        chunk = response.read1(min(CHUNK, limit + 1 - len(body)))
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise TooBig(f"over {limit} bytes")
