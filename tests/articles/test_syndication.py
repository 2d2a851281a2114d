"""Feeds, sitemaps, share tags and structured data, as machines read them."""

import datetime
import html
import io
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image as PILImage
from taggit.models import Tag

from articles.bylines import set_bylines
from articles.sitemaps import ImageSitemap

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@pytest.fixture
def story(make_article, make_person, make_image, make_author):
    person = make_person(
        name="Pom Klementieff",
        slug="pom-klementieff",
        birth_date=datetime.date(1986, 5, 3),
        photo=make_image(),
    )
    article = make_article(
        headline="Klementieff asked for a real kick",
        slug="real-kick",
        standfirst="She wanted the fight to look real & raw.",
        hero_image=make_image(alt_text="Actor on set"),
        tags=["Stunts", "Interviews"],
        people=[person],
        bylines=[make_author(name="Ann Writer", slug="ann-writer")],
    )
    return article


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/latest/",
        "/feeds/sections/film/",
        "/feeds/tags/stunts/",
        "/feeds/people/pom-klementieff/",
    ],
)
def test_feeds_are_valid_rss_with_author_categories_and_enclosure(client, story, url):
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    entry = feed.entries[0]
    assert entry.title == "Klementieff asked for a real kick"
    # The description is HTML to a feed reader: the standfirst arrives escaped, as text.
    assert html.unescape(entry.summary) == "She wanted the fight to look real & raw."
    assert "Ann Writer" in entry.author
    assert {"Film", "Stunts", "Interviews"} <= {tag.term for tag in entry.tags}
    assert entry.enclosures and entry.enclosures[0].type.startswith("image/")
    assert entry.link.endswith("/articles/real-kick/")


MARKUP = "<img src=x onerror=alert(1)>"


def test_names_that_look_like_markup_reach_feed_readers_as_text(
    client, make_article, make_person, make_section
):
    section = make_section(name=f"{MARKUP} section", slug="odd-section")
    person = make_person(name=f"{MARKUP} person", slug="odd-person")
    make_article(
        headline=f"{MARKUP} headline",
        standfirst=f"{MARKUP} standfirst",
        section=section,
        tags=[f"{MARKUP} tag"],
        people=[person],
    )
    tag = Tag.objects.get()
    for url, name in [
        ("/feeds/sections/odd-section/", section.name),
        ("/feeds/tags/" + tag.slug + "/", tag.name),
        ("/feeds/people/odd-person/", person.name),
        ("/feeds/latest/", None),
    ]:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, feed.bozo_exception
        # Readers show descriptions, and most show titles, as HTML: the markup is escaped,
        # so it arrives as the literal name and never as an element.
        entry = feed.entries[0]
        texts = [feed.feed.title, feed.feed.subtitle, entry.title, entry.summary]
        assert not any("<img" in text for text in texts), url
        if name:
            assert name in html.unescape(feed.feed.title), url
            assert name in html.unescape(feed.feed.subtitle), url
        assert html.unescape(entry.title) == f"{MARKUP} headline"
        assert html.unescape(entry.summary) == f"{MARKUP} standfirst"


def test_feed_for_unknown_tag_or_person_is_404(client, db):
    assert client.get("/feeds/tags/nothing/").status_code == 404
    assert client.get("/feeds/people/nobody/").status_code == 404


def test_sitemap_index_lists_every_kind(client, story):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    locations = [loc.text for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    for kind in ["articles", "people", "productions", "sections", "tags"]:
        assert any(f"sitemap-{kind}.xml" in loc for loc in locations), kind


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("articles", "/articles/real-kick/"),
        ("people", "/people/pom-klementieff/"),
        ("sections", "/sections/film/"),
        ("tags", "/tags/stunts/"),
    ],
)
def test_each_sitemap_parses_and_lists_its_pages(client, story, kind, expected):
    root = ET.fromstring(client.get(f"/sitemap-{kind}.xml").content)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    assert any(loc.text.endswith(expected) for loc in root.iter(f"{{{SITEMAP_NS}}}loc"))


