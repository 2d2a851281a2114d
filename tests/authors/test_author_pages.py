"""Author pages, feeds and bylines, as readers and crawlers see them: live stories only."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from articles.bylines import in_words
from tests.articles.test_visibility import hidden_story_fields

SITE = "http://127.0.0.1:8000"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
UNPUBLISHED = ["draft", "review", "approved", "scheduled", "withdrawn", "expired"]


@pytest.fixture
def ann(make_author, make_image, writer):
    return make_author(
        name="Ann Writer",
        slug="ann-writer",
        user=writer,
        job_title="Entertainment reporter",
        bio="Ann covers film sets and premieres.",
        photo=make_image(alt_text="Ann Writer", size=(600, 750)),
        website="https://ann.example.org/",
        x_handle="@annwrites",
    )


@pytest.fixture
def agency(make_author):
    return make_author(name="Agency reporter", slug="agency-reporter")


def json_ld(text):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return {item["@type"]: item for item in map(json.loads, blocks)}


def sitemap_locations(client, name):
    root = ET.fromstring(client.get(f"/sitemap-{name}.xml").content)
    return [loc.text.removeprefix(SITE) for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_author_page_lists_their_live_stories_only_newest_first(
    client, make_article, ann, agency, status
):
    now = timezone.now()
    older = make_article(headline="Older premiere", bylines=[ann], publish_at=now - _hours(5))
    newer = make_article(
        headline="Newer premiere", bylines=[agency, ann], publish_at=now - _hours(1)
    )
    make_article(headline="Someone else's scoop", bylines=[agency])
    make_article(headline="Hidden scoop", bylines=[ann], **hidden_story_fields(status))
    text = client.get("/authors/ann-writer/").text
    assert text.index(newer.headline) < text.index(older.headline)
    assert "Someone else's scoop" not in text and "Hidden scoop" not in text


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_an_author_with_no_live_story_has_no_page_feed_or_sitemap_entry(
    client, make_article, ann, agency, status
):
    make_article(headline="Hidden scoop", bylines=[ann], **hidden_story_fields(status))
    make_article(bylines=[agency])  # the sitemap is not empty
    assert client.get("/authors/ann-writer/").status_code == 404
    assert client.get("/feeds/authors/ann-writer/").status_code == 404
    assert "/authors/ann-writer/" not in sitemap_locations(client, "authors")
    assert "/authors/agency-reporter/" in sitemap_locations(client, "authors")
    assert "Ann Writer" not in client.get("/sitemap-images.xml").text


def test_unknown_author_is_404(client, db):
    assert client.get("/authors/nobody/").status_code == 404
    assert client.get("/feeds/authors/nobody/").status_code == 404


def test_author_page_shows_name_role_bio_photo_and_links(client, make_article, ann):
    make_article(bylines=[ann])
    text = client.get("/authors/ann-writer/").text
    assert '<h1 class="page-header__title">Ann Writer</h1>' in text
    assert "Entertainment reporter" in text and "Ann covers film sets" in text
    assert 'alt="Ann Writer"' in text
    assert 'href="https://ann.example.org/"' in text and 'href="https://x.com/annwrites"' in text
    assert 'href="/feeds/authors/ann-writer/"' in text


def test_author_page_pages_through_stories_without_counting(client, make_article, agency):
    start = timezone.now() - _hours(100)
    for n in range(21):
        make_article(headline=f"Wire story {n:02}", bylines=[agency], publish_at=start + _hours(n))
    first = client.get("/authors/agency-reporter/").text
    assert "Wire story 20" in first and "Wire story 01" in first and "Wire story 00" not in first
    assert 'rel="next" href="?page=2"' in first
    assert '<span class="pagination__current">Page 1</span>' in first  # no count
    second = client.get("/authors/agency-reporter/?page=2")
    assert "Wire story 00" in second.text and "Wire story 01" not in second.text
    assert f'<link rel="canonical" href="{SITE}/authors/agency-reporter/?page=2">' in second.text
    assert client.get("/authors/agency-reporter/?page=3").status_code == 404
    assert client.get("/authors/agency-reporter/?page=x").status_code == 404


def test_author_page_head_has_canonical_share_tags_and_a_profile_page(client, make_article, ann):
    make_article(bylines=[ann])
    text = client.get("/authors/ann-writer/").text
    url = f"{SITE}/authors/ann-writer/"
    assert f'<link rel="canonical" href="{url}">' in text
    assert '<meta name="description" content="Ann covers film sets and premieres.">' in text
    assert '<meta property="og:type" content="profile">' in text
    assert f'<meta property="og:url" content="{url}">' in text
    assert '<meta name="twitter:image:alt" content="Ann Writer">' in text
    data = json_ld(text)
    assert [step["name"] for step in data["BreadcrumbList"]["itemListElement"]] == [
        "Home",
        "Ann Writer",
    ]
    profile = data["ProfilePage"]
    assert profile["url"] == url and profile["dateModified"]
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert (person["name"], person["url"]) == ("Ann Writer", url)
    assert person["jobTitle"] == "Entertainment reporter"
    assert person["image"].startswith(SITE + "/media/")
    assert person["sameAs"] == ["https://ann.example.org/", "https://x.com/annwrites"]


def test_an_author_with_only_a_name_still_has_a_full_head(client, make_article, agency):
    make_article(bylines=[agency])
    text = client.get("/authors/agency-reporter/").text
    assert '<meta name="description" content="Stories by Agency reporter.">' in text
    assert f'<meta property="og:image" content="{SITE}/static/img/share.png">' in text
    person = json_ld(text)["ProfilePage"]["mainEntity"]
    assert set(person) == {"@type", "name", "url"}


def test_author_feed_has_their_live_stories_with_every_author_named(
    client, make_article, ann, agency
):
    make_article(headline="Together", bylines=[agency, ann])
    make_article(headline="Alone", bylines=[ann])
    make_article(headline="Not theirs", bylines=[agency])
    make_article(headline="Not yet", bylines=[ann], **hidden_story_fields("scheduled"))
    feed = feedparser.parse(client.get("/feeds/authors/ann-writer/").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Gossip Desk: Ann Writer"
    assert feed.feed.link == f"{SITE}/authors/ann-writer/"
    assert {entry.title: entry.author for entry in feed.entries} == {
        "Together": "Agency reporter, Ann Writer",
        "Alone": "Ann Writer",
    }


def test_sitemap_index_and_image_sitemap_include_authors(client, make_article, ann):
    make_article(bylines=[ann])
    assert f"{SITE}/sitemap-authors.xml" in client.get("/sitemap.xml").text
    assert sitemap_locations(client, "authors") == ["/authors/ann-writer/"]
    root = ET.fromstring(client.get("/sitemap-images.xml").content)
    pictured = {
        url.find(f"{{{SITEMAP_NS}}}loc").text.removeprefix(SITE): url.find(
            f".//{{{IMAGE_NS}}}loc"
        ).text
        for url in root.iter(f"{{{SITEMAP_NS}}}url")
    }
    assert pictured["/authors/ann-writer/"].startswith(SITE + "/media/")


def test_story_byline_links_each_author_in_order(client, make_article, ann, agency):
    story = make_article(bylines=[agency, ann])
    text = client.get(story.get_absolute_url()).text
    assert (
        '<p class="byline__authors">By <a href="/authors/agency-reporter/">Agency reporter</a>'
        ' and <a href="/authors/ann-writer/">Ann Writer</a></p>'
    ) in text


def test_cards_show_bylines(client, make_article, make_author, ann, agency, section):
    third = make_author(name="Bo Freelance")
    make_article(headline="Three names", bylines=[ann, third, agency])
    make_article(headline="Unsigned")
    for url in ["/", section.get_absolute_url(), "/authors/ann-writer/"]:
        text = client.get(url).text
        assert "By Ann Writer, Bo Freelance and Agency reporter</span>" in text, url
    assert text.count('class="card__byline"') == 1


@pytest.mark.parametrize(
    ("names", "phrase"),
    [([], ""), (["Ann"], "Ann"), (["Ann", "Bo"], "Ann and Bo"), (["A", "B", "C"], "A, B and C")],
)
def test_names_read_as_a_sentence(names, phrase):
    assert in_words(names) == phrase


def test_a_renamed_author_keeps_their_old_address(client, make_article, ann):
    make_article(bylines=[ann])
    ann.slug = "ann-m-writer"
    ann.save()
    response = client.get("/authors/ann-writer/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/authors/ann-m-writer/?page=1"


def test_a_renamed_author_shows_on_cards_at_once(client, make_article, ann, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 600
    make_article(bylines=[ann])
    assert "By Ann Writer" in client.get("/").text
    ann.name = "Ann Ríos"
    ann.save()
    assert "By Ann Ríos" in client.get("/").text


def _hours(n):
    return datetime.timedelta(hours=n)
