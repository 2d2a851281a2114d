"""Two people with the same story open in two browsers: both saves keep their words."""

import re

import pytest

from articles import revisions
from tests.browser.conftest import sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-test-password"
BODY = ".ProseMirror[contenteditable=true]"


@pytest.fixture
def two_desks(open_page, live_server, django_user_model, make_article):
    """An editor and the chief, each signed in in a browser of their own, with one story
    open; the story has the revision they both opened."""
    editor = make_member(django_user_model, "eddie", "Editors", last_name="Editor")
    chief = make_member(django_user_model, "carla", is_superuser=True, last_name="Chief")
    story = make_article(
        headline="Star spotted at premiere",
        body="<p>The star arrived early and left late.</p>",
        status="review",
        publish_at=None,
    )
    revisions.record(story, editor, summary="Created")
    pages = []
    for user in (editor, chief):
        page = open_page()
        sign_in(page, live_server, user.username, PASSWORD)
        page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
        page.wait_for_selector(BODY)
        pages.append(page)
    return story, *pages


def type_at_end_of_body(page, words):
    page.locator(BODY).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(words)


def save(page):
    page.click("input[name=_continue]")


def kept_words(story):
    story.refresh_from_db()
    texts = [story.headline, story.body]
    for revision in story.revisions.all():
        texts += [revision.snapshot["headline"], revision.snapshot["body"]]
    return set(re.findall(r"\w+", " ".join(texts)))


def test_different_fields_changed_in_two_browsers_merge_silently(two_desks):
    story, eddie, carla = two_desks
    type_at_end_of_body(eddie, " Fans waited outside.")
    save(eddie)
    eddie.wait_for_selector(".messagelist .success")

    carla.fill("#id_headline", "Star spotted at Leicester Square premiere")
    save(carla)  # her body is as she opened it: no change of hers to merge
    carla.wait_for_selector(".messagelist .success:has-text('merged with yours')")

    story.refresh_from_db()
    assert story.headline == "Star spotted at Leicester Square premiere"
    assert "Fans waited outside." in story.body
    assert "Fans waited outside." in carla.inner_text(BODY)  # the page shows the merge
    assert story.version == story.revisions.first().version


def test_the_same_fields_changed_in_two_browsers_are_settled_field_by_field(two_desks):
    story, eddie, carla = two_desks
    eddie.fill("#id_headline", "Eddie's headline about the premiere")
    type_at_end_of_body(eddie, " Eddie adds a quote.")
    save(eddie)
    eddie.wait_for_selector(".messagelist .success")

    carla.fill("#id_headline", "Carla's headline for the night")
    type_at_end_of_body(carla, " Carla adds the dress.")
    save(carla)
    carla.wait_for_selector("#conflict-heading")
    panel = carla.inner_text(".desk-conflict")
    assert "Eddie's headline about the premiere" in panel.replace("’", "'")
    assert "Carla's headline for the night" in panel and "Eddie adds a quote." in panel
    assert "Carla adds the dress." in panel

    carla.check("input[name=resolve-body][value=theirs]")
    assert "Eddie adds a quote." in carla.inner_text(BODY)  # their body, in the editor
    assert "Carla adds the dress." not in carla.inner_text(BODY)
    carla.check("input[name=resolve-headline][value=theirs]")
    assert carla.input_value("#id_headline") == "Eddie's headline about the premiere"
    carla.locator("#id_headline").press("End")
    carla.locator("#id_headline").press_sequentially("!")
    assert carla.is_checked("input[name=resolve-headline][value=edit]")  # typing is an edit
    carla.check("input[name=resolve-headline][value=yours]")
    assert carla.input_value("#id_headline") == "Carla's headline for the night"
    save(carla)
    carla.wait_for_selector(".messagelist .success:has-text('Saved with your choices')")

    story.refresh_from_db()
    assert story.headline == "Carla's headline for the night"
    assert "Eddie adds a quote." in story.body and "Carla adds the dress." not in story.body
    every_word = re.findall(
        r"\w+",
        "Eddie's headline about the premiere Eddie adds a quote. "
        "Carla's headline for the night Carla adds the dress.",
    )
    assert set(every_word) <= kept_words(story)
    assert story.version == story.revisions.first().version
