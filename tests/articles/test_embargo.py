"""Embargoes: nothing about a story exists publicly before its moment, and on the desk
only its own people see it. A person or production added for it stays unknown till then."""

import datetime
import time

import pytest
from django.utils import timezone

from articles import previews, workflow
from articles.models import Article
from people.models import Person, Production


@pytest.fixture
def scoop(make_article, make_person, make_production, make_credit, writer):
    """A published story under embargo for an hour, naming a person and film added for it."""
    newcomer = make_person(name="Ines Newcomer", slug="ines-newcomer", shown_publicly=False)
    film = make_production(title="Secret Sequel", slug="secret-sequel", shown_publicly=False)
    known = make_production(title="Known Film", slug="known-film")
    make_credit(newcomer, known, character="The stranger")
    story = make_article(
        headline="Newcomer cast in secret sequel",
        slug="newcomer-cast",
        people=[newcomer],
        productions=[film],
        tags=["Casting scoops"],
        created_by=writer,
        embargo_until=timezone.now() + datetime.timedelta(hours=1),
    )
    assert story.publish_at == story.embargo_until  # saving holds the story for the embargo
    # Even a publication time already passed (written around the model) shows nothing.
    Article.objects.filter(pk=story.pk).update(
        publish_at=timezone.now() - datetime.timedelta(hours=1)
    )
    story.refresh_from_db()
    return {"story": story, "person": newcomer, "film": film, "known": known}


PUBLIC_SURFACES = [
    "/",
    "/people/",
    "/productions/",
    "/feeds/latest/",
    "/sitemap-articles.xml",
    "/sitemap-people.xml",
    "/sitemap-productions.xml",
    "/sitemap-tags.xml",
    "/news-sitemap.xml",
    "/search/?q=Newcomer",
    "/productions/known-film/",
]
WORDS = ["Ines Newcomer", "ines-newcomer", "Secret Sequel", "secret-sequel", "newcomer-cast"]


def test_nothing_about_an_embargoed_story_is_public(client, scoop):
    story = scoop["story"]
    assert story.status == Article.Status.PUBLISHED and story.publish_at <= timezone.now()
    for url in [
        story.get_absolute_url(),
        "/people/ines-newcomer/",
        "/productions/secret-sequel/",
        "/feeds/people/ines-newcomer/",
        "/feeds/productions/secret-sequel/",
        "/tags/casting-scoops/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in PUBLIC_SURFACES:
        text = client.get(url).content.decode()
        assert not [word for word in WORDS if word in text], url


def test_at_the_lift_second_every_surface_shows_it(client, scoop, settings):
    """On the real clock with the page cache on: nothing served stale past the moment."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 600
    lift = timezone.now() + datetime.timedelta(seconds=1.5)
    Article.objects.filter(pk=scoop["story"].pk).update(embargo_until=lift, publish_at=lift)
    pages = {
        "/people/ines-newcomer/": "Ines Newcomer",
        "/productions/secret-sequel/": "Secret Sequel",
        "/sitemap-people.xml": "ines-newcomer",
        "/search/?q=Newcomer": "newcomer-cast",
        "/feeds/latest/": "newcomer-cast",
        "/productions/known-film/": "Ines Newcomer",
        "/": "newcomer-cast",
    }
    for url, word in pages.items():  # cached (or remembered as missing) before the lift
        assert word not in client.get(url).content.decode(), url
    while time.time() < lift.timestamp():
        time.sleep(0.02)
    time.sleep(0.05)
    late = [url for url, word in pages.items() if word not in client.get(url).content.decode()]
    assert not late, f"still hidden after the lift: {late}"
    assert time.time() - lift.timestamp() < 1.0  # all of it within the second


def test_an_editor_can_give_a_person_a_page_before_any_story(client, scoop):
    Person.objects.filter(pk=scoop["person"].pk).update(shown_publicly=True)
    assert client.get("/people/ines-newcomer/").status_code == 200
    assert "newcomer-cast" not in client.get("/people/ines-newcomer/").content.decode()
    Production.objects.filter(pk=scoop["film"].pk).update(shown_publicly=True)
    assert client.get("/productions/secret-sequel/").status_code == 200


def test_on_the_desk_only_its_own_people_see_it(
    client, scoop, writer, other_writer, editor, publisher
):
    url = f"/admin/articles/article/{scoop['story'].pk}/change/"
    for person, sees in [(writer, True), (editor, True), (publisher, True), (other_writer, False)]:
        client.force_login(person)
        listing = client.get("/admin/articles/article/").content.decode()
        assert ("Newcomer cast in secret sequel" in listing) is sees, person
        assert (client.get(url).status_code == 200) is sees, person
        if not sees:
            assert client.get(f"{url.rsplit('change/', 1)[0]}revisions/").status_code == 404


def test_publishing_an_embargoed_story_holds_it_until_the_embargo(make_article, publisher):
    until = timezone.now() + datetime.timedelta(hours=2)
    story = make_article(status=Article.Status.APPROVED, publish_at=None, embargo_until=until)
    workflow.publish(story, publisher)
    story.refresh_from_db()
    assert story.publish_at == until and story.is_scheduled()
    assert not Article.objects.live().filter(pk=story.pk).exists()


def test_an_embargo_is_set_and_lifted_through_the_desk(make_article, editor, publisher):
    story = make_article(status=Article.Status.APPROVED, publish_at=None)
    until = timezone.now() + datetime.timedelta(hours=3)
    workflow.run("embargo", story, editor, when=until)
    story.refresh_from_db()
    assert story.embargo_until == until
    assert story.events.filter(action="embargo").exists()
    workflow.schedule(story, publisher, timezone.now() + datetime.timedelta(minutes=5))
    story.refresh_from_db()
    assert story.publish_at == until  # the schedule waits for the embargo
    workflow.run("embargo", story, publisher, when=None)
    story.refresh_from_db()
    assert story.embargo_until is None


def test_a_live_story_cannot_be_put_under_embargo(make_article, editor):
    story = make_article()
    with pytest.raises(workflow.WorkflowError):
        workflow.run("embargo", story, editor, when=timezone.now() + datetime.timedelta(hours=1))


def test_a_past_embargo_is_refused(make_article, editor):
    story = make_article(status=Article.Status.DRAFT, publish_at=None)
    with pytest.raises(workflow.WorkflowError, match="future"):
        workflow.run("embargo", story, editor, when=timezone.now() - datetime.timedelta(minutes=1))


def test_no_share_link_while_under_embargo(client, scoop, editor, make_article):
    with pytest.raises(previews.ShareError, match="embargo"):
        previews.share(scoop["story"], editor)
    # A link made before the embargo stops working while it is on.
    draft = make_article(status=Article.Status.DRAFT, publish_at=None)
    link = previews.create_link(draft, editor)
    url = f"/preview/{previews.token_for(link)}/"
    assert client.get(url).status_code == 200
    Article.objects.filter(pk=draft.pk).update(
        embargo_until=timezone.now() + datetime.timedelta(hours=1)
    )
    assert client.get(url).status_code == 404
