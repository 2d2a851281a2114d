"""An update is rich text as a story body is: its pictures come from the library and leave
the moment their licence ends, a post or video shows as a card with its script, and it is
signed with its author's byline name."""

import datetime

import feedparser
from django.utils import timezone

from authors.models import Author
from live import entries

PAGE = "/articles/award-night-live/"
UPDATES = "/articles/award-night-live/updates.json"
VIDEO = (
    '<figure class="story-embed" data-embed-provider="youtube" '
    'data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
    "<blockquote><p>The red carpet, live.</p></blockquote></figure>"
)


def updates_html(client):
    return "".join(entry["html"] for entry in client.get(UPDATES).json()["entries"])


def test_an_update_is_signed_with_its_authors_byline_name(client, live_story, editor):
    Author.objects.create(user=editor, name="Jo Desk", slug="jo-desk")
    entries.post(live_story, editor, "<p>The host is on stage.</p>")
    assert "Jo Desk" in client.get(PAGE).text
    assert "Jo Desk" in updates_html(client)
    (item,) = feedparser.parse(client.get("/feeds/live/award-night-live/").content).entries
    assert item.author == "Jo Desk"


def test_without_an_author_an_update_is_signed_with_the_full_name(client, live_story, editor):
    editor.first_name, editor.last_name = "Sam", "Editor"
    editor.save()
    entries.post(live_story, editor, "<p>The host is on stage.</p>")
    assert "Sam Editor" in updates_html(client)


def test_a_picture_in_an_update_leaves_the_moment_its_licence_ends(
    client, live_story, editor, make_image, time_machine
):
    time_machine.move_to(timezone.now())
    ends = timezone.now() + datetime.timedelta(minutes=5)
    picture = make_image(alt_text="Licensed red carpet", expire_at=ends)
    entries.post(
        live_story,
        editor,
        f'<p>Arrivals.</p><figure class="story-picture" data-picture="{picture.pk}">'
        "<img><figcaption>On the carpet</figcaption></figure>",
    )
    assert 'alt="Licensed red carpet"' in client.get(PAGE).text
    assert 'alt="Licensed red carpet"' in updates_html(client)

    time_machine.move_to(ends + datetime.timedelta(seconds=1))
    assert "Licensed red carpet" not in client.get(PAGE).text
    assert "Licensed red carpet" not in updates_html(client)
    assert "Arrivals." in updates_html(client)


def test_a_video_in_an_update_is_a_card_with_its_script(client, live_story, editor):
    entries.post(live_story, editor, VIDEO)
    entries.end(live_story, editor)  # a page that no longer asks for updates
    page = client.get(PAGE).text
    assert "story-embed__load" in page
    assert "blocks/embeds.js" in page


def test_a_page_that_asks_for_updates_is_ready_for_a_card(client, live_story, editor):
    entries.post(live_story, editor, "<p>Words only.</p>")
    assert "blocks/embeds.js" in client.get(PAGE).text
    entries.end(live_story, editor)
    assert "blocks/embeds.js" not in client.get(PAGE).text
