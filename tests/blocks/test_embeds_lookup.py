"""The desk's lookup: a link in, the card filled from the provider's answer, or typed by the desk.

The providers are a local server answering with their recorded answers (conftest.py);
the fetching code is the real one.
"""

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from blocks.embeds import figure_html
from blocks.lookup import ANSWER_MAX_BYTES, lookup
from newsroom.models import Image
from tests.blocks.conftest import ProviderServer
from tests.blocks.test_embeds_attributes import _sanitiser

AT_URI = "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3k4duaz5vfs2b"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("pasted", "attributes", "text"),
    [
        (
            "https://youtu.be/dQw4w9WgXcQ?si=shared",
            {
                "data-embed-provider": "youtube",
                "data-embed-url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "data-embed-author": "@RickAstleyYT",
            },
            "Rick Astley - Never Gonna Give You Up (Official Video) (4K Remaster)",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            {
                "data-embed-provider": "vimeo",
                "data-embed-url": "https://vimeo.com/76979871",
                "data-embed-author": "Vimeo",
                "data-embed-date": "2013-10-15",
            },
            "The New Vimeo Player (You Know, For Videos)",
        ),
        (
            "https://twitter.com/interior/status/507185938620219395?s=20",
            {
                "data-embed-provider": "x",
                "data-embed-url": "https://x.com/interior/status/507185938620219395",
                "data-embed-author": "@Interior",  # as X spells it
                "data-embed-date": "2014-09-03",  # from the post's id
            },
            "Happy 50th anniversary to the Wilderness Act! Here's a great wilderness photo "
            "from @YosemiteNPS. #Wilderness50 pic.twitter.com/HMhbyTg18X",
        ),
        (
            "https://www.tiktok.com/@scout2015/video/6718335390845095173",
            {
                "data-embed-provider": "tiktok",
                "data-embed-url": "https://www.tiktok.com/@scout2015/video/6718335390845095173",
                "data-embed-author": "@scout2015",
                "data-embed-date": "2019-07-27",
            },
            "Scramble up ur name & I’ll try to guess it😍❤️ #foryoupage #petsoftiktok #aesthetic",
        ),
        (
            "https://bsky.app/profile/bsky.app/post/3k4duaz5vfs2b",
            {
                "data-embed-provider": "bluesky",
                "data-embed-url": "https://bsky.app/profile/bsky.app/post/3k4duaz5vfs2b",
                "data-embed-author": "@bsky.app",
                "data-embed-date": "2023-08-07",
                "data-embed-at-uri": AT_URI,  # what its frame needs
            },
            'Bluesky is growing fast.\n\nThank you to everyone who "skeeted" this week & '
            "welcome aboard!",
        ),
    ],
)
def test_the_providers_answer_fills_the_card(providers, writer, pasted, attributes, text):
    found = lookup(pasted, by=writer)
    assert found.ok
    kept = {name: value for name, value in found.attributes.items() if name in attributes}
    assert kept == attributes
    assert found.text == text
    assert "check the text" in found.message
    # The provider was asked about the canonical link, once.
    (question,) = [path for path in providers.asked if "/oembed" in path]
    assert parse_qs(urlsplit(question).query)["url"] == [attributes["data-embed-url"]]
    # What the editor stores from it passes the sanitiser as it is.
    assert _sanitiser().clean(str(found.html)) == str(found.html)


@pytest.mark.parametrize(
    "pasted",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "https://www.tiktok.com/@scout2015/video/6718335390845095173",
    ],
)
def test_the_thumbnail_goes_into_the_picture_library(providers, writer, pasted):
    found = lookup(pasted, by=writer)
    picture = found.thumbnail
    assert found.attributes["data-embed-thumbnail"] == str(picture.pk)
    picture.refresh_from_db()
    provider = found.link.provider.name
    assert picture.alt_text.startswith(f"Thumbnail of the {provider} video “")
    assert picture.credit == f"{found.attributes['data-embed-author']}/{provider}"
    assert picture.uploaded_by == writer
    assert (picture.width, picture.height) == (480, 360)
    assert picture.renditions.exists()
    assert picture.file.url.startswith("/media/")  # ours: readers never load the provider's
    assert any(path.startswith("/thumbnails/") for path in providers.asked)


def test_posts_without_a_thumbnail_add_no_picture(providers, writer):
    found = lookup("https://x.com/Interior/status/507185938620219395", by=writer)
    assert found.ok and found.thumbnail is None and not Image.objects.exists()
    assert "data-embed-thumbnail" not in found.attributes


@pytest.mark.parametrize(
    ("pasted", "attributes"),
    [
        (
            "https://www.instagram.com/popstar/p/C0aBcDeFgH1/",
            {
                "data-embed-provider": "instagram",
                "data-embed-url": "https://www.instagram.com/p/C0aBcDeFgH1/",
                "data-embed-author": "@popstar",
            },
        ),
        (
            "https://www.threads.net/@popstar/post/C8aBcDeFgHi",
            {
                "data-embed-provider": "threads",
                "data-embed-url": "https://www.threads.com/@popstar/post/C8aBcDeFgHi",
                "data-embed-author": "@popstar",
            },
        ),
    ],
)
def test_instagram_and_threads_are_not_asked_the_desk_types_the_text(
    providers, writer, pasted, attributes
):
    found = lookup(pasted, by=writer)
    assert not found.ok and found.text == "" and found.thumbnail is None
    assert found.attributes == attributes
    assert "type the post's text and date yourself" in found.message
    assert providers.asked == []


def test_a_link_that_is_not_ours_is_not_looked_up(providers, writer):
    assert lookup("https://evil.example/watch?v=dQw4w9WgXcQ", by=writer) is None
    assert providers.asked == []


