"""Unsaved words survive a closed page, come back on request, and never reach readers.

Also: leaving a page with unsaved changes asks first, and Ctrl+S saves.
"""

import os
import time

import pytest

from articles import revisions
from desk.models import Autosave
from tests.browser.conftest import DESKTOP, PHONE, server_requests, sign_in
from tests.browser.test_editing import choose_autocomplete
from tests.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-test-password"
EDITOR = ".ProseMirror[contenteditable=true]"
# Set to a folder to keep screenshots of the restore offer for the README.
SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")


@pytest.fixture
def signed_in(open_page, live_server, django_user_model):
    def open_as(username, group, viewport=DESKTOP):
        user = make_member(django_user_model, username, group)
        page = open_page(viewport)
        sign_in(page, live_server, username, PASSWORD)
        return page, user

    return open_as


def wait_for(condition, seconds=5):
    # Ask the database only while the server answers nothing: on SQLite both threads share
    # one connection, and the page's goodbye may reach the server a moment after it closes.
    deadline = time.monotonic() + seconds
    while True:
        server_requests.wait_until_quiet(quiet=0.5)
        if condition():
            return
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.1)


def type_unsaved(page):
    page.fill("#id_headline", "Star weds in secret")
    page.locator(EDITOR).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Guests were sworn to silence.")
    page.fill("#id_tags", "Stunts, Weddings")


def test_unsaved_words_come_back_after_the_page_is_closed(
    signed_in, open_page, live_server, make_article
):
    page, editor = signed_in("eddie", "Editors")
    story = make_article(
        headline="Star seen at chapel", body="<p>First words.</p>", tags=["Stunts"]
    )
    revisions.record(story, editor)
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    page.goto(change)
    type_unsaved(page)
    page.close()  # without saving: the page's goodbye carries the words
    wait_for(lambda: Autosave.objects.filter(user=editor, article=story).exists())

    reader = open_page()
    reader.goto(f"{live_server.url}{story.get_absolute_url()}")
    assert reader.locator("h1").inner_text() == "Star seen at chapel"
    assert "sworn to silence" not in reader.content() and "Weddings" not in reader.content()

    page = open_page(DESKTOP)
    sign_in(page, live_server, "eddie", PASSWORD)
    page.goto(f"{change.removesuffix('change/')}revisions/")
    assert page.locator(".desk-revisions tbody tr").count() == 1
    assert "Star weds in secret" not in page.content()

    page.goto(change)
    offer = page.locator(".desk-restore")
    assert "Restore your unsaved changes from" in offer.inner_text()
    assert "weds in secret" in offer.locator("ins").all_inner_texts()
    assert "sworn to silence." in offer.inner_text() and "Weddings" in offer.inner_text()
    assert page.input_value("#id_headline") == "Star seen at chapel"  # nothing until asked
    if SCREENSHOTS:
        bottom = offer.bounding_box()["y"] + offer.bounding_box()["height"] + 16
        clip = {"x": 0, "y": 0, "width": DESKTOP["width"], "height": bottom}
        page.screenshot(path=f"{SCREENSHOTS}/restore-offer.png", clip=clip)

    page.click(".desk-restore button:has-text('Restore')")
    assert page.locator(".desk-restore").count() == 0
    assert page.input_value("#id_headline") == "Star weds in secret"
    assert page.input_value("#id_tags") == "Stunts, Weddings"
    assert page.locator(EDITOR).inner_text() == "First words. Guests were sworn to silence."

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    story.refresh_from_db()
    assert story.headline == "Star weds in secret"
    assert story.body == "<p>First words. Guests were sworn to silence.</p>"
    assert sorted(story.tags.names()) == ["Stunts", "Weddings"]
    assert page.locator(".desk-restore").count() == 0
    assert not Autosave.objects.exists()


def test_words_are_kept_a_moment_after_typing_stops(signed_in, live_server, make_article):
    page, writer = signed_in("wendy", "Writers")
    page.on("dialog", lambda dialog: dialog.accept())
    story = make_article(status="draft", publish_at=None, created_by=writer)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.fill("#id_standfirst", "A line typed and left")
    page.wait_for_selector(".desk-autosave-status:has-text('kept for you')", timeout=6000)
    assert Autosave.objects.get(user=writer).data["standfirst"] == "A line typed and left"

    page.reload()
    page.click(".desk-restore button:has-text('Discard')")
    page.wait_for_selector(".desk-autosave-status:has-text('Discarded')")
    assert not Autosave.objects.exists()


def test_a_new_story_is_offered_back_on_the_add_page(signed_in, live_server, section):
    page, writer = signed_in("wendy", "Writers", PHONE)
    page.on("dialog", lambda dialog: dialog.accept())
    add = f"{live_server.url}/admin/articles/article/add/"
    page.goto(add)
    page.locator("#id_headline").press_sequentially("Secret album")
    page.locator(EDITOR).click()
    page.keyboard.type("Recorded in a barn.")
    choose_autocomplete(page, "section", section.name)
    page.goto(f"{live_server.url}/admin/")
    wait_for(lambda: Autosave.objects.filter(user=writer, article=None).exists())

    page.goto(add)
    assert "your new story" in page.inner_text(".desk-restore")
    offer = page.locator(".desk-restore").bounding_box()
    assert offer["x"] >= 0 and offer["x"] + offer["width"] <= PHONE["width"]
    page.click(".desk-restore button:has-text('Restore')")
    assert page.input_value("#id_headline") == "Secret album"
    assert page.input_value("#id_slug") == "secret-album"
    assert page.locator(EDITOR).inner_text() == "Recorded in a barn."
    assert page.input_value("#id_section") == str(section.pk)
    assert page.inner_text("#id_section + .select2") == section.name


def test_leaving_with_unsaved_changes_asks_first(signed_in, live_server, make_article):
    page, writer = signed_in("wendy", "Writers")
    story = make_article(status="draft", publish_at=None, created_by=writer)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    page.goto(change)
    page.click("#id_headline")  # Chromium asks only on a page someone has used
    page.keyboard.type("!")
    page.keyboard.press("Backspace")
    page.goto(f"{live_server.url}/admin/")
    assert dialogs == []  # typed and taken back: nothing to lose, nothing asked

    page.goto(change)
    page.fill("#id_headline", "Changed, not saved")
    page.goto(f"{live_server.url}/admin/")
    assert dialogs == ["beforeunload"]

    page.goto(change)
    page.fill("#id_headline", "Saved with the keyboard")
    page.keyboard.press("Control+s")
    page.wait_for_selector(".messagelist .success")
    story.refresh_from_db()
    assert story.headline == "Saved with the keyboard"
    page.goto(f"{live_server.url}/admin/")
    assert dialogs == ["beforeunload"]  # saved: leaving asks nothing
