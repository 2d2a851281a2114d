"""The reader's card: the words, who posted them when, a link; nothing from the provider loads."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from blocks.embeds import render_embed
from newsroom.models import Image

AT_URI = "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3k4duaz5vfs2b"
CARDS = {
    "youtube": (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0",
    ),
    "vimeo": (
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1",
    ),
    "instagram": (
        "https://www.instagram.com/p/C0aBcD/",
        "https://www.instagram.com/p/C0aBcD/embed/",
    ),
    "x": (
        "https://x.com/Interior/status/507185938620219395",
        "https://platform.twitter.com/embed/Tweet.html?id=507185938620219395&dnt=true",
    ),
    "tiktok": (
        "https://www.tiktok.com/@scout2015/video/6718335390845095173",
        "https://www.tiktok.com/embed/v2/6718335390845095173",
    ),
    "threads": (
        "https://www.threads.com/@popstar/post/C8aBcDeFgHi",
        "https://www.threads.com/@popstar/post/C8aBcDeFgHi/embed",
    ),
    "bluesky": (
        "https://bsky.app/profile/bsky.app/post/3k4duaz5vfs2b",
        "https://embed.bsky.app/embed/did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3k4duaz5vfs2b",
    ),
}


class Elements(HTMLParser):
    """Every element's tag and attributes, and the visible text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag, **attrs):
        return [a for t, a in self.elements if t == tag and attrs.items() <= a.items()]

    @property
    def words(self):
        return " ".join(" ".join(self.text).split())


def attributes(provider, **extra):
    return {
        "data-embed-provider": provider,
        "data-embed-url": CARDS[provider][0],
        "data-embed-author": "@popstar",
        "data-embed-date": "2026-11-30",
        "data-embed-at-uri": AT_URI,
        **extra,
    }


def _addresses(card):
    """(tag, attribute, value) for every address in the card's attributes."""
    for tag, attrs in card.elements:
        for name, value in attrs.items():
            for part in (value or "").replace(",", " ").split():
                if "//" in part or part.startswith("/"):
                    yield tag, name, part


@pytest.mark.parametrize("provider", list(CARDS))
def test_nothing_in_the_card_comes_from_elsewhere_but_the_link_and_the_frame_address(
    provider, make_image
):
    card = Elements(render_embed(attributes(provider), "Words of the post", make_image()))
    outside = [
        (tag, name, value)
        for tag, name, value in _addresses(card)
        if urlsplit(value).netloc  # ours are paths: pictures, renditions
    ]
    url, frame = CARDS[provider]
    assert sorted(outside) == sorted([("a", "href", url), ("button", "data-embed-frame", frame)])
    assert not card.find("iframe") and not card.find("script")


def test_the_card_shows_provider_author_words_date_and_link():
    html = render_embed(
        attributes("instagram"), "Engaged!\nWe said yes.\n\nThank you all", thumbnail=None
    )
    card = Elements(html)
    assert "Instagram @popstar" in card.words
    assert "Engaged! We said yes. Thank you all" in card.words
    assert card.find("time", datetime="2026-11-30") and "30 November 2026" in card.words
    assert card.find("a", href="https://www.instagram.com/p/C0aBcD/", rel="noopener noreferrer")
    assert "View on Instagram" in card.words
    assert "<p>Engaged!<br>We said yes.</p>" in html
    # The button is there for the script to show: without it the card is a quote and a link.
    (button,) = card.find("button", type="button")
    assert "hidden" in button and "Show the Instagram post" in card.words


@pytest.mark.parametrize(
    ("provider", "label", "link"),
    [
        ("youtube", "Play the video", "Watch on YouTube"),
        ("tiktok", "Play the video", "Watch on TikTok"),
        ("x", "Show the X post", "View on X"),
        ("bluesky", "Show the Bluesky post", "View on Bluesky"),
    ],
)
def test_the_button_and_link_say_what_they_open(provider, label, link):
    card = Elements(render_embed(attributes(provider), "Words", None))
    assert label in card.words and link in card.words


def test_the_thumbnail_is_the_library_picture(make_image):
    picture = make_image(alt_text="Thumbnail of the YouTube video", size=(480, 360))
    card = Elements(render_embed(attributes("youtube"), "Never gonna", picture))
    (img,) = card.find("img", alt="Thumbnail of the YouTube video")
    assert img["src"].startswith("/media/")
    assert card.find("div", **{"class": "story-embed__media story-embed__media--picture"})


def test_a_deleted_post_still_reads_as_a_quote_with_a_link():
    """The provider is never asked: what the desk stored is what readers read."""
    card = Elements(render_embed(attributes("x"), "What the post said, kept by the desk", None))
    assert card.find("blockquote", **{"class": "story-embed__quote"})
    assert "What the post said, kept by the desk" in card.words
    assert card.find("a", href=CARDS["x"][0])


def test_stored_text_and_attributes_are_shown_as_text_or_not_at_all():
    html = render_embed(
        attributes("x", **{"data-embed-author": '"><script>alert(1)</script>'}),
        "<script>alert(2)</script> <b>bold</b>",
        None,
    )
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(2)" in html
    assert "alert(1)" not in html  # an author that is not plain text is left out


def test_the_link_decides_the_provider_and_the_frame():
    """A provider attribute that disagrees with the link is not believed."""
    card = Elements(render_embed(attributes("x", **{"data-embed-provider": "youtube"}), "Hi", None))
    (button,) = card.find("button")
    assert button["data-embed-frame"].startswith("https://platform.twitter.com/")


def test_a_card_whose_link_is_not_ours_keeps_only_its_words():
    html = render_embed({"data-embed-url": "https://evil.example/p/1/"}, "Kept words", None)
    card = Elements(html)
    assert "Kept words" in card.words
    assert not card.find("a") and not card.find("button") and "evil.example" not in html


def test_a_bluesky_post_without_its_at_uri_is_a_quote_and_link_without_a_frame():
    bare = attributes("bluesky")
    del bare["data-embed-at-uri"]
    card = Elements(render_embed(bare, "Skeet", None))
    assert not card.find("button")
    assert card.find("a", href=CARDS["bluesky"][0])


def test_a_card_costs_no_query(make_image, django_assert_num_queries):
    """The picture comes fetched with the rest of the body's: the card adds nothing."""
    picture = Image.objects.get(pk=make_image().pk)
    with django_assert_num_queries(0):
        render_embed(attributes("youtube"), "Words", picture)
