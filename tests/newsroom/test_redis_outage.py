"""A real Redis going away and coming back from an old snapshot.

Readers keep getting pages while it is away, editors' actions are saved and reported
as saved, and when it returns holding an old generation (and old pages), nothing an
earlier purge ended is served again. Needs `redis-server` (CI installs it).
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from articles.models import Article, PendingEdit
from newsroom import pagecache
from newsroom.models import PageGeneration
from tests.articles.test_workflow import change_form_data

SERVER = shutil.which("redis-server")

pytestmark = [
    pytest.mark.skipif(
        not SERVER and not os.environ.get("NEWSROOM_REQUIRE_REDIS"),
        reason="redis-server is not installed",
    ),
    # Purges happen when saves really commit; the roles come back after a flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class RedisServer:
    """One redis-server of our own, which saves its snapshot only when told to."""

    def __init__(self, folder):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder = folder
        self.process = None
        self.client = redis.Redis(port=self.port)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
            + ["--dbfilename", "snapshot.rdb", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                if self.client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        """Gone at once, as a crash leaves it: nothing since the last snapshot is kept."""
        self.process.kill()
        self.process.wait()


@pytest.fixture
def server(tmp_path, settings):
    if not SERVER:
        pytest.fail("NEWSROOM_REQUIRE_REDIS is set but redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    # A fresh install: this process knows no generation from earlier tests' databases.
    pagecache._Worker.known, pagecache._Worker.known_key_purges = 0, 0
    pagecache._Worker.checked_at = float("-inf")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.NEWSROOM_PURGE_FILE = ""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 600
    yield server
    server.stop()
    pagecache._Worker.away_until = 0.0


def wait_for_cache_retry():
    time.sleep(pagecache.RETRY_SECONDS + 0.1)


def client_for(user):
    desk = Client()
    desk.force_login(user)
    return desk


def shared_generation(server):
    return int(server.client.get(f":1:{pagecache.GENERATION_KEY}"))


def test_redis_going_away_and_back_from_an_old_snapshot_loses_nothing_and_serves_nothing_stale(
    client, make_article, publisher, editor, server
):
    assert isinstance(caches["default"], RedisCache)
    doomed = make_article(headline="Soon withdrawn scoop", slug="soon-withdrawn")
    other = make_article(headline="A story that stays", slug="stays")
    waiting = make_article(headline="Approved and waiting", status="approved", publish_at=None)

    # Readers fill the cache; Redis writes its snapshot with those pages in it.
    assert client.get("/articles/soon-withdrawn/").status_code == 200
    assert "Soon withdrawn scoop" in client.get("/").text
    server.client.save()
    snapshot_generation = shared_generation(server)

    desk = client_for(publisher)
    answer = desk.post(
        f"/admin/articles/article/{doomed.pk}/workflow/",
        {"action": "withdraw", "note": "Legal asked us to take it down."},
    )
    assert answer.status_code == 302
    assert client.get("/articles/soon-withdrawn/").status_code == 404

    # Redis goes away: readers still get pages, made without the cache.
    server.stop()
    for url in ("/", "/articles/stays/", "/feeds/latest/", "/sitemap.xml", "/people/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/articles/soon-withdrawn/").status_code == 404
    assert "Soon withdrawn scoop" not in client.get("/").text

    # Editors' work is saved, and they are told so.
    answer = desk.post(
        f"/admin/articles/article/{waiting.pk}/workflow/", {"action": "publish"}, follow=True
    )
    assert answer.status_code == 200
    assert "Publish now: done" in answer.text
    assert Article.objects.get(pk=waiting.pk).is_live()
    assert "Approved and waiting" in client.get("/").text
    answer = client_for(editor).post(
        f"/admin/articles/article/{other.pk}/change/",
        change_form_data(other, standfirst="Words typed while the cache was away."),
    )
    assert answer.status_code == 302
    # A live story: the words wait for approval, kept.
    kept = PendingEdit.objects.get(article=other)
    assert kept.snapshot["standfirst"] == "Words typed while the cache was away."
    answer = desk.post(
        f"/admin/articles/article/{other.pk}/workflow/", {"action": "publish_edit"}, follow=True
    )
    assert "readers see them now" in answer.text
    assert "Words typed while the cache was away." in client.get("/articles/stays/").text

    # Redis returns from the old snapshot, with the old generation and the old pages.
    server.start()
    assert shared_generation(server) == snapshot_generation
    wait_for_cache_retry()
    assert client.get("/articles/soon-withdrawn/").status_code == 404
    home = client.get("/").text
    assert "Soon withdrawn scoop" not in home and "Approved and waiting" in home
    assert shared_generation(server) > snapshot_generation

    # Once more from the same snapshot, for a worker that starts now knowing nothing.
    server.stop()
    server.start()
    assert shared_generation(server) == snapshot_generation
    pagecache._Worker.known, pagecache._Worker.checked_at = 0, float("-inf")
    wait_for_cache_retry()
    assert client.get("/articles/soon-withdrawn/").status_code == 404
    generation = PageGeneration.objects.get(pk=pagecache.GENERATION_ROW)
    assert generation.number > snapshot_generation
