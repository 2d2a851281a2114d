"""The desk's day in a browser: write, submit, send back, approve, publish, read."""

import pytest

from articles.models import Article
from tests.browser.conftest import sign_in
from tests.browser.test_editing import choose_autocomplete
from tests.conftest import make_member

# The live server needs real commits, so these tests flush the database after
# themselves; serialized_rollback restores what the migrations put there.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-test-password"


def press(page, label, note=None):
    if note:
        page.fill("#workflow-note", note)
    page.click(f"button:has-text('{label}')")
    page.wait_for_selector(f".messagelist .success:has-text('{label}: done')")


def test_story_goes_from_writer_to_reader(open_page, live_server, django_user_model, section):
    for username, group in [("wendy", "Writers"), ("eddie", "Editors"), ("pat", "Publishers")]:
        make_member(django_user_model, username, group)

    def session(username):
        page = open_page()
        sign_in(page, live_server, username, PASSWORD)
        return page

    writer = session("wendy")
    writer.goto(f"{live_server.url}/admin/articles/article/add/")
    writer.locator("#id_headline").press_sequentially("Pop star opens up about comeback tour")
    writer.locator(".ProseMirror[contenteditable=true]").focus()
    writer.keyboard.type("The singer told fans the tour starts in spring.")
    choose_autocomplete(writer, "section", section.name)
    writer.click("input[name=_continue]")
    writer.wait_for_selector(".messagelist .success")
    press(writer, "Submit for review")
    article = Article.objects.get()
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    editor = session("eddie")
    editor.goto(f"{live_server.url}/admin/articles/article/?view=waiting")
    editor.click("text=Pop star opens up about comeback tour")
    press(editor, "Send back", note="Which city does the tour open in?")

    writer.goto(change_url)
    assert "Which city does the tour open in?" in writer.inner_text(".desk-history")
    writer.locator(".ProseMirror[contenteditable=true]").focus()
    writer.keyboard.press("End")
    writer.keyboard.type(" It opens in Manchester.")
    writer.click("input[name=_continue]")
    writer.wait_for_selector(".messagelist .success")
    press(writer, "Submit for review")

    editor.goto(change_url)
    press(editor, "Approve")
    assert editor.locator("button:has-text('Publish now')").count() == 0

    publisher = session("pat")
    publisher.goto(change_url)
    assert publisher.locator("input[name=_save]").count() == 0  # reads, does not rewrite
    press(publisher, "Publish now")

    reader = open_page()
    reader.goto(f"{live_server.url}/")
    reader.click("text=Pop star opens up about comeback tour")
    assert "It opens in Manchester." in reader.inner_text(".article__body")
