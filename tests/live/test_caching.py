"""Under a spike the live story stays cheap: its updates endpoint answers from the
cache (a 304 to a reader whose copy is current), and a new update forgets only the
pages that show the story, never the rest of the site's cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from live import entries

UPDATES = "/articles/award-night-live/updates.json"
PAGE = "/articles/award-night-live/"
FEED = "/feeds/live/award-night-live/"


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


def made_afresh(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code in (200, 304), url
    # With a shared cache, a worker also reads the database's generation once a second.
    return any("newsroom_pagegeneration" not in query["sql"] for query in queries)


def test_the_updates_endpoint_answers_from_the_cache_with_an_etag(
    client, live_story, post, page_cache
):
    post(live_story)
    first = client.get(UPDATES)
    assert first["Content-Type"] == "application/json"
    assert not made_afresh(client, UPDATES)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(UPDATES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert len(queries) == 0


def test_browsers_and_cdns_keep_the_live_page_and_its_updates_two_seconds_at_most(
    client, live_story, post, page_cache, make_article
):
    post(live_story)
    for url in (UPDATES, PAGE):
        control = client.get(url)["Cache-Control"]
        assert "public" in control and "max-age=2" in control and "s-maxage=2" in control
        assert "stale-while-revalidate=0" in control
    make_article(slug="ordinary")
    assert "max-age=2," not in client.get("/articles/ordinary/")["Cache-Control"]


def test_a_new_update_forgets_only_the_pages_that_show_the_story(
    client, live_story, post, page_cache, world
):
    person = world["person"].get_absolute_url()
    elsewhere = ["/", world["live"].get_absolute_url(), person, "/feeds/latest/"]
    for url in [PAGE, UPDATES, FEED, *elsewhere]:
        client.get(url)

    entry = post(live_story, "<p>Best Actor: a surprise.</p>")

    assert f'id="entry-{entry.pk}"' in client.get(PAGE).text
    assert client.get(UPDATES).json()["entries"][0]["id"] == entry.pk
    assert "Best Actor: a surprise." in client.get(FEED).text
    for url in elsewhere:
        assert not made_afresh(client, url), url


def test_a_reader_polling_with_an_old_etag_gets_the_new_update(
    client, live_story, post, page_cache
):
    before = client.get(UPDATES)
    post(live_story, "<p>Fresh.</p>")
    after = client.get(UPDATES, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert "Fresh." in after.json()["entries"][0]["html"]


@pytest.mark.parametrize(
    "change",
    [
        lambda entry, by: entries.edit(entry, by, "<p>Changed.</p>", note="Fixed a name."),
        lambda entry, by: entries.set_pinned(entry, by, True),
        lambda entry, by: entries.withdraw(entry, by),
    ],
    ids=["correction", "pin", "withdrawal"],
)
def test_every_change_readers_see_refreshes_the_updates(
    client, live_story, post, page_cache, editor, change
):
    entry = post(live_story, "<p>Original.</p>")
    before = client.get(UPDATES).content
    change(entry, editor)
    assert client.get(UPDATES).content != before


def test_key_points_and_the_end_refresh_the_page(client, live_story, page_cache, editor):
    client.get(PAGE)
    entries.update_coverage(live_story, editor, "A new key point")
    assert "A new key point" in client.get(PAGE).text
    entries.end(live_story, editor)
    assert "Live coverage ended" in client.get(PAGE).text


def test_an_update_waiting_for_approval_leaves_the_cache_alone(
    client, live_story, page_cache, writer, settings
):
    settings.NEWSROOM_LIVE_WRITERS_NEED_APPROVAL = True
    client.get(UPDATES)
    entries.post(live_story, writer, "<p>Waiting.</p>")
    assert not made_afresh(client, UPDATES)
