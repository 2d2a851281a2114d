"""What readers' pages say over HTTP: compression, validators and 304s, HEAD, icons."""

import datetime
import gzip
import io

import brotli
import pytest
from django.utils import timezone
from PIL import Image as PILImage

from newsroom import pagecache

PAGES = [
    "/",
    "/articles/story/",
    "/sections/film/",
    "/tags/stunts/",
    "/people/",
    "/people/hayley-atwell/",
    "/productions/",
    "/productions/dead-reckoning/",
    "/search/?q=story",
    "/feeds/latest/",
    "/feeds/productions/dead-reckoning/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-images.xml",
    "/news-sitemap.xml",
    "/robots.txt",
]


# robots.txt is too short to be worth it (below compression.MIN_LENGTH).
COMPRESSED = [url for url in PAGES if url != "/robots.txt"]


@pytest.fixture
def site(make_article, make_person, make_production, make_image):
    person = make_person(name="Hayley Atwell", slug="hayley-atwell", photo=make_image())
    production = make_production(title="Dead Reckoning", slug="dead-reckoning")
    return make_article(
        slug="story",
        headline="A story long enough to be worth compressing " * 3,
        hero_image=make_image(),
        tags=["Stunts"],
        people=[person],
        productions=[production],
    )


@pytest.fixture(params=[0, 60], ids=["uncached", "cached"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = request.param
    return request.param


DECODERS = {"br": brotli.decompress, "gzip": gzip.decompress}


@pytest.mark.parametrize("url", COMPRESSED)
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_readers_get_pages_feeds_and_sitemaps_compressed(client, site, url, encoding):
    plain = client.get(url)
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    packed = client.get(url, HTTP_ACCEPT_ENCODING=f"{encoding}, deflate")
    assert packed["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert DECODERS[encoding](packed.content) == plain.content


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("gzip, deflate, br", "br"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.1", "br"),
        ("*", "br"),
        ("identity", None),
        ("br;q=0, gzip;q=0", None),
        ("", None),
    ],
)
def test_the_encoding_follows_what_the_browser_accepts(client, site, accept, expected):
    response = client.get("/", HTTP_ACCEPT_ENCODING=accept)
    assert response.get("Content-Encoding") == expected


def test_staff_pages_are_never_compressed(staff_client, site):
    # Their pages carry CSRF tokens and drafts that compression would help guess (BREACH).
    for url in ["/admin/", "/admin/articles/article/", "/", "/articles/story/"]:
        response = staff_client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response, url


@pytest.mark.parametrize("url", ["/", "/articles/story/", "/feeds/latest/", "/sitemap.xml"])
def test_an_unchanged_page_is_a_304_by_etag(client, site, page_cache, url):
    first = client.get(url)
    assert first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    # The compressed copy's weak tag names the same page.
    packed = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert packed["ETag"] == f"W/{first['ETag']}"
    assert client.get(url, HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304


@pytest.mark.parametrize("url", ["/", "/articles/story/", "/feeds/latest/", "/sitemap.xml"])
def test_an_unchanged_page_is_a_304_by_last_modified(client, site, page_cache, url):
    first = client.get(url)
    modified = first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_last_modified_outlives_a_purge_while_the_page_is_the_same(
    client, site, page_cache, time_machine, make_article
):
    time_machine.move_to(timezone.now())
    first = client.get("/articles/story/")
    time_machine.shift(datetime.timedelta(seconds=90))
    pagecache.purge()
    second = client.get("/articles/story/")
    assert second["Last-Modified"] == first["Last-Modified"]
    assert (
        client.get("/articles/story/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )
    # A new story changes the home page: it is new since then, and says so.
    before = client.get("/")["Last-Modified"]
    time_machine.shift(datetime.timedelta(seconds=5))
    make_article(headline="Breaking news")
    home = client.get("/", HTTP_IF_MODIFIED_SINCE=before)
    assert home.status_code == 200 and "Breaking news" in home.text
    assert home["Last-Modified"] != before


@pytest.mark.parametrize("url", [*PAGES, "/healthz", "/favicon.ico", "/apple-touch-icon.png"])
def test_head_works_wherever_get_does(client, site, url):
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == got.status_code == 200
    assert b"".join(head.streaming_content if head.streaming else [head.content]) == b""
    assert head["Content-Type"] == got["Content-Type"]


def test_the_preview_answers_head_too(client, site, writer):
    from articles import previews

    site.status = "draft"
    site.save()
    token = previews.token_for(previews.create_link(site, writer))
    assert client.head(f"/preview/{token}/").status_code == 200


def test_the_site_has_a_favicon_and_a_touch_icon(client, site):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert PILImage.open(io.BytesIO(b"".join(icon.streaming_content))).format == "ICO"
    touch = client.get("/apple-touch-icon.png")
    picture = PILImage.open(io.BytesIO(b"".join(touch.streaming_content)))
    assert picture.format == "PNG" and picture.size == (180, 180)
    page = client.get("/").text
    assert '<link rel="icon" href="/favicon.ico"' in page
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in page
