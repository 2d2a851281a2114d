"""Nothing of a live story leaks before it is live, or after: not its page, its updates,
its feed or its structured data. Updates waiting for an editor, and withdrawn ones,
never reach readers either."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from live import entries
from live.models import Coverage, Entry
from tests.articles.test_visibility import HIDDEN_KINDS, hidden_story_fields

SECRET = "Zanzibar"


@pytest.fixture(params=HIDDEN_KINDS)
def hidden_live_story(request, make_article, post):
    story = make_article(
        headline=f"{SECRET} awards live", slug="hidden-live", is_live_coverage=True, status="draft"
    )
    Coverage.objects.create(story=story, key_points=f"{SECRET} key point")
    post(story, f"<p>{SECRET} wins everything.</p>", headline=f"{SECRET} headline", pinned=True)
    post(story, f"<p>{SECRET} again.</p>")
    # Then the story moves to the state under test (withdrawn ones take no new updates).
    type(story).objects.filter(pk=story.pk).update(**hidden_story_fields(request.param))
    return story


ROUTES = [
    "/articles/hidden-live/",
    "/articles/hidden-live/updates.json",
    "/feeds/live/hidden-live/",
]


@pytest.mark.parametrize("url", ROUTES)
def test_a_live_story_that_is_not_live_shows_nothing_anywhere(client, hidden_live_story, url):
    response = client.get(url)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_updates_of_a_hidden_story_are_not_public(hidden_live_story):
    assert not Entry.objects.public().exists()


def test_nothing_of_a_hidden_story_reaches_the_other_pages(client, hidden_live_story, world):
    for url in ["/", world["live"].get_absolute_url(), "/feeds/latest/", "/sitemap.xml"]:
        assert SECRET not in client.get(url).content.decode(), url


def test_updates_prepared_before_go_live_appear_when_the_story_does(
    client, make_article, post, publisher, editor
):
    story = make_article(slug="prepared", is_live_coverage=True, status="approved", publish_at=None)
    post(story, "<p>Prepared in advance.</p>")
    assert client.get("/articles/prepared/updates.json").status_code == 404
    from articles import workflow

    workflow.publish(story, by=publisher)
    assert "Prepared in advance." in client.get("/articles/prepared/").text
    assert len(client.get("/articles/prepared/updates.json").json()["entries"]) == 1


@override_settings(NEWSROOM_LIVE_WRITERS_NEED_APPROVAL=True)
def test_a_writer_cannot_post_to_readers_where_approval_is_required(
    client, live_story, writer, editor
):
    entry = entries.post(live_story, writer, "<p>Unchecked rumour.</p>")
    assert entry.status == Entry.Status.PENDING
    page = client.get(live_story.get_absolute_url()).text
    assert "Unchecked rumour." not in page
    assert client.get("/articles/award-night-live/updates.json").json()["entries"] == []
    assert "Unchecked rumour." not in client.get("/feeds/live/award-night-live/").text
    # Nor approve it, pin it or run the coverage.
    for action in (entries.approve, entries.withdraw):
        with pytest.raises(entries.LiveError):
            action(entry, writer)
    with pytest.raises(entries.LiveError, match="Only editors pin"):
        entries.post(live_story, writer, "<p>Pin me.</p>", pinned=True)
    with pytest.raises(entries.LiveError):
        entries.update_coverage(live_story, writer, "A point of my own")
    # Once an editor approves it, readers see it.
    entries.approve(entry, editor)
    assert "Unchecked rumour." in client.get(live_story.get_absolute_url()).text


@override_settings(NEWSROOM_LIVE_WRITERS_NEED_APPROVAL=False)
def test_without_the_setting_a_writers_update_goes_out_at_once(client, live_story, writer):
    entry = entries.post(live_story, writer, "<p>Straight out.</p>")
    assert entry.status == Entry.Status.PUBLISHED
    assert "Straight out." in client.get(live_story.get_absolute_url()).text


def test_a_writer_edits_their_waiting_update_but_not_once_it_is_out(live_story, writer, editor):
    entry = entries.post(live_story, writer, "<p>Draft words.</p>")
    entries.edit(entry, writer, "<p>Better words.</p>")
    entries.approve(entry, editor)
    with pytest.raises(entries.LiveError):
        entries.edit(entry, writer, "<p>Sneaky change.</p>")


def test_publishers_and_readers_without_the_right_cannot_post(
    live_story, publisher, django_user_model
):
    with pytest.raises(entries.LiveError, match="not allowed"):
        entries.post(live_story, publisher, "<p>Not mine to post.</p>")
    reader = django_user_model.objects.create_user("reader", password="x" * 20)
    with pytest.raises(entries.LiveError):
        entries.post(live_story, reader, "<p>Nope.</p>")


def test_an_embargoed_live_story_shows_its_updates_the_second_the_embargo_lifts(
    client, make_article, post, time_machine
):
    time_machine.move_to(timezone.now())
    lifts = timezone.now() + datetime.timedelta(minutes=30)
    story = make_article(
        headline=f"{SECRET} live", slug="embargoed-live", is_live_coverage=True, embargo_until=lifts
    )
    Coverage.objects.create(story=story, key_points=f"{SECRET} key point")
    post(story, f"<p>{SECRET} wins everything.</p>", headline=f"{SECRET} headline")
    assert not Entry.objects.public().exists()
    for url in [
        "/articles/embargoed-live/",
        "/articles/embargoed-live/updates.json",
        "/feeds/live/embargoed-live/",
    ]:
        response = client.get(url)
        assert response.status_code == 404 and SECRET not in response.content.decode(), url
    assert SECRET not in client.get("/").content.decode()

    time_machine.move_to(lifts)
    page = client.get("/articles/embargoed-live/").content.decode()
    assert f"{SECRET} wins everything." in page and '"LiveBlogPosting"' in page
    (entry,) = client.get("/articles/embargoed-live/updates.json").json()["entries"]
    assert f"{SECRET} wins everything." in entry["html"]
    assert f"{SECRET} headline" in client.get("/feeds/live/embargoed-live/").content.decode()


def test_only_the_storys_own_people_post_to_it_under_embargo(
    client, make_article, writer, other_writer
):
    story = make_article(
        slug="embargoed-live",
        is_live_coverage=True,
        created_by=writer,
        embargo_until=timezone.now() + datetime.timedelta(hours=1),
    )
    update = {"live-body": "<p>From outside the story.</p>"}
    client.force_login(other_writer)
    assert client.post(reverse("live_desk:post", args=[story.pk]), update).status_code == 404
    assert not Entry.objects.exists()
    client.force_login(writer)
    client.post(reverse("live_desk:post", args=[story.pk]), {"live-body": "<p>Ours.</p>"})
    assert Entry.objects.get().author == writer
