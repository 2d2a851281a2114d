"""Nothing unpublished leaks by any route: pages, feeds, sitemaps, search, JSON-LD, pictures,
share links, error pages and caches, for a draft, a scheduled, a withdrawn, an expired
and an embargoed story, and for a picture whose licence has ended.

tests/articles/test_visibility.py holds the visibility rule itself; this file walks every
route a reader, a crawler or a cache can take.
"""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import previews
from tests.articles.test_visibility import hidden_story_fields

SECRET = "Zanzibar"  # a word only the hidden story uses


@pytest.fixture(params=["draft", "scheduled", "withdrawn", "expired", "embargoed"])
def hidden(request, world, make_article, make_image, make_author):
    """A story readers must not see, sharing the live one's section, tags, people and author,
    and signed by one more who has written nothing live."""
    return make_article(
        headline=f"{SECRET} wedding: the secret guest list",
        slug="zanzibar-wedding-secret",
        standfirst=f"Embargoed until the {SECRET} ceremony.",
        body=f"<p>The {SECRET} guests were sworn to secrecy.</p>",
        hero_image=make_image(alt_text=f"{SECRET} beach", caption=f"{SECRET} at dusk"),
        hero_caption=f"{SECRET} villa",
        tags=["Stunts", "Zanzibar only"],
        people=[world["person"]],
        productions=[world["production"]],
        bylines=[world["author"], make_author(name=f"{SECRET} stringer", slug="zanzibar-stringer")],
        **hidden_story_fields(request.param),
    )


def picture_urls(image):
    """The picture's own URL and those of its renditions (if the library has made any)."""
    urls = [image.file.url]
    renditions = getattr(image, "renditions", None)
    if renditions is not None:
        urls += [rendition.file.url for rendition in renditions.all() if rendition.file]
    return urls


def traces(story):
    """Every string that would show the hidden story was there (a search box may echo SECRET)."""
    words = ["wedding", "ceremony", "guests", "beach", "at dusk", "villa", "only"]
    return [
        *(f"{SECRET} {word}" for word in words),
        "zanzibar-only",  # the tag only it carries
        f"{SECRET} stringer",  # the author only it carries
        "zanzibar-stringer",
        story.slug,
        *picture_urls(story.hero_image),
    ]


def public_urls(world):
    section, person, author = world["section"].slug, world["person"].slug, world["author"].slug
    return [
        "/",
        world["live"].get_absolute_url(),  # related stories and JSON-LD
        f"/sections/{section}/",
        "/tags/stunts/",
        f"/people/{person}/",
        "/people/",
        "/productions/dead-reckoning/",
        "/productions/",
        f"/search/?q={SECRET}",
        "/search/?q=wedding+guest",
        "/search/?q=Klementieff",
        "/feeds/latest/",
        f"/feeds/sections/{section}/",
        "/feeds/tags/stunts/",
        f"/feeds/people/{person}/",
        "/feeds/productions/dead-reckoning/",
        f"/authors/{author}/",
        f"/feeds/authors/{author}/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
        "/sitemap-tags.xml",
        "/sitemap-people.xml",
        "/sitemap-productions.xml",
        "/sitemap-authors.xml",
        "/sitemap-images.xml",
        "/news-sitemap.xml",
        "/robots.txt",
    ]


def test_hidden_story_leaves_no_trace_on_any_public_route(client, world, hidden):
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        found = [trace for trace in traces(hidden) if trace in text]
        assert found == [], url


def test_hidden_story_address_is_a_plain_404(client, hidden):
    for method in (client.get, client.head):
        response = method(hidden.get_absolute_url())
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
        assert "private" not in response.get("Cache-Control", "")  # nothing staff-only here


