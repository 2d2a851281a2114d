"""Structured data and share tags on every kind of public page, as crawlers extract them.

extruct reads the JSON-LD and Open Graph of the demo's pages; each schema.org type is
checked against the properties search engines require or recommend for it.
"""

import io
import json
import re

import extruct
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as PILImage

from articles.models import Section

SITE = "http://127.0.0.1:8000"
DR = "/productions/mission-impossible-dead-reckoning-part-one/"
STORY = "/articles/pom-klementieff-asked-tom-cruise-to-kick-her/"

# Properties each type must carry (Google's article, breadcrumb, logo and sitelinks
# search box documentation, schema.org for people and productions).
REQUIRED = {
    "NewsArticle": [
        "headline",
        "image",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "mainEntityOfPage",
        "description",
    ],
    # Google's live blog documentation: an article, with its coverage and its updates.
    "LiveBlogPosting": [
        "headline",
        "image",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "mainEntityOfPage",
        "description",
        "coverageStartTime",
        "coverageEndTime",
        "liveBlogUpdate",
    ],
    "Event": ["name", "startDate", "url", "location"],
    "BreadcrumbList": ["itemListElement"],
    "WebSite": ["name", "url", "potentialAction"],
    "NewsMediaOrganization": ["name", "url", "logo"],
    "Person": ["name", "url", "image"],
    "Movie": ["name", "url", "image", "actor", "director", "datePublished"],
    "TVSeries": ["name", "url", "image", "actor", "datePublished"],
    "ProfilePage": ["url", "mainEntity"],
}
OPEN_GRAPH = ["og:title", "og:type", "og:url", "og:image", "og:description", "og:site_name"]
TWITTER = ["twitter:card", "twitter:title", "twitter:image", "twitter:image:alt"]

