"""What readers' pages may load for embeds: the providers' players in frames, and nothing else."""

from urllib.parse import urlsplit

import pytest

from blocks.providers import PROVIDERS, frame_url, identify
from newsroom.security import EMBED_AUTOPLAY_ORIGINS, EMBED_FRAME_ORIGINS
from tests.security.test_headers import policy

EXAMPLES = [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://vimeo.com/76979871",
    "https://www.instagram.com/p/C0aBcDeFgH1/",
    "https://x.com/Interior/status/507185938620219395",
    "https://www.tiktok.com/@scout2015/video/6718335390845095173",
    "https://www.threads.com/@popstar/post/C8aBcDeFgHi",
    "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3k4duaz5vfs2b",
]


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_policy_names_exactly_the_providers_players():
    """newsroom/security.py and the provider table (blocks/providers.py) agree."""
    assert {identify(url).provider.key for url in EXAMPLES} == set(PROVIDERS)
    frames = [frame_url(identify(url)) for url in EXAMPLES]
    assert {_origin(frame) for frame in frames} == set(EMBED_FRAME_ORIGINS)
    # Autoplay for the players that are asked to start at once: the reader pressed Play.
    assert {_origin(frame) for frame in frames if "autoplay=1" in frame} == set(
        EMBED_AUTOPLAY_ORIGINS
    )


@pytest.mark.django_db
def test_readers_pages_may_frame_the_players_and_run_only_our_scripts(client):
    response = client.get("/", secure=True)
    csp = policy(response)
    assert csp["frame-src"] == EMBED_FRAME_ORIGINS
    assert csp["script-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]  # thumbnails come from the picture library
    assert csp["connect-src"] == ["'self'"]
    assert (
        'autoplay=("https://www.youtube-nocookie.com" "https://player.vimeo.com")'
        in response["Permissions-Policy"]
    )
    assert "camera=()" in response["Permissions-Policy"]
