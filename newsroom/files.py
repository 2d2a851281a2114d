"""Storing files so that a failed save leaves none behind.

Storage has no transactions: a full disk leaves the file it was writing cut short,
and files written before a failure outlive the rows the database rolls back. Files
stored with `store()` inside `all_or_nothing()` share their rows' fate: both are
kept, or neither.
"""

import contextvars
import errno
import logging
from contextlib import contextmanager

from django.db import transaction

logger = logging.getLogger(__name__)

# What a storage says when it has no room left: a full disk, or a spent quota.
FULL = {errno.ENOSPC, errno.EDQUOT}

# The files stored inside the innermost all_or_nothing() block of this thread.
_stored = contextvars.ContextVar("stored_files", default=None)


class NoRoom(Exception):
    """The storage is full, so nothing of the save was kept; the message is for the person."""

    def __init__(self):
        super().__init__(
            "The server has no room for this picture: its storage is full, so nothing was "
            "saved. Ask the technical staff to make room, then save again (choosing the file "
            "again if you were uploading one)."
        )


def store(field_file, name, content):
    """Save `content` as the file of `field_file`, named by its field from `name`; return the name.

    A file cut short is removed at once; a full storage raises NoRoom.
    """
    field, storage = field_file.field, field_file.storage
    name = field.generate_filename(field_file.instance, name)
    try:
        name = storage.save(name, content, max_length=field.max_length)
    except Exception as error:
        # The names given here are random (image_upload_to, images._file_name), so
        # whatever a failed save wrote is under the name it was asked for.
        _remove([(storage, name)])
        if isinstance(error, OSError) and error.errno in FULL:
            raise NoRoom from error
        raise
    stored = _stored.get()
    if stored is not None:
        stored.append((storage, name))
    setattr(field_file.instance, field.attname, name)
    return name


@contextmanager
def all_or_nothing():
    """A transaction that also removes the files stored inside it if it fails."""
    stored = []
    token = _stored.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _remove(stored)
        raise
    finally:
        _stored.reset(token)
    enclosing = _stored.get()
    if enclosing is not None:
        enclosing.extend(stored)  # still to be removed if the enclosing block fails


def _remove(files):
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:  # the failure being handled matters more than this one
            logger.exception("Could not remove %s from storage", name)