def test_news_sitemap_has_the_last_48_hours_only(client, story, make_article):
    make_article(slug="old-news", publish_at=timezone.now() - datetime.timedelta(hours=49))
    root = ET.fromstring(client.get("/news-sitemap.xml").content)
    urls = [loc.text for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    assert any(u.endswith("/articles/real-kick/") for u in urls)
    assert not any(u.endswith("/articles/old-news/") for u in urls)
    titles = [t.text for t in root.iter(f"{{{NEWS_NS}}}title")]
    assert titles == ["Klementieff asked for a real kick"]
    assert root.find(f".//{{{NEWS_NS}}}publication_date") is not None


def test_robots_txt_names_the_sitemaps(client, db):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Sitemap: http://127.0.0.1:8000/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text


# Names of the standards a document follows, which are URLs but not links.
STANDARDS = (
    "http://www.sitemaps.org/",
    "http://www.google.com/schemas/",
    "http://www.w3.org/",
    "http://purl.org/dc/",
    "http://search.yahoo.com/mrss/",
    "https://schema.org",
)


def absolute_urls(text):
    return [
        url for url in re.findall(r"https?://[^\s\"'<>]+", text) if not url.startswith(STANDARDS)
    ]


@pytest.fixture
def another_host(settings):
    """The site is news.example.org; requests arrive for another host it also answers to."""
    settings.SITE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["news.example.org", "staging.example.net"]
    return "staging.example.net:8443"


@pytest.mark.parametrize(
    "url",
    [
        "/articles/real-kick/",
        "/people/pom-klementieff/",
        "/productions/dead-reckoning/",
        "/sections/film/",
        "/tags/stunts/",
        "/people/",
        "/feeds/latest/",
        "/feeds/sections/film/",
        "/feeds/tags/stunts/",
        "/feeds/people/pom-klementieff/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-people.xml",
        "/sitemap-productions.xml",
        "/sitemap-sections.xml",
        "/sitemap-tags.xml",
        "/news-sitemap.xml",
        "/robots.txt",
    ],
)
def test_absolute_urls_name_the_site_whatever_host_was_asked(
    client, story, make_production, another_host, url
):
    make_production(title="Dead Reckoning", slug="dead-reckoning")
    response = client.get(url, HTTP_HOST=another_host)
    assert response.status_code == 200
    urls = absolute_urls(response.content.decode())
    assert urls
    assert [u for u in urls if not u.startswith("https://news.example.org/")] == []


def test_a_share_link_and_its_page_name_the_site_whatever_host_was_asked(
    client, story, writer, another_host
):
    story.status, story.created_by = "draft", writer  # a writer shares their own draft
    story.save()
    client.force_login(writer)
    client.post(f"/admin/articles/article/{story.pk}/share/", HTTP_HOST=another_host)
    admin_page = client.get(f"/admin/articles/article/{story.pk}/change/", HTTP_HOST=another_host)
    (share_link,) = [u for u in absolute_urls(admin_page.text) if "/preview/" in u]
    assert share_link.startswith("https://news.example.org/preview/")
    client.logout()
    path = share_link.removeprefix("https://news.example.org")
    preview = client.get(path, HTTP_HOST=another_host)
    assert "Klementieff asked for a real kick" in preview.text
    # A preview names no address of its own: the story's is a 404 until it goes out.
    assert 'rel="canonical"' not in preview.text
    urls = absolute_urls(preview.text)
    assert [u for u in urls if not u.startswith("https://news.example.org/")] == []


def json_ld(text, kind=None):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return [data for data in map(json.loads, blocks) if kind in (None, data["@type"])]


def test_article_has_news_article_json_ld(client, story):
    (data,) = json_ld(client.get("/articles/real-kick/").text, "NewsArticle")
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Klementieff asked for a real kick"
    for key in ["image", "datePublished", "dateModified", "author", "publisher"]:
        assert data[key], key
    assert data["author"][0]["name"] == "Ann Writer"
    assert data["about"][0]["name"] == "Pom Klementieff"


def test_person_has_person_json_ld(client, story):
    (data,) = json_ld(client.get("/people/pom-klementieff/").text, "Person")
    assert data["@type"] == "Person"
    assert data["name"] == "Pom Klementieff"
    assert data["birthDate"] == "1986-05-03"
    assert data["image"].startswith("http")


def test_json_ld_cannot_be_broken_out_of(client, make_article):
    make_article(slug="x", headline="</script><script>alert(1)</script>")
    text = client.get("/articles/x/").text
    assert "<script>alert(1)" not in text
    (data,) = json_ld(text, "NewsArticle")
    assert data["headline"] == "</script><script>alert(1)</script>"


def test_share_tags_and_canonical(client, story):
    text = client.get("/articles/real-kick/").text
    assert '<link rel="canonical" href="http://127.0.0.1:8000/articles/real-kick/">' in text
    assert '<meta property="og:title" content="Klementieff asked for a real kick">' in text
    assert '<meta property="og:type" content="article">' in text
    assert '<meta name="twitter:card" content="summary_large_image">' in text
    assert re.search(r'<meta property="og:image" content="http[^"]+">', text)
    assert (
        '<meta name="description" content="She wanted the fight to look real &amp; raw.">' in text
    )


def test_related_stories_put_shared_people_before_shared_tags(client, story, make_article):
    person = story.people.get()
    make_article(slug="tag-only", headline="Tag only", tags=["Stunts"])
    make_article(slug="person-too", headline="Person too", people=[person])
    make_article(slug="unrelated", headline="Unrelated")
    related = [a.slug for a in client.get("/articles/real-kick/").context["related"]]
    assert related == ["person-too", "tag-only"]


def test_later_pages_of_a_list_are_marked_for_search_engines(client, make_article, section):
    for n in range(45):
        make_article(slug=f"s{n}")
    first = client.get("/sections/film/").text
    assert '<link rel="canonical" href="http://127.0.0.1:8000/sections/film/">' in first
    assert '<link rel="next" href="http://127.0.0.1:8000/sections/film/?page=2">' in first
    assert 'rel="prev"' not in first
    second = client.get("/sections/film/?page=2").text
    assert '<link rel="canonical" href="http://127.0.0.1:8000/sections/film/?page=2">' in second
    assert '<link rel="prev" href="http://127.0.0.1:8000/sections/film/">' in second
    assert "(page 2)" in second


def test_people_index_a_to_z(client, make_person):
    make_person(name="Hayley Atwell", slug="hayley-atwell")
    make_person(name="Tom Cruise", slug="tom-cruise")
    text = client.get("/people/?letter=A").text  # filed by surname
    assert "Hayley Atwell" in text and "Tom Cruise" not in text
    assert 'aria-current="page">A</a>' in text
    assert "Tom Cruise" in client.get("/people/?letter=C").text


def stored_file(url):
    """The bytes of a media file named by its absolute URL."""
    path = url.removeprefix("http://127.0.0.1:8000").removeprefix(settings.MEDIA_URL)
    with default_storage.open(path) as stored:
        return stored.read()


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/latest/",
        "/feeds/sections/film/",
        "/feeds/tags/stunts/",
        "/feeds/people/pom-klementieff/",
        "/feeds/productions/dead-reckoning/",
    ],
)
def test_feed_items_enclose_a_sized_jpeg_with_its_true_length_and_media_rss(
    client, story, make_production, make_image, url
):
    story.hero_image = make_image(alt_text="Actor on set", credit="Agency X", size=(1600, 1000))
    story.hero_caption = "On set in Venice"
    story.save()
    story.productions.add(make_production(title="Dead Reckoning", slug="dead-reckoning"))
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    (enclosure,) = entry.enclosures
    data = stored_file(enclosure.href)
    assert int(enclosure.length) == len(data)
    assert enclosure.type == "image/jpeg"
    picture = PILImage.open(io.BytesIO(data))
    assert picture.format == "JPEG" and picture.size == (1280, 800)  # a rendition, not the master
    assert "/renditions/" in enclosure.href
    (media,) = entry.media_content
    assert media["url"] == enclosure.href and media["medium"] == "image"
    assert (int(media["width"]), int(media["height"])) == picture.size
    assert int(media["filesize"]) == len(data)
    assert entry.media_credit == [{"content": "Agency X"}]
    assert entry.content[0].value == "On set in Venice"  # media:description


