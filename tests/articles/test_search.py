"""Search: ranked, forgiving of misspelt names, highlighted, and never showing the unpublished."""

import datetime

import pytest
from django.utils import timezone

from articles import workflow


@pytest.fixture
def cast(make_person):
    return {
        "pom": make_person(name="Pom Klementieff", slug="pom-klementieff"),
        "tom": make_person(
            name="Tom Cruise", slug="tom-cruise", also_known_as="Thomas Cruise Mapother IV"
        ),
        "hayley": make_person(name="Hayley Atwell", slug="hayley-atwell"),
    }


def results(client, query, page=1):
    response = client.get("/search/", {"q": query, "page": page})
    assert response.status_code == 200
    return response


def story_order(response):
    return [hit.article.slug for hit in response.context["hits"]]


def test_headline_match_beats_a_passing_mention(client, make_article, cast):
    make_article(
        slug="passing",
        headline="Premiere night round-up",
        body="<p>Many stars came. " + "Crowds cheered. " * 40 + "Klementieff waved.</p>",
    )
    make_article(slug="headline", headline="Klementieff on her fight scene", body="<p>Words.</p>")
    assert story_order(results(client, "Klementieff")) == ["headline", "passing"]


# A feature runs long; a round-up names everyone in a few short lines.
FEATURE = "<p>" + "The crew worked through the night to finish the scene on time. " * 25 + "</p>"


@pytest.mark.parametrize("typed", ["Klementieff", "Klementi"])
def test_headlines_naming_the_person_come_before_newer_stories_mentioning_them(
    client, make_article, cast, typed
):
    for n in range(2):
        make_article(slug=f"headline-{n}", headline=f"Klementieff on fight scene {n}", body=FEATURE)
    for n in range(3):
        make_article(
            slug=f"mention-{n}",
            headline=f"Premiere night round-up {n}",
            body="<p>Klementieff arrived. Klementieff posed. Later Klementieff left.</p>",
        )
    order = story_order(results(client, typed))
    assert sorted(order[:2]) == ["headline-0", "headline-1"]
    assert sorted(order[2:]) == ["mention-0", "mention-1", "mention-2"]


def test_stories_about_the_person_come_before_newer_passing_mentions(client, make_article, cast):
    make_article(slug="headline", headline="Tom Cruise jumps again", body=FEATURE)
    make_article(slug="about", headline="Stunt team rehearses", body=FEATURE, people=[cast["tom"]])
    for n in range(3):  # named often enough to outrank the headline on ts_rank too
        make_article(
            slug=f"mention-{n}",
            headline=f"Festival diary {n}",
            body="<p>" + "Fans shouted for Tom Cruise. " * 20 + "</p>",
        )
    order = story_order(results(client, "Tom Cruise"))
    assert sorted(order[:2]) == ["about", "headline"]
    assert sorted(order[2:]) == ["mention-0", "mention-1", "mention-2"]


def test_story_about_a_person_beats_one_mentioning_them(client, make_article, cast):
    make_article(slug="mention", headline="Venice shoot", body="<p>Hayley Atwell was there.</p>")
    make_article(
        slug="about", headline="Venice shoot diary", body="<p>Rain.</p>", people=[cast["hayley"]]
    )
    assert story_order(results(client, "Atwell"))[0] == "about"


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Klementief", "Pom Klementieff"),
        ("Tom Cruz", "Tom Cruise"),
        ("hayley atwel", "Hayley Atwell"),
        ("Mapother", "Tom Cruise"),
        ("tom cruise", "Tom Cruise"),
    ],
)
def test_misspelt_and_other_names_still_find_the_person(client, cast, typed, found):
    people = [p.name for p in results(client, typed).context["people"]]
    assert people[0] == found


def test_misspelt_name_still_finds_stories_about_them(client, make_article, cast):
    make_article(slug="cruise-story", headline="Stunt news", people=[cast["tom"]])
    response = results(client, "Tom Cruz")
    assert story_order(response) == ["cruise-story"]
    assert "showing stories about <strong>Tom Cruise</strong>" in response.text


def test_snippets_are_highlighted_and_escaped(client, make_article):
    make_article(
        headline="Night out",
        body="<p>The &lt;b&gt;band&lt;/b&gt; played a surprise encore at the premiere.</p>",
    )
    text = results(client, "encore").text
    assert "<mark>encore</mark>" in text
    assert "<b>band" not in text  # the words are shown as text, never as markup


def snippet(response):
    (hit,) = response.context["hits"]
    return str(hit.snippet)


def test_snippet_comes_from_the_text_never_the_list_of_names(client, make_article, cast):
    make_article(
        headline="Premiere night",
        standfirst="Who wore what.",
        body=FEATURE + "<p>Later Cruise thanked the crew.</p>",
        people=[cast["tom"], cast["pom"], cast["hayley"]],
    )
    text = snippet(results(client, "Tom Cruise"))
    assert "<mark>Cruise</mark> thanked the crew" in text
    assert "Klementieff" not in text and "Mapother" not in text


