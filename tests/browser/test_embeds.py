"""Embeds on a reader's page: nothing from a provider loads until the reader asks for it.

The page is a bare one holding cards made by render_embed, with the reader's style
sheets, the embeds script and the site's real security headers. There is no
internet: the providers' players are stand-ins served by Playwright.
"""

import json
import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import path
from django.utils.safestring import mark_safe
from django.views.static import serve

from blocks.embeds import render_embed
from newsroom.models import Image
from newsroom.urls import urlpatterns as site_urls
from tests.browser.conftest import PHONE

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls(__name__),
]

PAGE = Template(
    "{% load static %}<!doctype html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Story with embeds</title>"
    "<link rel='stylesheet' href='{% static \"css/site.css\" %}'>"
    "<link rel='stylesheet' href='{% static \"blocks/embeds.css\" %}'>"
    "<script src='{% static \"blocks/embeds.js\" %}' defer></script></head>"
    "<body><main class='article__body prose'><p>Before.</p>{{ cards }}<p>After.</p></main>"
    "</body></html>"
)
CARDS = [
    {
        "data-embed-provider": "youtube",
        "data-embed-url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "data-embed-author": "@RickAstleyYT",
    },
    {
        "data-embed-provider": "x",
        "data-embed-url": "https://x.com/Interior/status/507185938620219395",
        "data-embed-author": "@Interior",
        "data-embed-date": "2014-09-03",
    },
    {
        "data-embed-provider": "bluesky",
        "data-embed-url": "https://bsky.app/profile/bsky.app/post/3k4duaz5vfs2b",
        "data-embed-author": "@bsky.app",
        "data-embed-at-uri": "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3k4duaz5vfs2b",
    },
]


def story_with_embeds(request):
    thumbnail = Image.objects.get(alt_text="Thumbnail of the YouTube video")
    cards = [
        render_embed(CARDS[0], "Never Gonna Give You Up", thumbnail),
        render_embed(CARDS[1], "Happy 50th anniversary to the Wilderness Act!", None),
        render_embed(CARDS[2], "Bluesky is growing fast.", None),
    ]
    return HttpResponse(PAGE.render(Context({"cards": mark_safe("".join(cards))})))


def serve_upload(request, name):
    return serve(request, name, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("story-with-embeds/", story_with_embeds),
    path("media/<path:name>", serve_upload),
    *site_urls,
]

# A stand-in player. The X one says how tall the post is, as X's does.
PLAYER = "<!doctype html><title>Player</title><p id='stand-in'>Stand-in for {host}</p>{script}"
X_RESIZE = json.dumps(
    {"twttr.embed": {"method": "twttr.private.resize", "params": [{"height": 420, "width": 550}]}}
)
PROVIDER_HOSTS = ["www.youtube-nocookie.com", "platform.twitter.com", "embed.bsky.app"]


@pytest.fixture
def story(live_server, make_image):
    make_image(alt_text="Thumbnail of the YouTube video", size=(480, 360))
    return f"{live_server.url}/story-with-embeds/"


def watch(page, live_server):
    """Every address the page asks for, every CSP complaint and script error.

    Only this site and the stand-in players answer.
    """
    asked, complaints = [], []
    page.on("request", lambda request: asked.append(request.url))
    page.on("pageerror", lambda error: complaints.append(str(error)))
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.route(re.compile(r"^https?://"), lambda route: route.abort())  # no internet anyway

    def player(route):
        host = route.request.url.split("/")[2]
        script = ""
        if host == "platform.twitter.com":
            script = f"<script>parent.postMessage({json.dumps(X_RESIZE)}, '*')</script>"
        route.fulfill(content_type="text/html", body=PLAYER.format(host=host, script=script))

    for host in PROVIDER_HOSTS:
        page.route(f"https://{host}/**", player)
    page.route(f"{live_server.url}/**", lambda route: route.continue_())
    return asked, complaints


def elsewhere(asked, live_server):
    return [url for url in asked if not url.startswith(live_server.url)]


def test_nothing_from_a_provider_loads_until_the_reader_asks(page, live_server, story):
    asked, complaints = watch(page, live_server)
    page.goto(story)
    page.wait_for_load_state("networkidle")
    assert elsewhere(asked, live_server) == []
    assert any("/media/" in url for url in asked)  # the thumbnail, from our library
    buttons = page.locator(".story-embed__load")
    assert buttons.count() == 3 and all(buttons.nth(i).is_visible() for i in range(3))

    with page.expect_request("https://www.youtube-nocookie.com/embed/**") as played:
        page.click("text=Play the video")
    assert played.value.url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    video = page.locator(".story-embed--youtube iframe")
    assert video.get_attribute("title") == "YouTube video: Never Gonna Give You Up"
    assert "autoplay" in video.get_attribute("allow")
    stand_in = page.frame_locator(".story-embed--youtube iframe").locator("#stand-in")
    assert stand_in.inner_text() == "Stand-in for www.youtube-nocookie.com"
    # Only the player the reader asked for.
    assert [url.split("/")[2] for url in elsewhere(asked, live_server)] == [
        "www.youtube-nocookie.com"
    ]

    with page.expect_request("https://platform.twitter.com/embed/**"):
        page.click("text=Show the X post")
    post = page.locator(".story-embed--x iframe")
    # Polled from here: a string polled inside the page would need eval, which the CSP forbids.
    for _ in range(100):
        if post.evaluate("frame => frame.style.height") == "420px":
            break
        page.wait_for_timeout(50)
    assert post.evaluate("frame => frame.style.height") == "420px"
    assert post.is_visible()
    assert not page.locator(".story-embed--x .story-embed__quote").is_visible()  # the post shows it
    assert page.locator(".story-embed--bluesky iframe").count() == 0
    assert complaints == []


def test_without_javascript_a_card_is_a_quote_with_a_link(open_page, live_server, story):
    page = open_page(PHONE, java_script_enabled=False)
    asked, _ = watch(page, live_server)
    page.goto(story)
    page.wait_for_load_state("networkidle")
    assert elsewhere(asked, live_server) == []
    assert page.locator(".story-embed__load").first.is_hidden()
    quote = page.locator(".story-embed--x .story-embed__quote")
    assert quote.inner_text() == "Happy 50th anniversary to the Wilderness Act!"
    link = page.locator(".story-embed--x a.story-embed__link")
    assert link.get_attribute("href") == "https://x.com/Interior/status/507185938620219395"
    assert link.inner_text() == "View on X"