def _fallback(found):
    """The link alone filled the card: the desk types the text."""
    assert not found.ok and found.text == "" and found.thumbnail is None
    assert found.attributes["data-embed-url"] == "https://x.com/Interior/status/507185938620219395"
    assert found.attributes["data-embed-author"] == "@Interior"
    assert found.attributes["data-embed-date"] == "2014-09-03"
    assert "Type the text yourself" in found.message


POST = "https://x.com/Interior/status/507185938620219395"


def test_a_provider_that_is_down_leaves_the_desk_to_type(providers, writer, closed_port, settings):
    settings.NEWSROOM_OEMBED_ENDPOINTS = {"x": f"{closed_port}/oembed"}
    found = lookup(POST, by=writer)
    _fallback(found)
    assert found.message.startswith("X could not be reached.")


def test_a_provider_that_does_not_answer_in_time_is_given_up_on(providers, writer, settings):
    settings.NEWSROOM_EMBED_LOOKUP_SECONDS = 0.5
    providers.answer("/x/oembed", providers.recorded("x"), delay=3)
    started = time.monotonic()
    found = lookup(POST, by=writer)
    assert time.monotonic() - started < 2
    _fallback(found)
    assert found.message.startswith("X did not answer in time.")


def test_an_answer_that_trickles_in_is_given_up_on_at_the_deadline(providers, writer, settings):
    """Each byte comes quickly enough for a socket timeout; the whole answer does not."""
    settings.NEWSROOM_EMBED_LOOKUP_SECONDS = 0.6
    providers.answer("/x/oembed", providers.recorded("x"), drip=0.05)
    started = time.monotonic()
    found = lookup(POST, by=writer)
    assert time.monotonic() - started < 2
    _fallback(found)
    assert found.message.startswith("X did not answer in time.")


def test_an_oversized_answer_is_refused(providers, writer):
    huge = providers.recorded("x", padding="x" * ANSWER_MAX_BYTES)
    providers.answer("/x/oembed", huge)
    found = lookup(POST, by=writer)
    _fallback(found)
    assert found.message.startswith("X's answer was too large to use.")


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        ({"status": 404}, "X has no public post at this link: it may be private or deleted."),
        ({"status": 403}, "X has no public post at this link: it may be private or deleted."),
        ({"status": 503}, "X answered with an error (503)."),
        ({"content_type": "text/html"}, "X's answer could not be read."),
    ],
)
def test_an_unusable_answer_leaves_the_desk_to_type(providers, writer, reply, why):
    providers.answer("/x/oembed", b"<html>Something went wrong</html>", **reply)
    found = lookup(POST, by=writer)
    _fallback(found)
    assert found.message.startswith(why)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"<html>not a picture</html>", "text/html"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/jpeg"),
        (b"\xff\xd8\xff\xe0 cut short", "image/jpeg"),
        (b"x" * (5 * 1024 * 1024 + 1), "image/jpeg"),
    ],
)
def test_a_bad_thumbnail_is_not_kept_and_the_card_still_works(
    providers, writer, body, content_type
):
    providers.answer("/thumbnails/", body, content_type)
    found = lookup("https://www.youtube.com/watch?v=dQw4w9WgXcQ", by=writer)
    assert found.ok and found.text.startswith("Rick Astley")
    assert found.thumbnail is None and not Image.objects.exists()
    assert "The thumbnail could not be kept" in found.message


def test_a_thumbnail_elsewhere_is_fetched_only_over_https(providers, writer):
    elsewhere = ProviderServer().start()
    try:
        offered = f"{elsewhere.url}/vi/dQw4w9WgXcQ/hqdefault.jpg"  # plain http, another host
        providers.answer("/youtube/oembed", providers.recorded("youtube", thumbnail_url=offered))
        found = lookup("https://www.youtube.com/watch?v=dQw4w9WgXcQ", by=writer)
    finally:
        elsewhere.stop()
    assert found.ok and found.thumbnail is None
    assert elsewhere.asked == []


@pytest.mark.parametrize("moved_to", ["elsewhere", "same place"])
def test_redirects_are_followed_only_to_https_or_the_endpoint_itself(providers, writer, moved_to):
    elsewhere = ProviderServer().start()
    target = elsewhere.url if moved_to == "elsewhere" else providers.url
    try:
        providers.answer("/x/oembed", status=302, headers={"Location": f"{target}/x/moved"})
        providers.answer("/x/moved", providers.recorded("x"))
        elsewhere.answer("/x/moved", providers.recorded("x"))
        found = lookup(POST, by=writer)
    finally:
        elsewhere.stop()
    assert elsewhere.asked == []
    assert found.ok == (moved_to == "same place")


def test_someone_who_may_not_add_pictures_gets_the_card_without_the_thumbnail(
    providers, django_user_model
):
    reporter = django_user_model.objects.create_user("reporter", is_staff=True)
    found = lookup("https://www.youtube.com/watch?v=dQw4w9WgXcQ", by=reporter)
    assert found.ok and found.thumbnail is None and not Image.objects.exists()
    assert "you may not add pictures" in found.message


def test_markup_in_an_answer_comes_out_as_plain_text(providers, writer):
    providers.answer(
        "/vimeo/oembed",
        providers.recorded(
            "vimeo",
            title='<img src=x onerror="alert(1)">Premiere\x07 night',
            author_name='<script>alert("x")</script>Studio',
        ),
    )
    found = lookup("https://vimeo.com/76979871", by=writer)
    assert found.text == '<img src=x onerror="alert(1)">Premiere night'  # text, escaped later
    assert "data-embed-author" not in found.attributes  # not plain text: the desk types it
    assert "<img" not in str(figure_html(found.attributes, found.text))
    assert _sanitiser().clean(str(found.html)) == str(found.html)
