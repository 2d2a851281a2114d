"""Purging by key: a change that shows on a few pages forgets those pages, and only them.

A page names the keys it depends on (cache_public_page's depends_on, e.g. a story's
page depends on "story:<slug>"); purge_keys() forgets every page that depends on a key
it names, on every worker, at once and again when a surrounding transaction commits.
"""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsroom import pagecache


def made_afresh(client, url):
    """True when `url` was made now (it queried), False when it came from the cache."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # With a shared cache, a worker also reads the database's generation once a second.
    return any("newsroom_pagegeneration" not in query["sql"] for query in queries)


def test_a_key_purge_forgets_the_pages_that_depend_on_it_and_no_others(
    client, make_article, settings
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(slug="keyed", headline="Keyed story")
    other = make_article(slug="other")
    for url in ("/", "/articles/keyed/", "/articles/other/"):
        client.get(url)
    Article.objects.filter(pk=story.pk).update(standfirst="A quiet change.")

    pagecache.purge_keys(story.page_key)

    assert "A quiet change." in client.get("/articles/keyed/").text
    assert not made_afresh(client, "/")
    assert not made_afresh(client, other.get_absolute_url())


def test_a_purge_of_everything_still_reaches_pages_with_keys(client, make_article, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(slug="keyed")
    client.get("/articles/keyed/")
    pagecache.purge()
    assert made_afresh(client, story.get_absolute_url())


def test_keys_are_told_apart(client, make_article, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    make_article(slug="one")
    make_article(slug="two")
    client.get("/articles/one/")
    client.get("/articles/two/")
    pagecache.purge_keys("story:one")
    assert made_afresh(client, "/articles/one/")
    assert not made_afresh(client, "/articles/two/")


PURGE_KEY_IN_ANOTHER_PROCESS = (
    "import django; django.setup(); from newsroom import pagecache; "
    "pagecache.purge_keys('story:elsewhere')"
)


def test_a_key_purge_in_another_worker_reaches_pages_cached_here(client, make_article, settings):
    if not settings.NEWSROOM_PURGE_FILE:
        pytest.skip(
            "with a shared cache every worker reads it (tests/newsroom/test_redis_cache.py)"
        )
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(slug="elsewhere", standfirst="Before.")
    client.get("/articles/elsewhere/")
    Article.objects.filter(pk=story.pk).update(standfirst="After.")
    assert "Before." in client.get("/articles/elsewhere/").text
    subprocess.run(
        [sys.executable, "-c", PURGE_KEY_IN_ANOTHER_PROCESS],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_DEBUG": "1",
            "NEWSROOM_PURGE_FILE": settings.NEWSROOM_PURGE_FILE,
        },
        check=True,
    )
    assert "After." in client.get("/articles/elsewhere/").text


def test_a_page_cached_between_a_key_purge_and_its_commit_is_forgotten_at_the_commit(
    client, make_article, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(slug="committed", standfirst="Old words.")
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.purge_keys(story.page_key)
        # Another worker, not seeing the change yet, caches the old page meanwhile.
        assert "Old words." in client.get("/articles/committed/").text
        Article.objects.filter(pk=story.pk).update(standfirst="New words.")
    assert "New words." in client.get("/articles/committed/").text


def test_without_a_purge_file_a_key_lives_in_the_cache_itself(client, make_article, settings):
    """The shared-cache path (as with Redis), on this process's memory."""
    settings.NEWSROOM_PURGE_FILE = ""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(slug="shared")
    client.get("/articles/shared/")
    client.get("/")
    pagecache.purge_keys(story.page_key)
    assert made_afresh(client, "/articles/shared/")
    assert not made_afresh(client, "/")


def test_an_evicted_key_never_brings_back_pages_it_had_ended(client, make_article, settings):
    from django.core.cache import cache

    settings.NEWSROOM_PURGE_FILE = ""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(slug="evicted", standfirst="First words.")
    client.get("/articles/evicted/")  # cached under the key's first token
    Article.objects.filter(pk=story.pk).update(standfirst="Second words.")
    pagecache.purge_keys(story.page_key)
    # The cache lets go of the key's new token, and of the mark of the last key purge.
    cache.delete_many([pagecache._token_key(story.page_key), pagecache._token_key(pagecache.EPOCH)])
    assert "Second words." in client.get("/articles/evicted/").text
