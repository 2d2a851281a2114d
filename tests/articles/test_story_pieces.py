"""A story's page made afresh from kept pieces: one query for the story, and never a
piece that outlived a change to what it shows."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import previews
from articles.models import Article, Correction


@pytest.fixture
def story(settings, make_article, make_person, make_production, make_author):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # no whole-page cache (the default here)
    return make_article(
        slug="premiere",
        headline="Premiere night",
        tags=["gala"],
        people=[make_person(name="Ada Star", slug="ada-star")],
        productions=[make_production(title="The Feature", slug="the-feature")],
        bylines=[make_author(name="Wren Writer", slug="wren-writer")],
    )


def page(client, url="/articles/premiere/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def news_article(html):
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle on the page")


def test_a_page_made_again_from_its_pieces_reads_only_the_story(client, story):
    first = page(client)
    with CaptureQueriesContext(connection) as queries:
        again = page(client)
    story_rows = [q for q in queries if 'FROM "articles_article"' in q["sql"]]
    assert len(story_rows) == 1, [q["sql"][:120] for q in queries]
    assert not [q for q in queries if "taggit" in q["sql"] or "articles_byline" in q["sql"]]
    assert again == first


def test_the_pieces_show_everything_the_story_carries(client, story):
    html = page(client)
    assert "Wren Writer" in html
    assert 'href="/people/ada-star/"' in html
    assert 'href="/productions/the-feature/"' in html
    assert 'content="gala"' in html  # article:tag
    data = news_article(html)
    assert data["keywords"] == ["gala"]
    assert [a["name"] for a in data["author"]] == ["Wren Writer"]
    assert [p["name"] for p in data["about"]] == ["Ada Star"]


def test_a_correction_shows_at_once(client, story):
    page(client)
    Correction.objects.create(article=story, text="An earlier version misnamed the venue.")
    assert "An earlier version misnamed the venue." in page(client)


def test_a_tag_put_on_outside_the_form_shows_at_once(client, story):
    page(client)
    story.tags.add("red carpet")
    html = page(client)
    assert "red carpet" in html
    assert "red carpet" in news_article(html)["keywords"]


def test_a_person_attached_and_an_author_renamed_show_at_once(client, story, make_person):
    page(client)
    story.people.add(make_person(name="Ben Lead", slug="ben-lead", shown_publicly=True))
    assert 'href="/people/ben-lead/"' in page(client)
    author = story.bylines.get().author
    author.name = "Wren Writer-Jones"
    author.save()
    assert "Wren Writer-Jones" in page(client)


def test_an_edit_shows_at_once(client, story):
    page(client)
    story.standfirst = "The cast arrived by boat."
    story.save()
    assert "The cast arrived by boat." in page(client)


def test_a_preview_of_a_draft_is_never_kept(client, make_article, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    draft = make_article(
        slug="draft-story", status=Article.Status.DRAFT, publish_at=None, headline="First go"
    )
    first = previews.render_preview(
        client.get("/").wsgi_request, Article.objects.for_page().get(pk=draft.pk)
    )
    assert "First go" in first.content.decode()
    Article.objects.filter(pk=draft.pk).update(headline="Second go")
    second = previews.render_preview(
        client.get("/").wsgi_request, Article.objects.for_page().get(pk=draft.pk)
    )
    assert "Second go" in second.content.decode()