def test_snippet_is_the_headline_when_only_the_headline_matches(client, make_article, cast):
    make_article(headline="Klementieff joins the cast", body=FEATURE, people=[cast["hayley"]])
    assert "<mark>Klementieff</mark> joins the cast" in snippet(results(client, "Klementieff"))


def test_snippet_of_a_story_found_by_its_people_shows_the_standfirst(client, make_article, cast):
    make_article(
        headline="Stunt team rehearses",
        standfirst="A long day on the set.",
        body=FEATURE,
        people=[cast["tom"], cast["hayley"]],
    )
    text = snippet(results(client, "Atwell"))
    assert text.startswith("A long day on the set.")
    assert "Atwell" not in text and "Mapother" not in text


def test_results_are_paginated(client, make_article):
    for n in range(25):
        make_article(headline=f"Red carpet report {n}")
    first, second = results(client, "carpet"), results(client, "carpet", page=2)
    assert len(first.context["hits"]) == 20 and len(second.context["hits"]) == 5
    assert 'rel="next"' in first.text
    assert client.get("/search/", {"q": "carpet", "page": 9}).status_code == 404


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": "draft", "publish_at": None},
        {"status": "review", "publish_at": None},
        {"status": "published", "publish_at": timezone.now() + datetime.timedelta(days=1)},
        {"status": "withdrawn"},
        {
            "status": "published",
            "publish_at": timezone.now() - datetime.timedelta(days=2),
            "expire_at": timezone.now() - datetime.timedelta(days=1),
        },
    ],
)
def test_nothing_unpublished_is_found(client, make_article, hidden):
    make_article(headline="Secret wedding plans", body="<p>Secret wedding.</p>", **hidden)
    response = results(client, "wedding")
    assert "Secret wedding" not in response.text
    assert story_order(response) == []


def test_index_follows_edits_and_withdrawals(client, make_article, publisher, cast):
    story = make_article(headline="Engagement rumours", people=[cast["pom"]])
    assert story_order(results(client, "engagement")) == [story.slug]
    story.headline = "Wedding confirmed"
    story.save()
    assert story_order(results(client, "engagement")) == []
    assert story_order(results(client, "wedding")) == [story.slug]
    story.tags.add("Weddings")
    story.people.add(cast["hayley"])
    assert story_order(results(client, "Atwell")) == [story.slug]
    workflow.withdraw(story, by=publisher, note="Legal asked us to take it down.")
    assert story_order(results(client, "wedding")) == []


def test_renamed_person_is_found_by_the_new_name(client, make_article, cast):
    story = make_article(headline="Stunt news", people=[cast["pom"]])
    cast["pom"].name = "Pom Alexandra Klementieff"
    cast["pom"].save()
    assert story_order(results(client, "Alexandra")) == [story.slug]


def test_search_takes_a_fixed_number_of_queries(
    client, make_article, cast, django_assert_max_num_queries
):
    for n in range(30):
        make_article(headline=f"Cruise story {n}", people=[cast["tom"]], tags=["Stunts", f"t{n}"])
    with django_assert_max_num_queries(10):
        results(client, "Cruise")


def test_a_word_in_most_stories_ranks_only_the_newest_matches(
    client, make_article, cast, monkeypatch
):
    from articles import search

    monkeypatch.setattr(search, "NEWEST_MATCHES", 3)
    make_article(slug="oldest", headline="Klementieff, Klementieff, Klementieff")
    for n in range(3):
        make_article(slug=f"newer-{n}", headline="Premiere", body="<p>Klementieff waved.</p>")
    assert sorted(story_order(results(client, "Klementieff"))) == ["newer-0", "newer-1", "newer-2"]


def test_a_half_typed_last_word_finds_stories_a_whole_word_stays_whole(client, make_article):
    make_article(slug="tomlinson", headline="Tour dates", body="<p>Tomlinson plays arenas.</p>")
    make_article(slug="tom", headline="Tom at the premiere", body="<p>Crowds.</p>")
    half = results(client, "Tomlin")
    assert story_order(half) == ["tomlinson"]
    assert "<mark>Tomlinson</mark>" in half.text
    assert story_order(results(client, "Tom")) == ["tom"]


def test_a_persons_new_birth_date_saves_without_reindexing_their_stories(
    client, make_article, cast, django_assert_max_num_queries
):
    hayley = cast["hayley"]
    for _ in range(30):
        make_article(people=[hayley])
    hayley.birth_date = datetime.date(1982, 4, 5)
    with django_assert_max_num_queries(8):  # not one query per story
        hayley.save()

    hayley.name = "Hayley Elizabeth Atwell"
    hayley.save()
    found = results(client, "Elizabeth").context["page"].paginator.count
    assert found == 30  # a new name is indexed in every story
