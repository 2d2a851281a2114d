"""The story page in a browser: a slug that follows the headline until the story is live."""

import pytest

from articles.models import Article
from tests.browser.conftest import DESKTOP, sign_in
from tests.browser.test_editing import choose_autocomplete

# The live server needs real commits, so these tests flush the database after
# themselves; serialized_rollback restores what the migrations put there.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-test-password"
ADD = "/admin/articles/article/add/"


def change(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def story_page(open_page, live_server, django_user_model):
    """Opens a story page as a superuser (every panel and button), at a given size."""
    django_user_model.objects.create_superuser("chief", password=PASSWORD)

    def open_(path, viewport=DESKTOP):
        page = open_page(viewport)
        sign_in(page, live_server, "chief", PASSWORD)
        page.goto(f"{live_server.url}{path}")
        return page

    return open_


def type_at_end(box, text):
    box.focus()
    box.press("End")
    box.press_sequentially(text)


def test_slug_follows_the_headline_on_a_new_story_until_typed_by_hand(story_page, section):
    page = story_page(ADD)
    page.locator("#id_headline").press_sequentially("Pom’s big night!")
    assert page.input_value("#id_slug") == "poms-big-night"
    page.fill("#id_slug", "")
    page.locator("#id_slug").press_sequentially("big-night")
    type_at_end(page.locator("#id_headline"), " Again")
    assert page.input_value("#id_slug") == "big-night"  # the writer's own, kept

    page.fill("#id_slug", "")  # emptied: it follows again
    type_at_end(page.locator("#id_headline"), "!")
    assert page.input_value("#id_slug") == "poms-big-night-again"
    choose_autocomplete(page, "section", section.name)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get().slug == "poms-big-night-again"


def test_slug_follows_on_a_story_never_live_and_stays_on_one_that_was(story_page, make_article):
    draft = make_article(
        headline="Star spotted", slug="star-spotted", status="draft", publish_at=None
    )
    page = story_page(change(draft))
    page.fill("#id_headline", "")
    page.locator("#id_headline").press_sequentially("Star seen leaving early")
    assert page.input_value("#id_slug") == "star-seen-leaving-early"
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    draft.refresh_from_db()
    assert draft.slug == "star-seen-leaving-early"

    live = make_article(headline="Star spotted live", slug="star-spotted-live")
    page.goto(page.url.split("/admin/")[0] + change(live))
    type_at_end(page.locator("#id_headline"), " and more")
    assert page.input_value("#id_slug") == "star-spotted-live"
