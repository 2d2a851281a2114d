"""Second eyes in the browser: a writer's change to their live story waits; an editor
publishes it with one press, and only then do readers see it."""

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-test-password"


def test_a_change_to_a_live_story_waits_for_an_editor(
    open_page, live_server, django_user_model, make_article
):
    writer = make_member(django_user_model, "wren", "Writers")
    editor = make_member(django_user_model, "eddie", "Editors")
    story = make_article(created_by=writer, headline="Singer opens the festival", slug="opens")
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    reader = open_page()

    page = open_page()
    sign_in(page, live_server, writer.username, PASSWORD)
    page.goto(change)
    page.wait_for_selector(".desk-waiting-note")
    page.fill("#id_headline", "Singer closes the festival")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success:has-text('waiting for approval')")
    assert page.is_visible("#waiting-heading")
    assert page.input_value("#id_headline") == "Singer closes the festival"
    # The writer may not publish their own change.
    assert page.locator("button:has-text('Publish the changes now')").count() == 0

    reader.goto(f"{live_server.url}/articles/opens/")
    assert reader.inner_text("h1") == "Singer opens the festival"

    desk = open_page()
    sign_in(desk, live_server, editor.username, PASSWORD)
    desk.goto(change)
    assert "Changes waiting for approval" in desk.inner_text("#waiting-heading")
    desk.click("button:has-text('Publish the changes now')")
    desk.wait_for_selector(".messagelist .success:has-text('readers see them now')")

    reader.goto(f"{live_server.url}/articles/opens/")
    assert reader.inner_text("h1") == "Singer closes the festival"