def test_a_story_without_a_byline_is_written_by_the_desk(client, make_article):
    make_article(headline="Unsigned story")
    (entry,) = feedparser.parse(client.get("/feeds/latest/").content).entries
    assert entry.author == "Gossip Desk"
    assert not entry.get("enclosures") and not entry.get("media_content")


def test_a_story_with_several_bylines_names_them_all_in_order(client, story, make_author):
    set_bylines(story, [make_author(name="Agency reporter"), *authors_of(story)])
    (entry,) = feedparser.parse(client.get("/feeds/latest/").content).entries
    assert entry.author == "Agency reporter, Ann Writer"


def authors_of(story):
    return [byline.author for byline in story.bylines.all()]


def test_production_feed_lists_its_live_stories_only(client, story, make_article, make_production):
    production = make_production(title="Dead Reckoning", slug="dead-reckoning")
    story.productions.add(production)
    make_article(headline="Draft about it", status="draft", productions=[production])
    make_article(headline="About something else")
    feed = feedparser.parse(client.get("/feeds/productions/dead-reckoning/").content)
    assert [entry.title for entry in feed.entries] == [story.headline]
    assert "Dead Reckoning" in feed.feed.title
    assert client.get("/feeds/productions/nothing/").status_code == 404
    page = client.get("/productions/dead-reckoning/").text
    assert 'href="/feeds/productions/dead-reckoning/"' in page


IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"


def test_image_sitemap_lists_pictures_readers_may_see_now(
    client, story, make_article, make_image, make_person, make_production
):
    hidden = make_image()
    make_article(slug="draft", status="draft", publish_at=None, hero_image=hidden)
    make_article(
        slug="gone",
        expire_at=timezone.now() - datetime.timedelta(minutes=1),
        publish_at=timezone.now() - datetime.timedelta(hours=2),
        hero_image=hidden,
    )
    make_production(slug="with-poster", poster=make_image())
    make_person(slug="no-photo")
    root = ET.fromstring(client.get("/sitemap-images.xml").content)
    pages = {
        url.find(f"{{{SITEMAP_NS}}}loc").text.removeprefix("http://127.0.0.1:8000"): [
            image.text for image in url.iter(f"{{{IMAGE_NS}}}loc")
        ]
        for url in root.iter(f"{{{SITEMAP_NS}}}url")
    }
    assert set(pages) == {
        "/articles/real-kick/",
        "/people/pom-klementieff/",
        "/productions/with-poster/",
    }
    for pictures in pages.values():
        (picture,) = pictures
        assert stored_file(picture)  # a file readers can load
    assert not any(hidden.file.name.split("/")[-1].split(".")[0] in p[0] for p in pages.values())
    index = client.get("/sitemap.xml").text
    assert "http://127.0.0.1:8000/sitemap-images.xml" in index


def test_image_sitemap_pages_through_stories_people_and_productions(
    client, make_article, make_image, make_person, monkeypatch
):
    monkeypatch.setattr(ImageSitemap, "limit", 2)
    for n in range(3):
        make_article(slug=f"s{n}", hero_image=make_image())
        make_person(slug=f"p{n}", photo=make_image())
    seen = []
    for page in (1, 2, 3):
        root = ET.fromstring(client.get(f"/sitemap-images.xml?p={page}").content)
        seen += [loc.text for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    assert len(seen) == len(set(seen)) == 6
    assert client.get("/sitemap-images.xml?p=4").status_code == 404


def test_a_section_without_live_stories_is_not_offered_to_search_engines(
    client, story, make_section, make_article
):
    empty = make_section(name="Royals", slug="royals")
    make_article(section=empty, status="draft", publish_at=None)
    locations = client.get("/sitemap-sections.xml").text
    assert "/sections/film/" in locations and "/sections/royals/" not in locations
    assert '<meta name="robots" content="noindex, follow">' in client.get("/sections/royals/").text
    assert 'name="robots"' not in client.get("/sections/film/").text
