"""On one box without Redis, every worker keeps its own cached pages; a purge made by
any of them (the one that saved the story) must still reach all the others."""

import os
import subprocess
import sys

from articles.models import Article

PURGE_IN_ANOTHER_PROCESS = (
    "import django; django.setup(); from newsroom import pagecache; pagecache.purge()"
)


def purge_in_another_worker(settings):
    subprocess.run(
        [sys.executable, "-c", PURGE_IN_ANOTHER_PROCESS],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_DEBUG": "1",
            "NEWSROOM_PURGE_FILE": settings.NEWSROOM_PURGE_FILE,
        },
        check=True,
    )


def test_a_purge_in_another_worker_reaches_pages_cached_here(client, make_article, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(headline="Before the change")
    assert "Before the change" in client.get("/").text
    # Another worker saves the story: the database changes, this worker's memory does not.
    Article.objects.filter(pk=story.pk).update(headline="After the change")
    assert "Before the change" in client.get("/").text

    purge_in_another_worker(settings)

    page = client.get("/").text
    assert "After the change" in page
    assert "Before the change" not in page


def test_the_shared_purge_file_is_replaced_whole(settings):
    from newsroom import pagecache

    pagecache.purge()
    first = pagecache._generation()
    pagecache.purge()
    assert pagecache._generation() not in ("0", first)
    assert os.listdir(os.path.dirname(settings.NEWSROOM_PURGE_FILE)).count("page-generation") == 1


def test_a_page_cached_between_a_save_and_its_commit_is_forgotten_at_the_commit(
    client, make_article, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(headline="Old headline")
    old_row = {"headline": "Old headline", "updated_at": story.updated_at}
    with django_capture_on_commit_callbacks(execute=True):
        story.headline = "New headline"
        story.save()  # purges, but the change is not committed yet
        new_row = {"headline": "New headline", "updated_at": story.updated_at}
        # Meanwhile another worker, which still sees the old row, caches the page.
        Article.objects.filter(pk=story.pk).update(**old_row)
        assert "Old headline" in client.get("/").text
        Article.objects.filter(pk=story.pk).update(**new_row)
    assert "New headline" in client.get("/").text  # the commit purged again
