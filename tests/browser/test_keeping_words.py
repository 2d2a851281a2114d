"""Every button on the story page keeps what was typed and not yet saved.

For each action: type into the headline, the body and the tags without saving, press
the button, and find the words in the saved story, or, when the action is refused,
still in the form.
"""

import datetime
import json

import pytest
from django.utils import timezone

from articles.models import Article, PreviewLink
from tests.browser.conftest import sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-test-password"
HOUR = datetime.timedelta(hours=1)
ROLES = {"writer": "Writers", "editor": "Editors", "chief": None}


@pytest.fixture
def desk(open_page, live_server, django_user_model):
    """A signed-in page for one role, and the user behind it."""

    def open_as(role):
        user = make_member(django_user_model, f"{role}1", ROLES[role], is_superuser=role == "chief")
        page = open_page()
        page.on("dialog", lambda dialog: dialog.accept())
        sign_in(page, live_server, user.username, PASSWORD)
        return page, user

    return open_as


def type_unsaved(page, n=""):
    page.fill("#id_headline", f"Headline typed but not saved{n}")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Words typed but not saved.")
    page.fill("#id_tags", "typed-tag")


def assert_kept(story):
    """In the story, or, for a live one, in its changes waiting for approval."""
    story.refresh_from_db()
    waiting = story.pending_edits.filter(state__in=["waiting", "scheduled"]).first()
    if waiting is not None:
        kept = waiting.snapshot
    else:
        kept = {"headline": story.headline, "body": story.body, "tags": list(story.tags.names())}
    assert kept["headline"].startswith("Headline typed but not saved")
    assert "Words typed but not saved." in kept["body"]
    assert kept["tags"] == ["typed-tag"]


def open_story(page, live_server, story):
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")


def expect_done(page, label):
    page.wait_for_selector(f".messagelist .success:has-text('{label}')")


STATES = {
    "draft": {"status": "draft", "publish_at": None},
    "review": {"status": "review", "publish_at": None},
    "approved": {"status": "approved", "publish_at": None},
    "live": {"status": "published"},
}

# action: (role, state it starts from, what the person does after typing, message)
WORKFLOW = {
    "submit": ("writer", "draft", "button:has-text('Submit for review')", "Submit for review"),
    "approve": ("editor", "review", "button:has-text('Approve')", "Approve: done"),
    "send_back": ("editor", "review", "button:has-text('Send back')", "Send back: done"),
    "publish": ("chief", "approved", "button:has-text('Publish now')", "Publish now: done"),
    "schedule": ("chief", "approved", "button.desk-button--schedule", "Schedule: done"),
    "set_expiry": ("chief", "live", "button.desk-button--set_expiry", "Set expiry: done"),
    "withdraw": ("chief", "live", "button:has-text('Withdraw this story')", "Withdraw: done"),
    "share": ("chief", "approved", "button:has-text('Make a share link')", "Share link made"),
}


@pytest.mark.parametrize("action", list(WORKFLOW))
def test_each_button_saves_the_typed_words_before_acting(desk, live_server, make_article, action):
    role, state, button, message = WORKFLOW[action]
    page, user = desk(role)
    story = make_article(created_by=user, body="<p>First words.</p>", **STATES[state])
    open_story(page, live_server, story)
    type_unsaved(page)
    later = timezone.localtime(timezone.now() + 3 * HOUR).strftime("%Y-%m-%dT%H:%M:%S")
    if action == "send_back":
        page.fill("#workflow-note", "Check the quotes.")
    if action in ("schedule", "set_expiry"):
        page.fill(f"#when-{action}-{story.pk}", later)
    if action == "share":
        page.click(".desk-share summary")
    if action == "withdraw":
        page.click(".desk-withdraw summary")
        page.fill(f"#withdraw-note-{story.pk}", "A legal complaint.")
    page.click(button)
    expect_done(page, message)

    assert_kept(story)
    if action == "share":
        assert PreviewLink.objects.filter(article=story).count() == 1
    elif action == "withdraw":
        assert story.status == "withdrawn"
        assert story.events.get(action="withdraw").note == "A legal complaint."
    else:
        assert story.events.filter(action=action).count() == 1


def test_a_refused_action_keeps_the_words_in_the_form(desk, live_server, make_article):
    page, _ = desk("editor")
    story = make_article(status="review", publish_at=None)
    open_story(page, live_server, story)
    type_unsaved(page)
    Article.objects.filter(pk=story.pk).update(headline="Changed meanwhile", version=5)
    page.click("button:has-text('Approve')")
    page.wait_for_selector(".messagelist .error:has-text('was not done')")
    assert page.input_value("#id_headline") == "Headline typed but not saved"
    assert "Words typed but not saved." in page.inner_text(".ProseMirror[contenteditable=true]")
    story.refresh_from_db()
    assert story.status == "review" and story.headline == "Changed meanwhile"


def test_withdraw_needs_a_reason_and_keeps_the_words(desk, live_server, make_article):
    page, _ = desk("chief")
    story = make_article(status="published")
    open_story(page, live_server, story)
    type_unsaved(page)
    page.click(".desk-withdraw summary")
    page.click("button:has-text('Withdraw this story')")
    page.wait_for_selector(".messagelist .error:has-text('needs a note')")
    assert_kept(story)
    assert story.status == "published"


def test_a_fact_desk_fix_and_a_suggested_link_keep_the_words(
    desk, live_server, make_article, make_person
):
    nimoy = make_person(
        name="Leonard Nimoy",
        slug="leonard-nimoy",
        birth_date=datetime.date(1931, 3, 26),
        death_date=datetime.date(2015, 2, 27),
    )
    page, _ = desk("editor")
    story = make_article(
        status="review",
        publish_at=None,
        body="<p>Leonard Nomoy played Paris.</p>",
    )
    open_story(page, live_server, story)
    type_unsaved(page)
    page.click("button:has-text('Change to Leonard Nimoy')")
    expect_done(page, "Changed")
    assert_kept(story)
    assert "Leonard Nimoy played Paris." in story.body

    type_unsaved(page, " again")
    page.click("button:has-text('Link person')")
    expect_done(page, "now linked")
    assert_kept(story)
    assert story.headline.endswith("again")
    assert list(story.people.all()) == [nimoy]


def test_enter_in_the_headline_saves_and_presses_no_workflow_button(
    desk, live_server, make_article
):
    page, user = desk("writer")
    story = make_article(created_by=user, status="draft", publish_at=None)
    open_story(page, live_server, story)
    page.fill("#id_headline", "Saved with the Enter key")
    page.press("#id_headline", "Enter")
    page.wait_for_selector(".messagelist .success")
    story.refresh_from_db()
    assert story.headline == "Saved with the Enter key"
    assert story.status == "draft" and not story.events.exists()


def test_fix_buttons_carry_the_finding_as_json():
    # The value admin_actions reads back: a JSON object with the four keys.
    from articles.templatetags.desk import fix_value

    class Finding:
        kind, wrong, right, sentence = "name", "Nomoy", "Nimoy", "Nomoy said."

    assert json.loads(fix_value(Finding())) == {
        "kind": "name",
        "wrong": "Nomoy",
        "right": "Nimoy",
        "sentence": "Nomoy said.",
    }
