"""Start-up checks for settings that would otherwise fail only when an editor saves."""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


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
