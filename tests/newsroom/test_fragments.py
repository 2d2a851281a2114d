"""Pieces shared by many pages (cards, a story's linked body, its related stories) are
kept between requests, yet a reader never sees one older than the story behind it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import workflow


@pytest.fixture(autouse=True)
def _fragments_on(settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 600


def test_an_edited_headline_shows_on_every_list_at_once(client, make_article, section):
    story = make_article(headline="First headline", tags=["Premieres"])
    for url in ("/", section.get_absolute_url(), "/tags/premieres/"):
        assert "First headline" in client.get(url).text
    story.headline = "Second headline"
    story.save()
    for url in ("/", section.get_absolute_url(), "/tags/premieres/"):
        page = client.get(url).text
        assert "Second headline" in page and "First headline" not in page, url


def test_a_pictures_new_alt_text_shows_on_cards_at_once(client, make_article, make_image):
    picture = make_image(alt_text="A red carpet")
    make_article(hero_image=picture)
    make_article(is_lead=True)  # the pictured story goes to the list below the lead
    assert 'alt="A red carpet"' in client.get("/").text
    picture.alt_text = "A crowded red carpet at dusk"
    picture.save()
    assert 'alt="A crowded red carpet at dusk"' in client.get("/").text


def test_related_stories_are_worked_out_once_and_again_after_a_publish(
    client, make_article, make_person, publisher
):
    person = make_person(name="Hayley Atwell")
    story = make_article(headline="Atwell interview", people=[person])
    make_article(headline="Atwell at the premiere", people=[person])
    with CaptureQueriesContext(connection) as first:
        assert "Atwell at the premiere" in client.get(story.get_absolute_url()).text
    with CaptureQueriesContext(connection) as second:
        client.get(story.get_absolute_url())
    assert len(second) < len(first)

    newer = make_article(
        headline="Atwell joins the cast", people=[person], status="approved", publish_at=None
    )
    workflow.publish(newer, by=publisher)
    assert "Atwell joins the cast" in client.get(story.get_absolute_url()).text


def test_a_story_body_links_a_renamed_person_to_their_new_page(client, make_article, make_person):
    person = make_person(name="Hayley Atwell", slug="hayley-atwell")
    story = make_article(body="<p>Hayley Atwell spoke.</p>", people=[person])
    assert 'href="/people/hayley-atwell/"' in client.get(story.get_absolute_url()).text
    person.slug = "hayley-elizabeth-atwell"
    person.save()
    assert 'href="/people/hayley-elizabeth-atwell/"' in client.get(story.get_absolute_url()).text
