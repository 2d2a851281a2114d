"""What the sanitiser keeps of a stored embed: each attribute checked, hostile values refused."""

import nh3
import pytest

from blocks.embeds import EMBED_ATTRIBUTES, clean_embed_attribute, figure_html, quote_text

AT_URI = "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3k4duaz5vfs2b"


@pytest.mark.parametrize(
    ("name", "value", "kept"),
    [
        ("data-embed-provider", "instagram", "instagram"),
        ("data-embed-provider", "bluesky", "bluesky"),
        (
            "data-embed-url",
            "https://www.instagram.com/p/C0aBcD/",
            "https://www.instagram.com/p/C0aBcD/",
        ),
        # Kept in its canonical form.
        (
            "data-embed-url",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        ("data-embed-author", "@handle", "@handle"),
        ("data-embed-author", "Simon & Garfunkel's Channel", "Simon & Garfunkel's Channel"),
        ("data-embed-author", "  @padded  ", "@padded"),
        ("data-embed-date", "2026-11-30", "2026-11-30"),
        ("data-embed-thumbnail", "123", "123"),
        ("data-embed-at-uri", AT_URI, AT_URI),
    ],
)
def test_good_values_are_kept(name, value, kept):
    assert clean_embed_attribute(name, value) == kept


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("data-embed-provider", "facebook"),
        ("data-embed-provider", "YouTube"),
        ("data-embed-provider", ""),
        ("data-embed-url", "javascript:alert(1)"),
        ("data-embed-url", "JaVaScRiPt:alert(document.cookie)"),
        ("data-embed-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
        ("data-embed-url", "https://evil.example/p/C0aBcD/"),
        ("data-embed-url", "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"),
        ("data-embed-url", "https://www.instagram.com.evil.example/p/C0aBcD/"),
        ("data-embed-url", "http://www.instagram.com/p/C0aBcD/"),
        ("data-embed-url", 'https://www.instagram.com/p/C0aBcD/"onmouseover="alert(1)'),
        ("data-embed-url", "https://www.instagram.com/p/C0aBcD/<script>"),
        ("data-embed-url", "/relative/path"),
        ("data-embed-author", '"><script>alert(1)</script>'),
        ("data-embed-author", "<b>bold</b>"),
        ("data-embed-author", 'say "hi"'),
        ("data-embed-author", "`backtick`"),
        ("data-embed-author", "line\nbreak"),
        ("data-embed-author", "x" * 101),
        ("data-embed-author", "   "),
        ("data-embed-date", "30 November 2026"),
        ("data-embed-date", "2026-02-30"),
        ("data-embed-date", "2026-11-30T10:00"),
        ("data-embed-date", "２０２６-11-30"),  # full-width digits
        ("data-embed-date", "1066-10-14"),
        ("data-embed-thumbnail", "12a"),
        ("data-embed-thumbnail", "-1"),
        ("data-embed-thumbnail", "0"),
        ("data-embed-thumbnail", "١٢٣"),  # Arabic-Indic digits
        ("data-embed-thumbnail", "1 OR 1=1"),
        ("data-embed-at-uri", "at://evil.example/app.bsky.feed.post/3k4duaz5vfs2b"),
        ("data-embed-at-uri", "https://embed.bsky.app/embed/x"),
        ("data-embed-at-uri", AT_URI + '"><script>'),
        ("data-embed-frame", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),  # not stored
        ("onclick", "alert(1)"),
    ],
)
def test_hostile_or_malformed_values_are_refused(name, value):
    assert clean_embed_attribute(name, value) is None


def _sanitiser():
    """As newsroom.sanitize will be configured: the block's tags, and its attributes checked."""

    def check(element, attribute, value):
        if attribute in EMBED_ATTRIBUTES:
            return clean_embed_attribute(attribute, value)
        return value

    return nh3.Cleaner(
        tags={"figure", "blockquote", "p", "br"},
        attributes={"figure": {"class", *EMBED_ATTRIBUTES}},
        attribute_filter=check,
    )


def test_a_block_as_the_editor_writes_it_survives_the_sanitiser_unchanged():
    block = str(
        figure_html(
            {
                "data-embed-provider": "bluesky",
                "data-embed-url": "https://bsky.app/profile/bsky.app/post/3k4duaz5vfs2b",
                "data-embed-author": "@bsky.app",
                "data-embed-date": "2023-08-07",
                "data-embed-thumbnail": "42",
                "data-embed-at-uri": AT_URI,
            },
            "Bluesky is growing fast.\n\nThank you & welcome <aboard>!\nSee you",
        )
    )
    assert _sanitiser().clean(block) == block
    assert quote_text(block) == "Bluesky is growing fast.\n\nThank you & welcome <aboard>!\nSee you"


def test_the_sanitiser_drops_hostile_attributes_and_keeps_the_rest():
    dirty = (
        '<figure class="story-embed" data-embed-provider="x" '
        'data-embed-url="javascript:alert(1)" data-embed-author="&quot;&gt;&lt;script&gt;" '
        'data-embed-date="2026-11-30" data-embed-thumbnail="1;DROP"><blockquote><p>Hi</p>'
        "</blockquote></figure>"
    )
    assert _sanitiser().clean(dirty) == (
        '<figure class="story-embed" data-embed-provider="x" data-embed-date="2026-11-30">'
        "<blockquote><p>Hi</p></blockquote></figure>"
    )
