"""The visibility rule: only live stories ever reach a reader, by any route."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article

HOUR = datetime.timedelta(hours=1)


def hidden_story_fields(kind):
    now = timezone.now()
    return {
        "draft": {"status": Article.Status.DRAFT, "publish_at": None},
        "review": {"status": Article.Status.REVIEW, "publish_at": None},
        "approved": {"status": Article.Status.APPROVED, "publish_at": now - HOUR},
        "scheduled": {"status": Article.Status.PUBLISHED, "publish_at": now + HOUR},
        "expired": {
            "status": Article.Status.PUBLISHED,
            "publish_at": now - 3 * HOUR,
            "expire_at": now - HOUR,
        },
        "withdrawn": {"status": Article.Status.WITHDRAWN, "publish_at": now - HOUR},
        # Published, its time passed, but an embargo still on.
        "embargoed": {
            "status": Article.Status.PUBLISHED,
            "publish_at": now - HOUR,
            "embargo_until": now + HOUR,
        },
    }[kind]


HIDDEN_KINDS = ["draft", "review", "approved", "scheduled", "expired", "withdrawn", "embargoed"]


def public_urls(world):
    return [
        "/",
        world["section"].get_absolute_url(),
        "/tags/stunts/",
        world["person"].get_absolute_url(),
        world["production"].get_absolute_url(),
        "/search/?q=story",
        "/search/?q=Secret",
        "/feeds/latest/",
        f"/feeds/sections/{world['section'].slug}/",
        "/sitemap-articles.xml",
        "/sitemap-tags.xml",
    ]


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_unpublished_story_never_reaches_a_reader(client, world, make_article, kind):
    hidden = make_article(
        headline="Secret embargoed story",
        slug="secret-embargoed-story",
        tags=["Stunts"],
        people=[world["person"]],
        productions=[world["production"]],
        **hidden_story_fields(kind),
    )

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Secret embargoed story" not in text, url
        assert "secret-embargoed-story" not in text, url


def test_live_story_is_on_every_listing(client, world):
    assert client.get(world["live"].get_absolute_url()).status_code == 200
    for url in public_urls(world):
        if url in ("/search/?q=Secret", "/sitemap-tags.xml"):
            continue
        text = client.get(url).content.decode()
        assert "live-story" in text or "Live story about the shoot" in text, url


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_live_queryset_excludes_hidden_story(make_article, kind):
    make_article(**hidden_story_fields(kind))
    assert not Article.objects.live().exists()


def test_story_goes_live_at_publish_at_and_leaves_at_expire_at(make_article, time_machine):
    start = timezone.now()
    article = make_article(publish_at=start + HOUR, expire_at=start + 2 * HOUR)
    assert not article.is_live(start)
    assert article.is_live(start + HOUR)
    assert not article.is_live(start + 2 * HOUR)
    time_machine.move_to(start + HOUR + datetime.timedelta(seconds=1))
    assert list(Article.objects.live()) == [article]
    time_machine.move_to(start + 2 * HOUR)
    assert not Article.objects.live().exists()


def test_published_without_a_time_goes_live_now(make_article):
    article = make_article(publish_at=None)
    assert article.publish_at is not None
    assert article.is_live()
