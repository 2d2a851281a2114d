"""Key purges on a real Redis that comes back from an old snapshot.

A snapshot taken before a key purge holds the pages that purge ended, and the key's
old token with them. Restored, it must not serve them again: the database counts key
purges too, and a shared cache that has seen fewer is moved to a new generation before
any page is read from it. Needs `redis-server` (CI installs it).
"""

import pytest
from django.test import Client

from live import entries
from live.models import Coverage
from newsroom import pagecache
from tests.newsroom.test_redis_outage import SERVER, server, wait_for_cache_retry  # noqa: F401

pytestmark = [
    pytest.mark.skipif(not SERVER, reason="redis-server is not installed"),
    # Purges happen when saves really commit; the roles come back after a flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_snapshot_from_before_a_key_purge_never_serves_the_pages_it_ended(
    server,  # noqa: F811
    make_article,
    editor,
):
    story = make_article(slug="night-live", is_live_coverage=True)
    Coverage.objects.create(story=story)
    entry = entries.post(story, editor, "<p>Called in error.</p>")
    reader = Client()
    assert "Called in error." in reader.get("/articles/night-live/").text
    assert "Called in error." in reader.get("/articles/night-live/updates.json").text
    server.client.save()  # the snapshot holds both pages, and the key's token

    entries.withdraw(entry, editor)  # a key purge only: the generation stays
    assert "Called in error." not in reader.get("/articles/night-live/").text

    server.stop()
    server.start()
    wait_for_cache_retry()
    assert "Called in error." not in reader.get("/articles/night-live/").text
    assert "Called in error." not in reader.get("/articles/night-live/updates.json").text

    # Again from the same snapshot, for a worker that starts now knowing nothing.
    server.stop()
    server.start()
    pagecache._Worker.known, pagecache._Worker.known_key_purges = 0, 0
    pagecache._Worker.checked_at = float("-inf")
    wait_for_cache_retry()
    assert "Called in error." not in reader.get("/articles/night-live/").text
