"""Start-up checks for settings that would otherwise fail only when an editor saves."""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@register()
def purge_file_is_writable(app_configs, **kwargs):
    """Every edit, publish and withdrawal writes the purge file; a folder this process
    cannot write to would turn each of them into an error page."""
    if not settings.NEWSROOM_PURGE_FILE:
        return []
    folder = Path(settings.NEWSROOM_PURGE_FILE).parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folder is made on the first purge
    if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
        return []
    return [
        Error(
            f"The page cache's purge file {settings.NEWSROOM_PURGE_FILE} cannot be written.",
            hint="Set NEWSROOM_PURGE_FILE to a path in a writable folder, or use REDIS_URL.",
            id="newsroom.E001",
        )
    ]


@register()
def site_url_is_an_address(app_configs, **kwargs):
    """Every absolute link (feeds, sitemaps, canonical and share tags) starts with SITE_URL."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme in {"http", "https"} and parts.netloc and not parts.path:
        return []
    return [
        Error(
            f"SITE_URL {settings.SITE_URL!r} is not a site's address.",
            hint="Give the scheme and host the public reaches the site at, "
            "e.g. https://news.example.org, with no path.",
            id="newsroom.E002",
        )
    ]


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """The development default would send readers and crawlers to this machine."""
    if settings.DEBUG or urlsplit(settings.SITE_URL).hostname not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL}: feeds, sitemaps and share tags would link there.",
            hint="Set SITE_URL to the public address, e.g. https://news.example.org.",
            id="newsroom.W001",
        )
    ]
