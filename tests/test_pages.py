"""Every public page renders for a reader; unknown addresses are a proper 404."""

import pytest


@pytest.fixture
def demo(make_article, make_person, make_production, make_credit, make_image, section):
    image = make_image(caption="On set in Venice", credit="Studio handout")
    person = make_person(name="Hayley Atwell", slug="hayley-atwell", photo=make_image())
    production = make_production(title="Dead Reckoning", slug="dead-reckoning", poster=make_image())
    make_credit(person, production, character="Grace")
    article = make_article(
        headline="Atwell on playing Grace",
        slug="atwell-on-grace",
        hero_image=image,
        is_lead=True,
        tags=["Interviews"],
        people=[person],
        productions=[production],
    )
    return {"article": article, "person": person, "production": production, "section": section}


def test_home_shows_the_lead_story_and_sections(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Atwell on playing Grace" in text
    assert 'class="card card--lead"' in text
    assert demo["section"].name in text


def test_only_the_lead_story_loads_eagerly(client, demo, make_article, make_image):
    for _ in range(3):
        make_article(hero_image=make_image())
    text = client.get("/").text
    assert text.count("card--lead") == 1
    assert text.count('fetchpriority="high"') == 1
    assert 'loading="lazy"' in text


def test_article_page_shows_everything_a_reader_needs(client, demo):
    text = client.get("/articles/atwell-on-grace/").content.decode()
    assert "<h1" in text and "Atwell on playing Grace" in text
    assert "On set in Venice" in text and "Studio handout" in text
    assert 'href="/people/hayley-atwell/"' in text
    assert 'href="/productions/dead-reckoning/"' in text
    assert 'href="/tags/interviews/"' in text
    assert 'rel="canonical"' in text


def test_person_page_lists_credits_and_stories(client, demo):
    text = client.get("/people/hayley-atwell/").content.decode()
    assert "Dead Reckoning" in text and "Grace" in text
    assert "Atwell on playing Grace" in text


def test_production_page_lists_cast_and_stories(client, demo):
    text = client.get("/productions/dead-reckoning/").content.decode()
    assert "Hayley Atwell" in text and "as Grace" in text
    assert "Atwell on playing Grace" in text


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/atwell-on-grace/",
        "/sections/film/",
        "/tags/interviews/",
        "/people/",
        "/people/?letter=H",
        "/people/hayley-atwell/",
        "/productions/",
        "/productions/dead-reckoning/",
        "/search/",
        "/search/?q=Grace",
        "/feeds/latest/",
        "/feeds/sections/film/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-people.xml",
        "/robots.txt",
        "/healthz",
    ],
)
def test_public_page_renders(client, demo, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-story/",
        "/sections/no-such-section/",
        "/tags/no-such-tag/",
        "/people/nobody/",
        "/productions/nothing/",
        "/feeds/sections/nothing/",
        "/sections/film/?page=99",
        "/sections/film/?page=abc",
        "/no/such/address/",
    ],
)
def test_unknown_address_is_a_friendly_404(client, demo, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_is_plain_and_friendly(client, settings):
    from newsroom.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_empty_site_renders(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "No stories have been published yet." in response.content.decode()


@pytest.mark.parametrize("url", ["/sections/film/", "/tags/premieres/"])
def test_long_lists_page_through_without_counting_every_story(client, make_article, section, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(21):
        make_article(headline=f"Premiere night {number}", section=section, tags=["Premieres"])

    with CaptureQueriesContext(connection) as queries:
        first = client.get(url).text
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert "Page 1" in first and "Page 1 of" not in first
    assert 'rel="next"' in first and "Premiere night 20" in first

    second = client.get(f"{url}?page=2").text
    assert "Premiere night 0" in second and "Premiere night 20" not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert client.get(f"{url}?page=3").status_code == 404
