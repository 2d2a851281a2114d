"""Backups: every row and every media file in one archive, and back into an empty site.

The archive is a gzipped tar, read and written front to back:

    manifest.json         format, time, database, applied migrations, rows per model
    database/00001.jsonl  the rows, a few thousand per member, in Django's JSON Lines
    media/<name>          each file a row names (masters, renditions), via the storage API

Rows keep their ids, so the links between them load as they are, on SQLite or
PostgreSQL alike. Only content types and permissions are named instead (natural keys):
`migrate` makes them, with ids that differ from one database to another. No other
natural keys: taggit's is the tagged object's id, so loading tagged items by it keeps
one tag per story.
"""

import datetime
import gzip
import io
import itertools
import json
import os
import tarfile
import time
import zlib
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from newsroom import pagecache
from newsroom.database import refresh_statistics
from newsroom.models import PageGeneration

FORMAT = 1
MANIFEST = "manifest.json"
ROWS_PER_MEMBER = 2000
NAMED = (ContentType, Permission)
# Made by migrate and referred to by name; sign-ins are not worth restoring; the page
# cache's generation only ever grows, so an old copy of it must not come back.
LEFT_OUT = {ContentType, Permission, Session, PageGeneration}
# A freshly migrated database already has these: the desk's roles (a data migration).
MADE_BY_MIGRATIONS = {"auth.group", "auth.group_permissions"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message for the operator."""


def backed_up_models():
    """Every model whose rows go into a backup, link tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model not in LEFT_OUT and model._meta.managed and not model._meta.proxy
    ]


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class RowSerializer(jsonl.Serializer):
    """One line per row, with ids as stored; content types and permissions by name."""

    def handle_fk_field(self, obj, field):
        if field.related_model in NAMED:
            related = getattr(obj, field.name)
            self._current[field.name] = related.natural_key() if related else None
        else:
            super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        pass  # link tables are backed up as rows of their own: a query per table, not per row

    def end_object(self, obj):
        # json.dumps runs in C where json.dump (to a stream) does not: three times faster.
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


def rows_of(model):
    """All of a model's rows in id order, with the names of what they refer to."""
    named = []
    for field in model._meta.concrete_fields:
        if field.related_model is ContentType:
            named.append(field.name)
        elif field.related_model is Permission:
            named.append(f"{field.name}__content_type")
    return model._base_manager.select_related(*named).order_by("pk")


def media_names():
    """Each file a row names, once: what the archive must hold besides the rows."""
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names = model._base_manager.values_list(field.name, flat=True)
                yield from (name for name in names.distinct().order_by().iterator() if name)


@contextmanager
def snapshot():
    """Read the whole database as it was at one moment, while the site keeps writing."""
    if connection.in_atomic_block:
        yield  # already inside one transaction (a test, or a caller's own)
    elif connection.vendor == "sqlite":
        # Settings make transactions BEGIN IMMEDIATE, which takes the write lock and
        # would hold every save for the whole backup. A deferred one reads its own
        # snapshot of the WAL while saves carry on.
        connection.ensure_connection()  # the mode is read from settings on connecting
        mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode
    else:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


def applied_migrations():
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _add(tar, name, data, mtime):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), mtime, 0o600
    tar.addfile(info, io.BytesIO(data))


def _forget_members(tar):
    # tarfile keeps every member's header for the archive's index; a backup of a large
    # library would hold hundreds of thousands of them. Nothing here looks back.
    tar.members.clear()


