"""Which links can be embedded: each provider's shapes of link, and nothing that looks like one."""

import pytest

from blocks.providers import frame_url, identify

BSKY_DID = "did:plc:z72i7hdynmk6r22z27h6tvur"
BSKY_AT_URI = f"at://{BSKY_DID}/app.bsky.feed.post/3k4duaz5vfs2b"


@pytest.mark.parametrize(
    ("pasted", "provider", "canonical"),
    [
        # YouTube: watch pages (any parameter order), youtu.be, shorts
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "youtube",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42s",
            "youtube",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "youtube",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ?si=Xy12abc",
            "youtube",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://www.youtube.com/shorts/aqz-KE-bpKQ",
            "youtube",
            "https://www.youtube.com/shorts/aqz-KE-bpKQ",
        ),
        # Vimeo: public, in a channel, unlisted (with its key)
        ("https://vimeo.com/76979871", "vimeo", "https://vimeo.com/76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "vimeo", "https://vimeo.com/76979871"),
        ("https://vimeo.com/76979871/8272103f6e", "vimeo", "https://vimeo.com/76979871/8272103f6e"),
        # Instagram: posts and reels, with or without the account in the path
        (
            "https://www.instagram.com/p/C0aBcDeFgH1/?igsh=abc",
            "instagram",
            "https://www.instagram.com/p/C0aBcDeFgH1/",
        ),
        (
            "https://instagram.com/popstar/p/C0aBcDeFgH1",
            "instagram",
            "https://www.instagram.com/p/C0aBcDeFgH1/",
        ),
        (
            "https://www.instagram.com/reel/C1xYz_-AbCd/",
            "instagram",
            "https://www.instagram.com/reel/C1xYz_-AbCd/",
        ),
        (
            "https://www.instagram.com/reels/C1xYz_-AbCd/",
            "instagram",
            "https://www.instagram.com/reel/C1xYz_-AbCd/",
        ),
        # X: x.com and twitter.com, with a photo suffix, without the author
        (
            "https://x.com/Interior/status/507185938620219395",
            "x",
            "https://x.com/Interior/status/507185938620219395",
        ),
        (
            "https://twitter.com/Interior/status/507185938620219395?s=20",
            "x",
            "https://x.com/Interior/status/507185938620219395",
        ),
        (
            "https://mobile.twitter.com/Interior/status/507185938620219395/photo/1",
            "x",
            "https://x.com/Interior/status/507185938620219395",
        ),
        (
            "https://x.com/i/web/status/507185938620219395",
            "x",
            "https://x.com/i/status/507185938620219395",
        ),
        # TikTok
        (
            "https://www.tiktok.com/@scout2015/video/6718335390845095173?lang=en",
            "tiktok",
            "https://www.tiktok.com/@scout2015/video/6718335390845095173",
        ),
        # Threads: both domains
        (
            "https://www.threads.net/@popstar/post/C8aBcDeFgHi",
            "threads",
            "https://www.threads.com/@popstar/post/C8aBcDeFgHi",
        ),
        (
            "https://threads.com/@popstar/post/C8aBcDeFgHi?xmt=AQG",
            "threads",
            "https://www.threads.com/@popstar/post/C8aBcDeFgHi",
        ),
        # Bluesky: by handle or by DID
        (
            "https://bsky.app/profile/bsky.app/post/3k4duaz5vfs2b",
            "bluesky",
            "https://bsky.app/profile/bsky.app/post/3k4duaz5vfs2b",
        ),
        (
            f"https://bsky.app/profile/{BSKY_DID}/post/3k4duaz5vfs2b",
            "bluesky",
            f"https://bsky.app/profile/{BSKY_DID}/post/3k4duaz5vfs2b",
        ),
    ],
)
def test_each_providers_links_are_identified_and_made_canonical(pasted, provider, canonical):
    link = identify(pasted)
    assert link is not None, pasted
    assert (link.provider.key, link.url) == (provider, canonical)
    assert identify(link.url).url == link.url  # the canonical link identifies as itself


@pytest.mark.parametrize(
    "pasted",
    [
        "",
        "dQw4w9WgXcQ",
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "data:text/html,https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXc",  # an id one short
        "https://www.youtube.com/watch?xv=dQw4w9WgXcQ",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://www.youtube.com/@RickAstleyYT",  # a channel, not a video
        "https://www.yοutube.com/watch?v=dQw4w9WgXcQ",  # a Greek omicron
        "https://vimeo.com/76979871/../../evil",
        "https://vimeo.com.evil.example/76979871",
        "https://www.instagram.com/stories/popstar/3311/",
        "https://www.instagram.com/popstar/",
        "https://x.com/Interior",
        "https://x.com/Interior/likes",
        "https://x.com.evil.example/Interior/status/507185938620219395",
        "https://nitter.net/Interior/status/507185938620219395",
        "https://vm.tiktok.com/ZMeAbCdEf/",  # a short link: its target is unknown
        "https://www.tiktok.com/@scout2015",
        "https://threads.net.evil.example/@popstar/post/C8aBcDeFgHi",
        "https://bsky.app/profile/bsky.app",
        "https://bsky.app/profile/Bsky.App/post/3k4duaz5vfs2b",  # the app's links are lower case
        "https://bsky.app/profile/bsky.app/post/not-a-tid",
        "https://staging.bsky.app/profile/bsky.app/post/3k4duaz5vfs2b",
        "https://www.facebook.com/watch/?v=123456789",
    ],
)
def test_anything_else_is_refused(pasted):
    assert identify(pasted) is None


def test_spaces_around_a_pasted_link_do_not_matter():
    assert identify("  https://youtu.be/dQw4w9WgXcQ\n").url == (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )


def test_the_frame_address_is_the_providers_player_worked_out_from_the_link():
    frames = {
        "https://youtu.be/dQw4w9WgXcQ": (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
        ),
        "https://vimeo.com/76979871/8272103f6e": (
            "https://player.vimeo.com/video/76979871?h=8272103f6e&autoplay=1&dnt=1"
        ),
        "https://www.instagram.com/p/C0aBcDeFgH1/": "https://www.instagram.com/p/C0aBcDeFgH1/embed/",
        "https://twitter.com/Interior/status/507185938620219395": (
            "https://platform.twitter.com/embed/Tweet.html?id=507185938620219395&dnt=true"
        ),
        "https://www.tiktok.com/@scout2015/video/6718335390845095173": (
            "https://www.tiktok.com/embed/v2/6718335390845095173"
        ),
        "https://www.threads.net/@popstar/post/C8aBcDeFgHi": (
            "https://www.threads.com/@popstar/post/C8aBcDeFgHi/embed"
        ),
        f"https://bsky.app/profile/{BSKY_DID}/post/3k4duaz5vfs2b": (
            f"https://embed.bsky.app/embed/{BSKY_DID}/app.bsky.feed.post/3k4duaz5vfs2b"
        ),
    }
    for pasted, frame in frames.items():
        assert frame_url(identify(pasted)) == frame


def test_a_bluesky_post_named_by_handle_needs_the_at_uri_of_that_same_post():
    link = identify("https://bsky.app/profile/bsky.app/post/3k4duaz5vfs2b")
    assert frame_url(link) == ""
    assert frame_url(link, f"at://{BSKY_DID}/app.bsky.feed.post/3aaaaaaaaaaaa") == ""
    assert frame_url(link, BSKY_AT_URI) == (
        f"https://embed.bsky.app/embed/{BSKY_DID}/app.bsky.feed.post/3k4duaz5vfs2b"
    )
