"""Renditions and the search index are made by the worker, off the request path.

These tests use the real database queue (django-tasks-db) and its real worker
(`manage.py db_worker --batch`), on committed rows: in a separate process when the
test database can be seen from one (PostgreSQL), else in this one (SQLite in memory).
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from articles import search, workflow
from newsroom import images
from newsroom.models import Image, Rendition
from tests.newsroom import pictures
from tests.newsroom.test_image_admin import ADD_URL, UPLOAD_URL, add_form, media_files, upload

ROOT = Path(__file__).resolve().parents[2]
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue(settings, transactional_db):
    """The database queue, as in production: nothing runs until the worker does."""
    settings.TASKS = QUEUE
    settings.NEWSROOM_RENDITION_WIDTHS = [320, 640, 960, 1280, 1920]


def run_worker(settings):
    """Run every queued task with the real worker command, then return."""
    if connection.vendor == "sqlite":  # an in-memory test database: only this process sees it
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        return
    database = django_settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    environment = {
        **os.environ,
        # The test database, which the runner named after the configured one.
        "DATABASE_URL": (
            f"postgres://{database['USER']}{password}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "NEWSROOM_RENDITION_WIDTHS": ",".join(map(str, settings.NEWSROOM_RENDITION_WIDTHS)),
        "NEWSROOM_PURGE_FILE": settings.NEWSROOM_PURGE_FILE,
        "NEWSROOM_TASKS": "database",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    subprocess.run([*command, "--no-reload"], cwd=ROOT, env=environment, check=True, timeout=120)


def rendition_files(settings, image):
    return [path for path in media_files(settings) if path.name != Path(image.file.name).name]


def test_an_upload_answers_before_any_rendition_is_made_and_the_worker_makes_them(
    queue, settings, admin_user, client
):
    client.force_login(admin_user)
    response = client.post(ADD_URL, add_form(pictures.phone_jpeg(size=(1400, 1000))))
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file and image.width == 1400
    assert Rendition.objects.count() == 0 and rendition_files(settings, image) == []
    run_worker(settings)
    image.refresh_from_db()
    assert image.renditions.exclude(file="").count() == 2 * 5 + 4
    assert len(rendition_files(settings, image)) == 2 * 5 + 4
    assert len(image.renditions_index) == 2 * 5 + 4


def test_a_set_of_uploads_queues_its_renditions(queue, settings, admin_user, client):
    client.force_login(admin_user)
    files = [upload(pictures.phone_jpeg(size=(900, 600)), f"set-{n}.jpg") for n in range(3)]
    response = client.post(UPLOAD_URL, {"files": files, "credit": "Getty Images"})
    assert response.status_code in (200, 302)
    assert Image.objects.count() == 3 and Rendition.objects.count() == 0
    run_worker(settings)
    assert Rendition.objects.exclude(file="").count() == 3 * (2 * 3 + 4)


def test_a_page_seen_before_the_worker_shows_a_working_picture_then_srcset_after_it(
    queue, settings, client, make_article
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60  # the page is cached while it has no srcset
    master = pictures.phone_jpeg(size=(1600, 1000))
    image = Image.objects.create(
        file=upload(master), alt_text="Zendaya on the carpet", credit="Agency"
    )
    article = make_article(hero_image=image)
    image.refresh_from_db()
    text = client.get(article.get_absolute_url()).text
    fallback = images.fallback_url(image)
    assert f'src="{fallback}"' in text and "srcset" not in text
    assert image.file.url not in text  # never the master
    assert f"{settings.SITE_URL}{images.fallback_url(image, kind='og')}" in text  # share card
    feed = client.get("/feeds/latest/").text
    assert f'<enclosure length="0" type="image/jpeg" url="{settings.SITE_URL}{fallback}"' in feed
    assert image.file.url not in feed

    answer = client.get(fallback)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert answer.content != image.file.read()
    served = PILImage.open(io.BytesIO(answer.content))
    assert served.format == "JPEG" and served.size == (1280, 800)
    assert b"GPS" not in answer.content  # made from the cleaned master, with only its marks
    assert client.get(fallback).content == answer.content  # made once, then read back

    run_worker(settings)
    text = client.get(article.get_absolute_url()).text  # the cached page was purged
    assert ".webp 1600w" in text and ".jpeg 320w" in text
    assert fallback not in text


def test_the_fallback_of_a_picture_whose_licence_ended_is_not_given(queue, client, now):
    image = Image.objects.create(
        file=upload(pictures.phone_jpeg(size=(700, 500))), alt_text="Gone", expire_at=now
    )
    image.refresh_from_db()
    assert client.get(images.fallback_url(image)).status_code == 404


def test_the_fallback_gives_only_the_renditions_a_picture_has(queue, client):
    image = Image.objects.create(file=upload(pictures.phone_jpeg(size=(700, 500))), alt_text="A")
    image.refresh_from_db()
    url = images.fallback_url(image)
    assert client.get(url).status_code == 200
    # Ids are counted: without the version, taken from the master's random name, no picture.
    guessed = url.replace(images.master_version(image), "0" * 16)
    assert client.get(guessed).status_code == 404
    assert client.get(url.replace("-700.jpg", "-5000.jpg")).status_code == 404
    assert client.get(url.replace("width-", "cover-")).status_code == 404


def test_search_finds_a_story_once_the_worker_has_indexed_it(queue, settings, make_article):
    article = make_article(headline="Klementina opens the festival")
    assert search.search("Klementina").hits == []  # not indexed by the save itself
    run_worker(settings)
    assert search.search("Klementina").hits == [article.pk]
    article.headline = "Marguerite opens the festival"
    article.save()
    run_worker(settings)
    assert search.search("Marguerite").hits == [article.pk]
    assert search.search("Klementina").hits == []


def test_cached_search_pages_follow_the_index_and_drop_a_withdrawn_story_at_once(
    queue, settings, make_article, publisher, client
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    first = make_article(headline="Klementina opens the festival")
    run_worker(settings)
    assert "Klementina opens" in client.get("/search/?q=Klementina").text
    # A new story is found once the worker has indexed it, though the page was cached.
    second = make_article(headline="Klementina closes the festival")
    assert "Klementina closes" not in client.get("/search/?q=Klementina").text  # not yet
    run_worker(settings)
    page = client.get("/search/?q=Klementina").text
    assert "Klementina opens" in page and "Klementina closes" in page
    # An edit shows once the index has it too.
    first.headline = "Klementina opens the festival in the rain"
    first.save()
    run_worker(settings)
    assert "in the rain" in client.get("/search/?q=Klementina").text
    # A withdrawn story leaves at once, before any worker runs.
    workflow.withdraw(second, by=publisher, note="Legal asked.")
    page = client.get("/search/?q=Klementina").text
    assert "Klementina closes" not in page and "in the rain" in page


def test_a_story_saved_with_its_tags_and_people_queues_one_index_task(
    queue, settings, make_article, make_person
):
    people = [make_person(), make_person()]
    with transaction.atomic():
        article = make_article(headline="Ottoline at the premiere", tags=["film", "red carpet"])
        article.people.set(people)
    queued = DBTaskResult.objects.filter(task_path="articles.search.index_stories")
    assert queued.count() == 1
    assert queued.get().args_kwargs["args"] == [[article.pk]]
    with transaction.atomic():
        article.headline = "Ottoline leaves early"
        article.save()
        transaction.set_rollback(True)
    assert queued.count() == 1  # a rolled-back save queues nothing
    run_worker(settings)
    assert search.search("Ottoline premiere").hits == [article.pk]