def write(path, warn=print):
    """Write the archive to `path`; return a Counter of rows, media files and missing files.

    The archive is written beside `path` and moved into place when complete, so a
    failed backup never leaves a cut-short file under the expected name. It holds
    password hashes and sign-in secrets, so only its owner may read it.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"There is no folder {path.parent} to write the backup in.")
    partial = path.with_name(f"{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as out,
            tarfile.open(fileobj=out, mode="w:gz", compresslevel=6) as tar,
        ):
            summary = _write_members(tar, warn)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)
    return summary


def _write_members(tar, warn):
    now = int(time.time())
    summary = Counter()
    with snapshot():
        chosen = backed_up_models()
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "rows": {model._meta.label_lower: model._base_manager.count() for model in chosen},
        }
        _add(tar, MANIFEST, json.dumps(manifest, indent=1).encode(), now)
        numbers = itertools.count(1)
        for model in chosen:
            rows = rows_of(model).iterator(chunk_size=ROWS_PER_MEMBER)
            while batch := list(itertools.islice(rows, ROWS_PER_MEMBER)):
                text = io.StringIO()
                RowSerializer().serialize(batch, stream=text, cls=ExactEncoder)
                _add(tar, f"database/{next(numbers):05}.jsonl", text.getvalue().encode(), now)
                summary["rows"] += len(batch)
            _forget_members(tar)
        for name in media_names():
            try:
                stored = default_storage.open(name, "rb")
            except FileNotFoundError:
                warn(f"Missing from media storage, not in the backup: {name}")
                summary["missing files"] += 1
                continue
            with stored:
                info = tarfile.TarInfo(f"media/{name}")
                info.size, info.mtime, info.mode = stored.size, now, 0o600
                tar.addfile(info, stored)
            summary["files"] += 1
            _forget_members(tar)
    return summary


def restore(path, replace=False):
    """Load an archive into this site; return a Counter of rows and files restored.

    The database must hold nothing but what `migrate` makes, unless `replace`: then
    every table the archive fills (and every sign-in) is emptied first. All rows load
    in one transaction, committed only once every file is written, so a failure
    leaves the database as it was.
    """
    try:
        archive = tarfile.open(path, "r:*")
    except FileNotFoundError as error:
        raise BackupError(f"There is no file {path}.") from error
    except tarfile.TarError as error:
        raise BackupError(f"{path} is not a newsroom backup (not a tar archive).") from error
    try:
        with archive as tar:
            manifest = _read_manifest(path, tar)
            _check_migrations(manifest)
            if not replace:
                _check_empty()
            summary = _load_all(tar, manifest)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            f"{path} is damaged or cut short ({error}). The database is as it was."
        ) from error
    except DeserializationError as error:
        raise BackupError(
            f"A row in {path} could not be loaded ({error}). The database is as it was."
        ) from error
    refresh_statistics()
    pagecache.purge()
    return summary


def _load_all(tar, manifest):
    # Rows name their content types; ids this process cached may predate a flush.
    ContentType.objects.clear_cache()
    with transaction.atomic():
        _empty_tables()
        summary, loaded = _load(tar)
        _check_rows(manifest, loaded)
        connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
        _reset_sequences(loaded)
        _refill_search()
    return summary


def _read_manifest(path, tar):
    member = tar.next()
    if member is None or member.name != MANIFEST:
        raise BackupError(f"{path} is not a newsroom backup: it does not start with a manifest.")
    manifest = json.load(tar.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is a backup in format {manifest.get('format')}; "
            f"this release reads format {FORMAT}."
        )
    return manifest


def _check_migrations(manifest):
    theirs, ours = set(manifest["migrations"]), set(applied_migrations())
    if theirs == ours:
        return
    differences = [f"only in the backup: {name}" for name in sorted(theirs - ours)]
    differences += [f"only in this database: {name}" for name in sorted(ours - theirs)]
    shown = "; ".join(differences[:5]) + ("; …" if len(differences) > 5 else "")
    raise BackupError(
        "The backup was made at a different database schema than this one has "
        f"({shown}). Restore it with the release that made it, then run migrate."
    )


def _check_empty():
    found = []
    for model in backed_up_models():
        if model._meta.label_lower in MADE_BY_MIGRATIONS or model._meta.auto_created:
            continue  # link tables have rows only where the rows they link are counted
        count = model._base_manager.count()
        if count:
            names = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            found.append(f"{count} {names}")
    if found:
        shown = ", ".join(found[:6]) + (", …" if len(found) > 6 else "")
        raise BackupError(
            f"This database already holds content ({shown}). Restore into a freshly "
            "migrated database, or add --replace to delete it all and restore over it."
        )


def _empty_tables():
    tables = [model._meta.db_table for model in [*backed_up_models(), Session]]
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables):
            cursor.execute(statement)


def _load(tar):
    summary, loaded = Counter(), Counter()
    while (member := tar.next()) is not None:
        if member.name.startswith("database/"):
            rows = jsonl.Deserializer(tar.extractfile(member), handle_forward_references=False)
            for row in rows:
                # Straight in: no save() of ours runs (no renditions, no re-indexing).
                row.save(force_insert=True)
                loaded[type(row.object)] += 1
                summary["rows"] += 1
        elif member.name.startswith("media/") and member.isfile():
            name = member.name.removeprefix("media/")
            if default_storage.exists(name):
                default_storage.delete(name)  # --replace over the same files
            saved = default_storage.save(name, File(tar.extractfile(member), name=name))
            if saved != name:
                raise BackupError(
                    f"Media storage saved {name} as {saved}. The database is as it was."
                )
            summary["files"] += 1
        _forget_members(tar)
    return summary, loaded


def _check_rows(manifest, loaded):
    counts = {model._meta.label_lower: count for model, count in loaded.items()}
    short = {
        label: (expected, counts.get(label, 0))
        for label, expected in manifest["rows"].items()
        if counts.get(label, 0) != expected
    }
    if short:
        shown = "; ".join(
            f"{label}: {found} of {expected}" for label, (expected, found) in short.items()
        )
        raise BackupError(
            f"The archive does not hold the rows its manifest lists ({shown}). "
            "The database is as it was."
        )


def _reset_sequences(loaded):
    # New rows must get ids after the restored ones (what `sqlsequencereset` prints).
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
            cursor.execute(statement)


def _refill_search():
    from articles import search  # the articles app depends on this one, not the other way

    search.refill()
