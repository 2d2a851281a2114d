"""Backup and restore: whatever the desk holds comes back exactly, on either database."""

import datetime
import io
import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from taggit.models import Tag

from articles import previews, revisions, search, workflow
from articles.models import Article, Correction
from newsroom.models import Image
from tests.conftest import jpeg_bytes, role_group
from tests.newsroom.conftest import BUCKET

# A transaction per command, as in production; migrations' rows (the roles) come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEFT_OUT = {ContentType, Permission, Session}  # made by migrate, or sign-ins
HOUR = datetime.timedelta(hours=1)
SEARCHES = ["Klementieff", "Tom Cruz", "Fiat", "red carpet", "premiere", "Paris", "zzyzzx"]


@pytest.fixture(autouse=True)
def _clean_slate():
    """Flushes between transactional tests leave SQLite's full-text tables alone; and
    after a test that flushed, the content types come back with their first ids, which
    this process must not remember from the flush."""
    empty_search_engine()
    yield
    ContentType.objects.clear_cache()


def empty_search_engine():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM article_fts")
            cursor.execute("DELETE FROM person_fts")


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def desk(
    make_article, make_person, make_production, make_credit, make_author, writer, editor, publisher
):
    """The demo, some synthetic stories, and one of everything else the desk keeps."""
    run("load_demo")
    run("make_fake_content", "--articles", "25", "--people", "10", "--images", "2")
    picture = Image.objects.create(
        file=ContentFile(jpeg_bytes(size=(700, 420)), name="carpet.jpg"),
        alt_text="The red carpet",
        credit="Agency",
        focal_x=0.25,
    )
    person = make_person(name="Greta Ellery", slug="greta-ellery", photo=picture)
    show = make_production(title="Night Shift", slug="night-shift", poster=picture)
    make_credit(person, show, character="Nurse Joy", billing=3)
    make_credit(person, show, role="director")
    red_carpet = make_article(
        headline="Greta Ellery's red carpet premiere",
        slug="red-carpet-premiere",
        tags=["Red carpet", "Premieres", "Awards", "Fashion"],
        people=[person],
        productions=[show],
        hero_image=picture,
        bylines=[make_author(name="Agency reporter"), make_author(user=writer, photo=picture)],
    )
    make_article(slug="night-shift", tags=["Red carpet", "Awards", "Night"], people=[person])
    Correction.objects.create(
        article=red_carpet, text="This article was updated.", created_by=editor
    )

    draft = make_article(
        slug="draft", status="draft", publish_at=None, created_by=writer, tags=["Drafts"]
    )
    revisions.record(draft, by=writer)
    Article.objects.filter(pk=draft.pk).update(version=2, headline="A better headline")
    draft.refresh_from_db()
    revisions.record(draft, by=editor)
    workflow.submit(draft, by=writer, note="Ready when you are")
    workflow.approve(draft, by=editor)
    previews.create_link(draft, by=editor)
    previews.revoke(previews.create_link(draft, by=writer))

    Group.objects.create(name="Night desk").permissions.add(
        Permission.objects.get(codename="view_article")
    )
    publisher.user_permissions.add(Permission.objects.get(codename="change_person"))
    TOTPDevice.objects.create(user=publisher, name="Phone")
    StaticDevice.objects.create(user=publisher, name="Backup codes").token_set.create(token="x1")
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(red_carpet.pk),
        object_repr=red_carpet.headline,
        action_flag=CHANGE,
        change_message="Changed headline.",
    )
    return red_carpet


