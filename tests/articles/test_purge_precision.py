"""An edit purges the pages showing the story, every one of them, and no others."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import workflow


def made_afresh(client, url):
    """True when `url` was made now (it queried), False when it came from the cache."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return any("newsroom_pagegeneration" not in query["sql"] for query in queries)


@pytest.fixture
def site(make_article, make_section, make_person, make_production, make_author, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    film = make_section(slug="screen", name="Screen")
    star = make_person(slug="star", name="Ada Star")
    feature = make_production(slug="feature", title="The Feature")
    writer = make_author(slug="writer", name="Wren Writer")
    story = make_article(
        slug="premiere",
        headline="Premiere night",
        section=film,
        tags=["gala"],
        people=[star],
        productions=[feature],
        bylines=[writer],
    )
    # Lists it as a related story (they share a tag).
    neighbour = make_article(slug="neighbour", section=film, tags=["gala"])
    bystander = make_person(slug="bystander", name="Ben Stander")
    elsewhere = make_section(slug="sounds", name="Sounds")
    make_article(slug="unrelated", section=elsewhere, people=[bystander], tags=["tour"])
    return story, neighbour


SHOWING = [
    "/",
    "/articles/premiere/",
    "/articles/neighbour/",
    "/sections/screen/",
    "/tags/gala/",
    "/people/star/",
    "/productions/feature/",
    "/authors/writer/",
    "/feeds/latest/",
    "/feeds/sections/screen/",
    "/feeds/people/star/",
    "/news-sitemap.xml",
    "/search/?q=premiere",
]
NOT_SHOWING = [
    "/people/bystander/",
    "/sections/sounds/",
    "/tags/tour/",
    "/articles/unrelated/",
    "/feeds/people/bystander/",
]


def test_an_edit_purges_every_page_showing_the_story_and_no_other(client, site):
    story, _ = site
    for url in SHOWING + NOT_SHOWING:
        client.get(url)
    story.headline = "Premiere night, revised"
    story.save()

    for url in SHOWING:
        assert "Premiere night, revised" in client.get(url).text, url
    for url in NOT_SHOWING:
        assert not made_afresh(client, url), url


def test_a_withdrawal_leaves_no_page_showing_the_story(client, site, publisher):
    story, _ = site
    for url in SHOWING + NOT_SHOWING:
        client.get(url)

    workflow.withdraw(story, by=publisher, note="Legal asked.")

    for url in SHOWING:
        answer = client.get(url)
        assert answer.status_code == 404 or "Premiere night" not in answer.text, url
    for url in NOT_SHOWING:
        assert not made_afresh(client, url), url


def test_pages_carry_their_keys_for_the_caches_in_front(client, site):
    keys = client.get("/articles/neighbour/")["Surrogate-Key"].split()
    # Its own, and the people's and tags' its related stories are listed by.
    assert {"site", "story:neighbour", "tag:gala"} <= set(keys)
    assert client.get("/articles/neighbour/")["xkey"] == " ".join(keys)
