"""A member of staff writes a story in the rich-text editor and a reader sees it."""

from urllib.parse import parse_qs, urlsplit

import pytest

from articles.models import Article
from tests.browser.conftest import sign_in

# The live server needs real commits, so these tests flush the database after
# themselves; serialized_rollback restores what the migrations put there.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def choose_autocomplete(page, field, text):
    """Pick `text` in one of the admin's autocomplete (select2) boxes."""
    page.click(f"#id_{field} + .select2 .select2-selection")

    # The open box's search field: a many-choice picker has one of its own, always there.
    # Typed key by key (select2 ignores text that arrives without a key after Escape), and
    # picked only once the answer to these words is in: the list shown before it may hold
    # the name already, and an answer arriving after the pick would fill the next box.
    def answers_the_words(response):
        query = parse_qs(urlsplit(response.url).query)
        return "/admin/autocomplete/" in response.url and query.get("term") == [text]

    with page.expect_response(answers_the_words):
        page.locator(".select2-container--open .select2-search__field").press_sequentially(text)
    page.click(f".select2-results__option:has-text('{text}')")


def test_story_written_in_the_editor_reaches_the_reader(
    desktop_page, live_server, django_user_model, section
):
    page = desktop_page
    django_user_model.objects.create_superuser("chief", password="a-long-test-password")
    sign_in(page, live_server, "chief", "a-long-test-password")

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Premiere night in Leicester Square")
    page.locator(".ProseMirror[contenteditable=true]").focus()
    page.keyboard.type("The cast arrived ")
    page.keyboard.press("Control+b")
    page.keyboard.type("late")
    page.keyboard.press("Control+b")
    page.keyboard.type(" but smiling.")
    choose_autocomplete(page, "section", section.name)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get()
    assert article.slug == "premiere-night-in-leicester-square"  # prepopulated from the headline
    assert "<strong>late</strong>" in article.body
    for button in ["Submit for review", "Approve", "Publish now"]:
        page.click(f"button:has-text('{button}')")
        page.wait_for_selector(f".messagelist .success:has-text('{button}: done')")

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Premiere night in Leicester Square"
    assert page.locator(".article__body strong").inner_text() == "late"
