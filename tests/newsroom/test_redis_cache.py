"""The shared cache on a real Redis: what one server caches or purges, all servers see.

Runs when REDIS_URL is set (CI starts a Redis server and sets NEWSROOM_REQUIRE_REDIS,
which turns the skip into a failure).
"""

import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from articles import workflow
from newsroom import pagecache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL") and not os.environ.get("NEWSROOM_REQUIRE_REDIS"),
    reason="set REDIS_URL to run the shared-cache tests against a Redis server",
)


@pytest.fixture(autouse=True)
def _redis_required():
    if os.environ.get("NEWSROOM_REQUIRE_REDIS") and not os.environ.get("REDIS_URL"):
        pytest.fail("NEWSROOM_REQUIRE_REDIS is set but REDIS_URL is not")


def another_server():
    """A second, independent connection to the same cache, as another app server has."""
    return caches.create_connection("default")


def test_the_configured_cache_is_redis():
    assert isinstance(caches["default"], RedisCache)


def test_a_purge_on_one_server_is_seen_by_another(db):
    other = another_server()
    before = other.get(pagecache.GENERATION_KEY)
    pagecache.purge()
    assert other.get(pagecache.GENERATION_KEY) == (before or 0) + 1


def test_publishing_on_one_server_refreshes_pages_cached_by_another(
    client, make_article, publisher, settings
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(headline="Shared-cache scoop", status="approved", publish_at=None)
    assert "Shared-cache scoop" not in client.get("/").text  # cached in Redis now
    workflow.publish(story, by=publisher)
    assert "Shared-cache scoop" in client.get("/").text