def test_live_storys_related_links_and_json_ld_leave_hidden_story_out(client, world, hidden):
    page = client.get(world["live"].get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert blocks
    for block in blocks:
        assert SECRET not in json.dumps(json.loads(block))
    assert hidden.get_absolute_url() not in page


def test_counts_and_page_numbers_count_live_stories_only(client, world, hidden, make_article):
    for _ in range(19):  # with the live one: exactly one page of 20
        make_article(tags=["Stunts"], people=[world["person"]], bylines=[world["author"]])
    lists = [
        f"/sections/{world['section'].slug}/",
        "/tags/stunts/",
        f"/authors/{world['author'].slug}/",
    ]
    for url in lists:
        page = client.get(url).content.decode()
        assert "Page 1 of" not in page, url
        assert client.get(f"{url}?page=2").status_code == 404, url


def test_hidden_storys_picture_names_cannot_be_guessed(hidden):
    # Stored under random names (newsroom.models.image_upload_to, newsroom.images):
    # knowing a live picture's address tells nothing about an unpublished one's.
    for url in picture_urls(hidden.hero_image):
        name = url.rsplit("/", 1)[-1]
        assert "photo" not in name  # the uploaded file's own name is not used
        assert re.search(r"[0-9a-f]{8}", name), name


def test_tag_only_hidden_stories_carry_is_not_found(client, hidden):
    assert client.get("/tags/zanzibar-only/").status_code == 404
    assert client.get("/feeds/tags/zanzibar-only/").status_code == 404


def test_author_only_hidden_stories_carry_is_not_found(client, hidden):
    assert client.get("/authors/zanzibar-stringer/").status_code == 404
    assert client.get("/feeds/authors/zanzibar-stringer/").status_code == 404


# Share links and staff previews ------------------------------------------------------------


def test_share_link_works_until_revoked(client, hidden, editor):
    link = previews.create_link(hidden, by=editor)
    url = f"/preview/{previews.token_for(link)}/"
    shared = client.get(url)
    if hidden.status == "withdrawn" or hidden.is_under_embargo():
        # Withdrawing a story stops its links too: it was pulled for a reason. An embargo
        # keeps it to the desk's own people.
        assert shared.status_code == 404 and SECRET not in shared.content.decode()
        return
    assert shared.status_code == 200 and SECRET in shared.content.decode()
    assert {"private", "no-store"} <= set(shared["Cache-Control"].split(", "))
    assert "noindex" in shared["X-Robots-Tag"]

    previews.revoke(link)
    refused = client.get(url)
    assert refused.status_code == 404
    assert SECRET not in refused.content.decode()


def test_share_link_stops_at_expiry(client, hidden, editor, time_machine, settings):
    time_machine.move_to(timezone.now(), tick=False)
    link = previews.create_link(hidden, by=editor)
    url = f"/preview/{previews.token_for(link)}/"
    later = datetime.timedelta(hours=settings.NEWSROOM_PREVIEW_HOURS, seconds=1)
    time_machine.move_to(timezone.now() + later, tick=False)
    refused = client.get(url)
    assert refused.status_code == 404
    assert SECRET not in refused.content.decode()


@pytest.mark.parametrize("token", ["1", "MQ:forged", "../admin/"])
def test_forged_share_links_open_nothing(client, hidden, token):
    response = client.get(f"/preview/{token}/")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_staff_preview_is_for_staff_only(client, hidden):
    response = client.get(f"/admin/articles/article/{hidden.pk}/preview/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert SECRET not in response.content.decode()


def test_staff_preview_is_never_stored(client, hidden, editor):
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/{hidden.pk}/preview/")
    assert response.status_code == 200 and SECRET in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# Caches --------------------------------------------------------------------------------------


def test_page_cache_never_hands_a_staff_page_to_a_reader(world, hidden, editor, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    staff = Client()
    staff.force_login(editor)
    seen_by_staff = staff.get("/")
    assert "no-store" in seen_by_staff["Cache-Control"]

    reader = Client()
    with CaptureQueriesContext(connection) as queries:
        fresh = reader.get("/")
    assert len(queries) > 0  # made for the reader, not taken from the staff visit
    assert "public" in fresh["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        reader.get("/")
    assert len(queries) == 0  # the reader's own page is what the cache keeps


def test_cached_pages_never_outlive_a_hidden_storys_secret(client, world, hidden, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    for url in ["/", f"/sections/{world['section'].slug}/", "/feeds/latest/"]:
        client.get(url)
        cached = client.get(url).content.decode()
        assert SECRET not in cached, url


# Pictures whose licence has ended ------------------------------------------------------------


@pytest.fixture(params=["no stand-in", "its stand-in ended too"])
def ended_pictures(request, world, make_image):
    """A picture whose licence has ended, on the live story, the person and the production."""
    ended = timezone.now() - datetime.timedelta(minutes=1)
    stand_in = None
    if request.param == "its stand-in ended too":
        stand_in = make_image(alt_text=f"{SECRET} stand-in", expire_at=ended)
    picture = make_image(
        alt_text=f"{SECRET} exclusive",
        caption=f"{SECRET} at dusk",
        expire_at=ended,
        replace_with=stand_in,
    )
    for thing, field in ((world["live"], "hero_image"), (world["person"], "photo")):
        setattr(thing, field, picture)
        thing.save()
    world["production"].poster = picture
    world["production"].save()
    return [image for image in (picture, stand_in) if image is not None]


def ended_picture_traces(images):
    return [
        trace
        for image in images
        for trace in [image.alt_text, image.caption, *picture_urls(image)]
        if trace
    ]


def test_an_ended_picture_leaves_no_trace_on_any_public_route(client, world, ended_pictures):
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        found = [trace for trace in ended_picture_traces(ended_pictures) if trace in text]
        assert found == [], url


def test_a_page_cached_before_a_licence_ended_is_not_served_after(
    client, world, make_image, settings, time_machine
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    time_machine.move_to(timezone.now(), tick=False)
    picture = make_image(
        alt_text=f"{SECRET} exclusive", expire_at=timezone.now() + datetime.timedelta(seconds=30)
    )
    world["live"].hero_image = picture
    world["live"].save()
    urls = [world["live"].get_absolute_url(), "/", "/feeds/latest/", "/sitemap-images.xml"]

    def found(url):
        text = client.get(url).content.decode()
        return [trace for trace in ended_picture_traces([picture]) if trace in text]

    assert all(found(url) for url in urls)  # shown, and now cached
    time_machine.move_to(picture.expire_at, tick=False)
    assert [url for url in urls if found(url)] == []
