"""Renamed stories, people, productions, sections and tags keep their old addresses."""

import pytest
from taggit.models import Tag


def rename(thing, slug):
    thing.slug = slug
    thing.save()


def test_a_live_storys_old_address_answers_301_to_the_new_one(client, make_article):
    story = make_article(slug="first-take")
    rename(story, "second-take")
    response = client.get("/articles/first-take/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/second-take/"
    assert client.get("/articles/second-take/").status_code == 200


def test_chains_collapse_to_one_hop(client, make_article):
    story = make_article(slug="take-one")
    rename(story, "take-two")
    rename(story, "take-three")
    for old in ("take-one", "take-two"):
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/articles/take-three/"


def test_a_slug_taken_back_is_the_things_own_again(client, make_article):
    story = make_article(slug="take-one")
    rename(story, "take-two")
    rename(story, "take-one")
    assert client.get("/articles/take-one/").status_code == 200
    assert client.get("/articles/take-two/")["Location"] == "/articles/take-one/"


def test_a_draft_renamed_before_it_was_ever_live_leaves_no_old_address(client, make_article):
    draft = make_article(slug="working-title", status="draft", publish_at=None)
    rename(draft, "final-title")
    draft.status, draft.publish_at = "published", None
    draft.save()
    assert client.get("/articles/final-title/").status_code == 200
    assert client.get("/articles/working-title/").status_code == 404


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_nothing_redirects_to_a_story_that_is_not_live(client, make_article, status):
    story = make_article(slug="old-name")
    rename(story, "new-name")
    story.status = status
    story.save()
    assert client.get("/articles/old-name/").status_code == 404


def test_people_productions_sections_and_tags_keep_old_addresses(
    client, make_article, make_person, make_production, section
):
    person = make_person(slug="pom-k")
    production = make_production(slug="dr-part-one")
    make_article(tags=["Stunt work"], people=[person])
    tag = Tag.objects.get(name="Stunt work")
    rename(person, "pom-klementieff")
    rename(production, "dead-reckoning")
    rename(section, "films")
    rename(tag, "stunts")
    for old, new in [
        ("/people/pom-k/", "/people/pom-klementieff/"),
        ("/productions/dr-part-one/", "/productions/dead-reckoning/"),
        ("/sections/film/?page=2", "/sections/films/?page=2"),
        ("/tags/stunt-work/", "/tags/stunts/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new


def test_an_unknown_address_is_still_a_plain_404(client, db):
    assert client.get("/articles/never-was/").status_code == 404
    assert client.get("/people/never-was/").status_code == 404