# (address, the types its JSON-LD holds)
PAGES = [
    ("/", {"WebSite", "NewsMediaOrganization"}),
    (STORY, {"NewsArticle", "BreadcrumbList"}),
    ("/articles/dead-reckoning-yellow-fiat-rome-chase/", {"NewsArticle", "BreadcrumbList"}),
    ("/sections/film/", {"BreadcrumbList"}),
    ("/tags/stunts/", {"BreadcrumbList"}),
    ("/people/", {"BreadcrumbList"}),
    ("/people/?letter=C", {"BreadcrumbList"}),
    ("/people/tom-cruise/", {"Person", "BreadcrumbList"}),
    ("/productions/", {"BreadcrumbList"}),
    (DR, {"Movie", "BreadcrumbList"}),
    ("/productions/mission-impossible-1966/", {"TVSeries", "BreadcrumbList"}),
    ("/authors/wendy-writer/", {"ProfilePage", "BreadcrumbList"}),
    ("/authors/agency-reporter/", {"ProfilePage", "BreadcrumbList"}),
    ("/search/", {"BreadcrumbList"}),
    ("/search/?q=Paris", {"BreadcrumbList"}),
    ("/articles/golden-fuse-awards-2027-live/", {"LiveBlogPosting", "BreadcrumbList"}),
    ("/awards/2027-golden-fuse-awards/", {"Event", "BreadcrumbList"}),
]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def extract(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.text
    # Every block parses as JSON on its own, before extruct's forgiving reader sees it.
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
        json.loads(block)
    data = extruct.extract(text, base_url=SITE + url, syntaxes=["json-ld", "opengraph"])
    return text, data


def by_type(data):
    return {item["@type"]: item for item in data["json-ld"]}


def meta(text, name):
    match = re.search(rf'<meta name="{re.escape(name)}" content="([^"]*)">', text)
    return match and match.group(1)


def stored_picture(url):
    assert url.startswith(SITE + settings.MEDIA_URL), url
    with default_storage.open(url.removeprefix(SITE + settings.MEDIA_URL)) as stored:
        return PILImage.open(io.BytesIO(stored.read()))


def check_page(client, url, types):
    """What is wrong with one page's structured data and share tags, as a list."""
    problems = []
    text, data = extract(client, url)
    items = by_type(data)
    if set(items) != types:
        problems.append(f"types {sorted(items)}, not {sorted(types)}")
    for kind, item in items.items():
        missing = [key for key in REQUIRED.get(kind, []) if not item.get(key)]
        if item["@context"] != "https://schema.org" or missing:
            problems.append(f"{kind} lacks {missing or '@context'}")
    (og,) = data["opengraph"]
    properties = dict(og["properties"])
    missing = [key for key in OPEN_GRAPH if not properties.get(key)]
    missing += [name for name in TWITTER if not meta(text, name)]
    if missing or not meta(text, "description"):
        problems.append(f"lacks {missing or 'a description'}")
    if not properties.get("og:image", "").startswith(SITE):
        problems.append("share picture not on the site")
    canonical = re.search(r'<link rel="canonical" href="http://127\.0\.0\.1:8000/[^"]*">', text)
    if not canonical and not url.startswith("/search/?"):  # results are not indexed
        problems.append("no canonical address")
    if url != "/":
        problems += check_trail(items.get("BreadcrumbList", {}).get("itemListElement", []), url)
    return [f"{url}: {problem}" for problem in problems]


def check_trail(steps, url):
    """A trail from home, numbered from 1, ending at the page itself (without its query)."""
    if len(steps) < 2:
        return ["no trail from home"]
    problems = []
    if [step["position"] for step in steps] != list(range(1, len(steps) + 1)):
        problems.append("trail numbered wrongly")
    if (steps[0]["name"], steps[0]["item"]) != ("Home", SITE + "/"):
        problems.append("trail does not start at home")
    if not all(step["name"] and step["item"] for step in steps):
        problems.append("a step without name or address")
    expected = SITE + (url if url.startswith("/people/?") else url.split("?")[0])
    if steps[-1]["item"] != expected:
        problems.append(f"trail ends at {steps[-1]['item']}")
    return problems


def test_every_kind_of_page_carries_structured_data_share_tags_and_a_trail(client, demo):
    problems = [problem for url, types in PAGES for problem in check_page(client, url, types)]
    assert not problems, "\n".join(problems)


def test_a_story_has_its_picture_in_three_shapes_and_a_publisher_with_a_logo(
    client, make_article, make_image
):
    story = make_article(slug="shapes", hero_image=make_image(size=(1600, 900)))
    _, data = extract(client, story.get_absolute_url())
    article = by_type(data)["NewsArticle"]
    shapes = [stored_picture(url).size for url in article["image"]]
    assert [round(width / height, 2) for width, height in shapes] == [1.78, 1.33, 1.0]
    assert all(width * height >= 50_000 for width, height in shapes)
    assert article["publisher"]["name"] == "Gossip Desk"
    assert article["publisher"]["logo"]["url"] == SITE + "/static/img/logo.png"
    # Stories without a byline are the desk's own.
    assert article["author"] == [article["publisher"]]
    assert article["dateModified"] >= article["datePublished"]
    assert article["mainEntityOfPage"]["@id"] == SITE + "/articles/shapes/"


def test_a_story_with_bylines_names_its_writers_with_their_pages(
    client, make_article, make_author, writer
):
    wendy = make_author(name="Wendy Writer", slug="wendy-writer", user=writer)
    agency = make_author(name="Agency reporter", slug="agency-reporter")
    story = make_article(bylines=[agency, wendy])
    _, data = extract(client, story.get_absolute_url())
    assert by_type(data)["NewsArticle"]["author"] == [
        {"@type": "Person", "name": "Agency reporter", "url": SITE + "/authors/agency-reporter/"},
        {"@type": "Person", "name": "Wendy Writer", "url": SITE + "/authors/wendy-writer/"},
    ]


def test_a_story_without_a_picture_shows_the_sites_own(client, make_article):
    text, data = extract(client, make_article().get_absolute_url())
    default = SITE + "/static/img/share.png"
    assert by_type(data)["NewsArticle"]["image"] == [default]
    assert dict(data["opengraph"][0]["properties"])["og:image"] == default
    assert meta(text, "twitter:image:alt") == "Gossip Desk"


def test_home_names_the_site_its_search_and_its_publisher(client, db):
    _, data = extract(client, "/")
    items = by_type(data)
    action = items["WebSite"]["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == SITE + "/search/?q={search_terms}"
    assert action["query-input"] == "required name=search_terms"
    logo = items["NewsMediaOrganization"]["logo"]
    path = logo["url"].removeprefix(SITE + settings.STATIC_URL)
    assert PILImage.open(finders.find(path)).size == (logo["width"], logo["height"])


def test_a_person_is_linked_to_wikidata_and_imdb_and_has_a_picture(client, make_person, make_image):
    make_person(
        name="Tom Cruise",
        slug="tom-cruise",
        wikidata_id="Q37079",
        imdb_id="nm0000129",
        photo=make_image(size=(600, 750)),
    )
    _, data = extract(client, "/people/tom-cruise/")
    person = by_type(data)["Person"]
    assert person["sameAs"] == [
        "https://www.wikidata.org/wiki/Q37079",
        "https://www.imdb.com/name/nm0000129/",
    ]
    assert stored_picture(person["image"]).size == (600, 750)  # whole, not cropped


@pytest.mark.parametrize(("kind", "schema_type"), [("film", "Movie"), ("tv", "TVSeries")])
def test_a_film_or_series_lists_its_cast_with_their_characters_and_its_director(
    client, make_production, make_person, make_credit, kind, schema_type
):
    show = make_production(title="Dead Reckoning", slug="dr", kind=kind, imdb_id="tt9603212")
    cruise = make_person(name="Tom Cruise", slug="tom-cruise")
    make_credit(cruise, show, character="Ethan Hunt")
    make_credit(cruise, show, character="Ethan's double")
    make_credit(make_person(name="Hayley Atwell"), show, character="Grace")
    director = make_person(name="Christopher McQuarrie", slug="mcq")
    make_credit(director, show, role="director")
    make_credit(director, show, role="writer")
    _, data = extract(client, "/productions/dr/")
    work = by_type(data)[schema_type]
    cast = [(role["actor"]["name"], role["characterName"]) for role in work["actor"]]
    assert sorted(cast) == [
        ("Hayley Atwell", "Grace"),
        ("Tom Cruise", "Ethan Hunt"),
        ("Tom Cruise", "Ethan's double"),
    ]
    assert all(role["@type"] == "PerformanceRole" for role in work["actor"])
    assert work["director"] == [
        {"@type": "Person", "name": "Christopher McQuarrie", "url": SITE + "/people/mcq/"}
    ]
    assert work["sameAs"] == ["https://www.imdb.com/title/tt9603212/"]


def test_other_productions_are_creative_works_with_their_contributors(
    client, make_production, make_person, make_credit
):
    album = make_production(title="Theme", slug="theme", kind="album")
    make_credit(make_person(name="Lalo Schifrin"), album, role="other")
    _, data = extract(client, "/productions/theme/")
    work = by_type(data)["CreativeWork"]
    assert work["contributor"][0]["contributor"]["name"] == "Lalo Schifrin"
    assert "actor" not in work


def test_a_preview_is_not_offered_as_a_page(client, make_article, writer):
    from articles import previews

    draft = make_article(status="draft", publish_at=None)
    text = client.get(f"/preview/{previews.token_for(previews.create_link(draft, writer))}/").text
    assert 'rel="canonical"' not in text and "og:url" not in text
    assert "application/ld+json" not in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert "Not published yet" in text


def test_an_empty_section_has_share_tags_but_asks_not_to_be_indexed(client, db):
    Section.objects.create(name="Empty", slug="empty")
    text, data = extract(client, "/sections/empty/")
    assert '<meta name="robots" content="noindex, follow">' in text
    assert dict(data["opengraph"][0]["properties"])["og:title"] == "Empty"


def test_search_results_are_followed_but_not_kept_by_search_engines(client, db):
    results = client.get("/search/?q=Paris").text
    assert '<meta name="robots" content="noindex, follow">' in results
    assert 'rel="canonical"' not in results
    form = client.get("/search/").text
    assert 'name="robots"' not in form
    assert '<link rel="canonical" href="http://127.0.0.1:8000/search/">' in form