def everything():
    """Every row of every model, with content types and permissions by name (their ids
    are the database's own), each story's tags, each media file's bytes and what search
    finds."""
    names = {
        ContentType: {ct.pk: ct.natural_key() for ct in ContentType.objects.all()},
        Permission: {
            p.pk: p.natural_key() for p in Permission.objects.select_related("content_type")
        },
    }
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model in LEFT_OUT or model._meta.proxy:
            continue
        named = [f for f in model._meta.concrete_fields if f.related_model in names]
        rows[model._meta.label] = [
            {**row, **{f.attname: names[f.related_model].get(row[f.attname]) for f in named}}
            for row in model._base_manager.order_by("pk").values()
        ]
    return {
        "rows": rows,
        "tags": {a.slug: sorted(a.tags.names()) for a in Article.objects.all()},
        "media": media_files(),
        "index": search_engine_rows(),
        "search": {query: found(query) for query in SEARCHES},
    }


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def search_engine_rows():
    """What the database's own engine holds, beyond the stored search entries."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, * FROM article_fts ORDER BY rowid")
            stories = cursor.fetchall()
            cursor.execute("SELECT rowid, * FROM person_fts ORDER BY rowid")
            return stories, cursor.fetchall()
        cursor.execute("SELECT article_id, document FROM articles_searchentry ORDER BY 1")
        return cursor.fetchall()


def found(query):
    results = search.search(query)
    return results.hits, [person.pk for person in results.people], results.corrected


def wipe():
    """An empty database and empty media, as after a disaster and a fresh migrate."""
    call_command("flush", interactive=False, verbosity=0)
    for role in ["Writers", "Editors", "Publishers"]:  # what the migrations make
        role_group(role)
    empty_search_engine()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_restore_brings_back_every_row_tag_file_and_search_result(desk, tmp_path):
    preview = previews.token_for(desk.preview_links.create(expires_at=timezone.now() + HOUR))
    before = everything()
    assert len(before["tags"][desk.slug]) == 4
    assert before["search"]["Klementieff"][0]
    archive = tmp_path / "newsroom.tar.gz"
    output = run("backup", str(archive))
    assert "Backed up" in output
    assert os.stat(archive).st_mode & 0o777 == 0o600  # password hashes, sign-in secrets
    wipe()
    assert Article.objects.count() == 0 and not media_files()

    output = run("restore", str(archive))

    assert f"{len(before['media'])} media files" in output
    after = everything()
    for part in ["tags", "media", "index", "search", "rows"]:
        assert after[part] == before[part], part
    assert previews.active_link(preview).article == desk


def test_new_rows_after_a_restore_get_fresh_ids(make_article, tmp_path):
    make_article(slug="before", tags=["Old tag", "Older tag"])
    archive = tmp_path / "newsroom.tar.gz"
    run("backup", str(archive))
    wipe()
    run("restore", str(archive))
    story = make_article(slug="after", tags=["New tag"])
    assert story.pk > Article.objects.get(slug="before").pk
    assert story.tags.get().pk > max(
        Tag.objects.exclude(name="New tag").values_list("pk", flat=True)
    )
    assert search.search("new tag").hits == [story.pk]


def test_restore_refuses_a_database_that_holds_stories(make_article, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    run("backup", str(archive))
    make_article(headline="Written since the backup")
    with pytest.raises(CommandError, match="--replace"):
        run("restore", str(archive))
    assert Article.objects.get().headline == "Written since the backup"


def test_replace_puts_the_backup_back_over_what_is_there(make_article, make_image, tmp_path):
    kept = make_article(slug="kept", tags=["One", "Two"], hero_image=make_image())
    archive = tmp_path / "newsroom.tar.gz"
    run("backup", str(archive))
    before = everything()
    make_article(slug="since", headline="Written since the backup", tags=["Later"])
    Article.objects.filter(pk=kept.pk).delete()
    run("restore", "--replace", str(archive))
    after = everything()
    for part in ["tags", "media", "index", "search", "rows"]:
        assert after[part] == before[part], part


def test_a_cut_short_archive_restores_nothing(make_article, tmp_path):
    make_article(tags=["One", "Two"])
    archive = tmp_path / "newsroom.tar.gz"
    run("backup", str(archive))
    wipe()
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match="cut short.*The database is as it was"):
        run("restore", str(archive))
    assert not Article.objects.exists()


def test_restore_refuses_a_backup_from_another_schema(make_article, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    run("backup", str(archive))
    wipe()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["articles", "9999_from_the_future", timezone.now()],
        )
    with pytest.raises(CommandError, match="only in this database: articles.9999_from_the_future"):
        run("restore", str(archive))


def test_a_file_missing_from_storage_is_named_and_the_rest_backed_up(make_image, tmp_path):
    kept, lost = make_image(), make_image()
    lost.file.storage.delete(lost.file.name)
    output = run("backup", str(tmp_path / "newsroom.tar.gz"))
    assert lost.file.name in output
    assert kept.file.name not in output
    assert not list(tmp_path.glob("*.partial"))


def test_media_on_object_storage_goes_through_the_storage_api(s3, tmp_path):
    Image.objects.create(
        file=ContentFile(jpeg_bytes(size=(700, 420)), name="carpet.jpg"), alt_text="Carpet"
    )
    before = bucket_files(s3)
    archive = tmp_path / "newsroom.tar.gz"
    run("backup", str(archive))
    wipe()
    for key in before:
        s3.delete_object(Bucket=BUCKET, Key=key)
    run("restore", str(archive))
    assert len(before) > 1
    assert bucket_files(s3) == before


def bucket_files(bucket):
    listed = bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: bucket.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }
