"""A story's slug follows its headline until the story first goes live; then it stays."""

import pytest

from articles import slugs
from articles.models import Article
from newsroom.models import OldSlug
from tests.articles.test_workflow import change_form_data

ADD = "/admin/articles/article/add/"


def change(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def draft(make_article):
    """Never live; its slug is its headline's."""
    return make_article(
        headline="Star spotted at premiere",
        slug="star-spotted-at-premiere",
        status="draft",
        publish_at=None,
    )


@pytest.mark.parametrize(
    ("slug", "headline", "follows"),
    [
        ("poms-big-night", "Pom’s big night!", True),
        ("poms-big-night-3", "Pom’s big night!", True),
        ("poms-big", "Pom’s big night!", False),
        ("poms-big-night-extra", "Pom’s big night!", False),
        ("beyonce-in-paris", "Beyoncé in Paris", True),
    ],
)
def test_a_slug_follows_the_headline_it_was_made_from(slug, headline, follows):
    assert slugs.follows(slug, headline) is follows


def test_a_new_story_left_without_a_slug_takes_its_headlines(staff_client, section):
    data = {"headline": "Premiere night in Leicester Square", "slug": "", "section": section.pk}
    assert staff_client.post(ADD, {**data, "body": "", "tags": ""}).status_code == 302
    assert Article.objects.get().slug == "premiere-night-in-leicester-square"


def test_a_never_live_story_takes_its_new_headlines_slug(staff_client, draft):
    data = change_form_data(draft, headline="Star seen leaving premiere early")
    assert staff_client.post(change(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.slug == "star-seen-leaving-premiere-early"
    assert not OldSlug.objects.exists()  # nobody outside the desk knew the old address


def test_a_slug_made_from_the_headline_is_numbered_when_another_story_has_it(
    staff_client, draft, make_article
):
    make_article(headline="Star seen leaving", slug="star-seen-leaving")
    # As the browser sends it: the slug typed from the headline as the writer typed.
    data = change_form_data(draft, headline="Star seen leaving", slug="star-seen-leaving")
    assert staff_client.post(change(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.slug == "star-seen-leaving-2"


def test_a_slug_typed_by_hand_stays_when_the_headline_changes(staff_client, draft):
    data = change_form_data(draft, slug="premiere-sighting")
    assert staff_client.post(change(draft), data).status_code == 302
    draft.refresh_from_db()
    data = change_form_data(draft, headline="Star seen leaving premiere early")
    assert staff_client.post(change(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.slug == "premiere-sighting"


def test_once_live_the_slug_stays_when_the_headline_changes(staff_client, make_article):
    story = make_article(headline="Star spotted at premiere", slug="star-spotted-at-premiere")
    assert story.first_published_at is not None
    data = change_form_data(story, headline="Star seen leaving premiere early")
    assert staff_client.post(change(story), data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Star seen leaving premiere early"
    assert story.slug == "star-spotted-at-premiere"


def test_once_live_a_slug_changed_on_purpose_moves_and_the_old_address_redirects(
    client, staff_client, make_article
):
    story = make_article(headline="Star spotted at premiere", slug="star-spotted-at-premiere")
    data = change_form_data(story, slug="star-spotted")
    assert staff_client.post(change(story), data).status_code == 302
    story.refresh_from_db()
    assert story.slug == "star-spotted"
    response = client.get("/articles/star-spotted-at-premiere/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/star-spotted/"


def test_once_live_a_slug_another_story_has_is_refused(staff_client, make_article):
    make_article(headline="Other", slug="taken")
    story = make_article(headline="Taken", slug="star-spotted-at-premiere")
    response = staff_client.post(change(story), change_form_data(story, slug="taken"))
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.slug == "star-spotted-at-premiere"


def test_a_withdrawn_story_keeps_its_slug(staff_client, make_article):
    story = make_article(headline="Star spotted at premiere", slug="star-spotted-at-premiere")
    Article.objects.filter(pk=story.pk).update(status="withdrawn")
    story.refresh_from_db()
    data = change_form_data(story, headline="Star seen leaving premiere early")
    assert staff_client.post(change(story), data).status_code == 302
    story.refresh_from_db()
    assert story.slug == "star-spotted-at-premiere"


def test_every_save_of_a_never_live_story_keeps_the_slug_in_step(draft):
    # Not only the story form: a fact-desk fix or a restore saves the model itself.
    draft.headline = "Star seen leaving premiere early"
    draft.save()
    assert draft.slug == "star-seen-leaving-premiere-early"
    draft.headline, draft.slug = "A third headline", "chosen-slug"  # both at once: theirs
    draft.save()
    assert draft.slug == "chosen-slug"


def test_the_story_page_tells_the_browser_which_slugs_follow(staff_client, draft, make_article):
    follows = 'data-slug-from="id_headline"'
    assert follows in staff_client.get(ADD).text
    assert follows in staff_client.get(change(draft)).text
    live = make_article(headline="Star spotted at premiere", slug="star-spotted-live")
    assert follows not in staff_client.get(change(live)).text
    hand = make_article(headline="Star", slug="by-hand", status="draft", publish_at=None)
    assert follows not in staff_client.get(change(hand)).text
