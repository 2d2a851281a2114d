"""The demo content: a living home page, true ages, and safe to load twice."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from articles.models import Article
from authors.models import Author


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_loading_the_demo_twice_changes_nothing(demo):
    before = row_counts()
    call_command("load_demo", verbosity=0)
    assert row_counts() == before


def test_if_empty_leaves_an_existing_newsroom_alone(make_article):
    make_article()
    call_command("load_demo", "--if-empty", verbosity=0)
    assert Article.objects.count() == 1


def test_demo_fills_the_home_page(client, demo):
    assert Article.objects.live().count() >= 6
    text = client.get("/").text
    assert "Klementieff" in text
    assert 'class="card card--lead"' in text


@pytest.mark.parametrize(
    ("slug", "shown"),
    [
        ("tom-cruise", "<dt>Age</dt><dd>64</dd>"),
        ("pom-klementieff", "<dt>Age</dt><dd>40</dd>"),
        ("hayley-atwell", "<dt>Age</dt><dd>44</dd>"),
        ("christopher-mcquarrie", "<dt>Age</dt><dd>58</dd>"),
        ("leonard-nimoy", "(aged 83)"),
    ],
)
def test_demo_people_have_true_ages(client, demo, time_machine, slug, shown):
    time_machine.move_to(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.timezone.utc))
    response = client.get(f"/people/{slug}/")
    assert response.status_code == 200
    assert shown in response.text


def test_demo_credits_link_people_and_productions(client, demo):
    text = client.get("/productions/mission-impossible-dead-reckoning-part-one/").text
    for name, character in [
        ("Tom Cruise", "Ethan Hunt"),
        ("Hayley Atwell", "Grace"),
        ("Pom Klementieff", "Paris"),
    ]:
        assert name in text and f"as {character}" in text
    assert "Christopher McQuarrie" in text and "Director" in text
    assert "The Great Paris" in client.get("/people/leonard-nimoy/").text


def test_demo_stories_are_signed_and_their_authors_have_pages(client, demo):
    story = client.get("/articles/pom-klementieff-asked-tom-cruise-to-kick-her/").text
    assert 'href="/authors/agency-reporter/">Agency reporter</a>' in story
    assert 'href="/authors/wendy-writer/">Wendy Writer</a>' in story
    for slug in ["wendy-writer", "eddie-editor", "marta-lindqvist", "agency-reporter"]:
        assert client.get(f"/authors/{slug}/").status_code == 200, slug


def test_demo_logins_write_as_the_demo_authors(demo):
    call_command("make_demo_logins", stdout=io.StringIO())
    wendy = Author.objects.get(slug="wendy-writer")
    assert wendy.user.username == "writer"
    assert Author.objects.get(slug="agency-reporter").user is None


def test_demo_hero_image_has_alt_text(demo):
    lead = Article.objects.live().get(is_lead=True)
    assert lead.hero_image is not None
    assert lead.hero_image.alt_text
