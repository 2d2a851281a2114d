"""An update posted on the desk reaches the story's page, its updates and its feed;
pinned, corrected, withdrawn and waiting updates each show as such."""

import feedparser
import pytest

from live import entries
from live.models import Entry, EntryCorrection

UPDATES = "/articles/award-night-live/updates.json"
FEED = "/feeds/live/award-night-live/"
PAGE = "/articles/award-night-live/"


def main(client):
    """The page's main content: the head repeats updates in its structured data."""
    text = client.get(PAGE).text
    return text[text.index("<main") :]


def updates(client):
    response = client.get(UPDATES)
    assert response.status_code == 200
    return response.json()


def test_a_posted_update_is_on_the_page_in_the_updates_and_in_the_feed(client, live_story, post):
    entry = post(
        live_story, "<p>Zendaya takes <strong>Best Actress</strong>.</p>", headline="Zendaya wins"
    )

    page = client.get(PAGE).text
    assert f'id="entry-{entry.pk}"' in page
    assert "Zendaya takes <strong>Best Actress</strong>." in page
    assert f'href="/articles/award-night-live/#entry-{entry.pk}"' in page

    answer = updates(client)
    assert [item["id"] for item in answer["entries"]] == [entry.pk]
    assert "Zendaya takes" in answer["entries"][0]["html"]
    assert answer["live"] is True

    feed = feedparser.parse(client.get(FEED).content)
    (item,) = feed.entries
    assert item.title == "Zendaya wins"
    assert item.link == f"http://127.0.0.1:8000/articles/award-night-live/#entry-{entry.pk}"
    assert "Zendaya takes Best Actress." in item.description


def test_updates_come_newest_first(client, live_story, post):
    first = post(live_story, "<p>First.</p>")
    second = post(live_story, "<p>Second.</p>")
    page = main(client)
    assert page.index(f'id="entry-{second.pk}"') < page.index(f'id="entry-{first.pk}"')
    assert [item["id"] for item in updates(client)["entries"]] == [second.pk, first.pk]


def test_key_points_sit_above_the_updates(client, live_story, post):
    post(live_story, "<p>An update.</p>")
    page = main(client)
    assert page.index("Best Actor is next") < page.index("An update.")
    assert "The host is late" in updates(client)["parts"]["key_points"]["html"]


def test_a_pinned_update_stays_at_the_top_and_only_there(client, live_story, post):
    pinned = post(live_story, "<p>How to watch tonight.</p>", pinned=True)
    newer = post(live_story, "<p>The first winner.</p>")
    page = main(client)
    assert page.count(f'id="entry-{pinned.pk}"') == 1
    assert page.index("How to watch tonight.") < page.index("The first winner.")
    assert 'class="live-pinned"' in page
    answer = updates(client)
    assert [item["id"] for item in answer["entries"]] == [newer.pk]
    assert "How to watch tonight." in answer["parts"]["pinned"]["html"]


def test_unpinning_puts_an_update_back_in_its_place(client, live_story, post, editor):
    pinned = post(live_story, "<p>Pinned for now.</p>", pinned=True)
    entries.set_pinned(pinned, editor, False)
    assert 'class="live-pinned"' not in client.get(PAGE).text
    assert [item["id"] for item in updates(client)["entries"]] == [pinned.pk]


def test_a_correction_shows_as_such_and_keeps_what_the_update_said(
    client, live_story, post, editor
):
    entry = post(live_story, "<p>Best Picture goes to La La Land.</p>")
    entries.edit(
        entry, editor, "<p>Best Picture goes to Moonlight.</p>", note="The wrong film was read out."
    )
    page = client.get(PAGE).text
    assert "Best Picture goes to Moonlight." in page
    assert "La La Land" not in page
    assert "Corrected" in page
    assert "The wrong film was read out." in page
    html = updates(client)["entries"][0]["html"]
    assert "The wrong film was read out." in html
    correction = EntryCorrection.objects.get(entry=entry)
    assert correction.previous_body == "<p>Best Picture goes to La La Land.</p>"
    assert correction.created_by == editor


def test_a_fix_without_a_note_is_silent(client, live_story, post, editor):
    entry = post(live_story, "<p>Teh host arrives.</p>")
    entries.edit(entry, editor, "<p>The host arrives.</p>")
    page = client.get(PAGE).text
    assert "The host arrives." in page and "Corrected" not in page
    assert not EntryCorrection.objects.exists()


def test_an_edit_shows_in_the_updates_under_a_new_stamp(client, live_story, post, editor):
    entry = post(live_story, "<p>Before.</p>")
    stamp = updates(client)["entries"][0]["stamp"]
    entries.edit(entry, editor, "<p>After.</p>")
    item = updates(client)["entries"][0]
    assert item["stamp"] != stamp and "After." in item["html"]


def test_a_withdrawn_update_is_gone_from_page_updates_and_feed(client, live_story, post, editor):
    entry = post(live_story, "<p>Posted in error.</p>")
    entries.withdraw(entry, editor)
    assert "Posted in error." not in client.get(PAGE).text
    assert updates(client)["entries"] == []
    assert "Posted in error." not in client.get(FEED).text
    assert Entry.objects.get(pk=entry.pk).status == Entry.Status.WITHDRAWN  # kept on record


def test_an_update_needs_words(live_story, editor):
    with pytest.raises(entries.LiveError, match="needs some words"):
        entries.post(live_story, editor, "<p> </p>")


def test_an_update_body_is_sanitised(client, live_story, post):
    post(live_story, '<p>Hi<script>alert(1)</script><img src=x onerror="alert(2)"></p>')
    page = client.get(PAGE).text
    assert "<script>alert" not in page and "onerror" not in page


def test_an_ordinary_story_has_no_updates_endpoint_or_feed(client, make_article):
    make_article(slug="ordinary")
    assert client.get("/articles/ordinary/updates.json").status_code == 404
    assert client.get("/feeds/live/ordinary/").status_code == 404


def test_ending_the_coverage_tells_readers_and_stops_their_page_asking(client, live_story, editor):
    entries.end(live_story, editor)
    page = client.get(PAGE).text
    assert "Live coverage ended" in page
    assert "data-updates-url" not in page
    assert updates(client)["live"] is False
    entries.resume(live_story, editor)
    assert "data-updates-url" in client.get(PAGE).text


def test_older_updates_are_a_link_away_and_keep_their_anchors(client, live_story, post, settings):
    from live import render

    posted = [post(live_story, f"<p>Update {n}.</p>") for n in range(render.PAGE_ENTRIES + 3)]
    page = client.get(PAGE).text
    oldest_shown = posted[3]
    assert f'id="entry-{oldest_shown.pk}"' in page
    assert f'id="entry-{posted[2].pk}"' not in page
    older = client.get(f"{PAGE}?before={oldest_shown.pk}")
    assert older.status_code == 200
    text = older.text
    assert all(f'id="entry-{entry.pk}"' in text for entry in posted[:3])
    assert "Earlier updates" in text and "data-updates-url" not in text
    assert client.get(f"{PAGE}?before=junk").status_code == 404


def test_the_page_works_as_a_plain_page_with_its_script_only_added(client, live_story, post):
    post(live_story, "<p>Readable without a script.</p>")
    page = client.get(PAGE).text
    assert "Readable without a script." in page
    # The button the script fills in is hidden until then; no inline script anywhere.
    assert '<button type="button" class="live-updates__show" hidden></button>' in page
    assert "<script>" not in page
    assert '/static/live/live.js" defer' in page
