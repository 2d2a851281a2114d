"""A local disk that fills up, for the tests of pictures stored when there is no room."""

import errno
import os
from pathlib import Path

from django.core.files.storage import FileSystemStorage

NO_ROOM = errno.ENOSPC


class FillingDisk(FileSystemStorage):
    """The real local storage with room for `room_for` more files.

    The next file is cut short, as a full disk leaves it: part of it is written,
    then the write fails with "No space left on device".
    """

    def __init__(self, room_for=0, **options):
        super().__init__(**options)
        self.room_for = room_for

    def _save(self, name, content):
        if self.room_for > 0:
            self.room_for -= 1
            return super()._save(name, content)
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = b"".join(content.chunks())
        path.write_bytes(data[: max(1, len(data) // 2)])
        raise OSError(NO_ROOM, os.strerror(NO_ROOM), str(path))


def fill_disk(settings, room_for=0):
    """Make the media storage a disk with room for `room_for` more files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.newsroom.full_disk.FillingDisk",
            "OPTIONS": {"room_for": room_for},
        },
    }


def make_room(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
