"""The home page, a person's and a production's page made afresh from kept pieces: one
query to learn which stories they list (and the person's or production's row), and
never a piece that outlived a change to what it shows."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article


@pytest.fixture
def ada(settings, make_person):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # no whole-page cache (the default here)
    return make_person(name="Ada Star", slug="ada-star")


@pytest.fixture
def feature(make_production):
    return make_production(title="The Feature", slug="the-feature")


@pytest.fixture
def stories(ada, feature, make_article):
    return [
        make_article(headline=f"Ada story {n}", people=[ada], productions=[feature], is_lead=n == 0)
        for n in range(3)
    ]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "reads"), [("/", 1), ("/people/ada-star/", 2), ("/productions/the-feature/", 2)]
)
def test_a_page_made_again_from_its_pieces_reads_only_what_it_lists(client, stories, url, reads):
    first = page(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = page(client, url)
    assert len(queries) == reads, [q["sql"][:120] for q in queries]
    assert again == first
    assert all(story.headline in again for story in stories)


@pytest.mark.parametrize("url", ["/", "/people/ada-star/", "/productions/the-feature/"])
def test_an_edit_a_new_story_and_a_withdrawal_show_at_once(
    client, stories, make_article, ada, feature, url
):
    page(client, url)
    stories[1].headline = "Ada story, now with the verdict"
    stories[1].save()
    assert "Ada story, now with the verdict" in page(client, url)

    make_article(headline="Ada signs on for a sequel", people=[ada], productions=[feature])
    assert "Ada signs on for a sequel" in page(client, url)

    stories[2].status = Article.Status.WITHDRAWN
    stories[2].save()
    assert "Ada story 2" not in page(client, url)


@pytest.mark.parametrize("url", ["/", "/people/ada-star/", "/productions/the-feature/"])
def test_a_story_scheduled_shows_at_its_moment_and_not_before(
    client, stories, make_article, ada, feature, url
):
    # The real clock: the kept pieces must end on their own when the moment comes.
    moment = timezone.now() + datetime.timedelta(seconds=2)
    make_article(
        headline="Ada talks at last", people=[ada], productions=[feature], publish_at=moment
    )
    assert "Ada talks at last" not in page(client, url)
    time.sleep(max(0, (moment - timezone.now()).total_seconds()) + 0.1)
    assert "Ada talks at last" in page(client, url)


def test_a_person_changed_shows_at_once(client, stories, ada):
    page(client, "/people/ada-star/")
    ada.bio = "Ada Star trained at the Old Vic."
    ada.save()
    assert "Ada Star trained at the Old Vic." in page(client, "/people/ada-star/")


def test_a_person_no_story_names_any_more_has_no_page(client, make_person, make_article):
    hidden = make_person(name="Cal Quiet", slug="cal-quiet", shown_publicly=False)
    story = make_article(headline="Cal speaks", people=[hidden])
    assert "Cal speaks" in page(client, "/people/cal-quiet/")
    story.status = Article.Status.WITHDRAWN
    story.save()
    assert client.get("/people/cal-quiet/").status_code == 404


def test_the_lead_and_the_sections_keep_their_places(client, stories):
    html = page(client, "/")
    lead = html.index('class="home-lead"')
    assert html.index("Ada story 0") > lead  # the lead story, in the lead's place
    assert html.index("Ada story 0") < html.index('class="home-latest"')
    assert 'href="/sections/film/"' in html
