"""The site's public address, the one source of every absolute URL it prints.

Never the request's Host header: a cached page, feed or sitemap built for one request
is served to every reader, so an address taken from the request that filled the cache
would be given to all of them.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute(url):
    """`url` (a path such as "/articles/x/") on the public site; absolute URLs are kept."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):  # a storage or CDN address without its scheme
        return f"{protocol()}:{url}"
    return f"{settings.SITE_URL}{url}"


def protocol():
    """The scheme SITE_URL names: https, or http in development."""
    return urlsplit(settings.SITE_URL).scheme


def domain():
    """SITE_URL's host, with its port if it names one."""
    return urlsplit(settings.SITE_URL).netloc
