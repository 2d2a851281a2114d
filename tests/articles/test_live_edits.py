"""Second eyes on live stories: an edit waits, readers keep the live text until approval."""

import datetime
import time

import pytest
from django.utils import timezone

from articles import live_edits
from articles.models import Article, PendingEdit, WorkflowEvent
from articles.scheduling import publish_due
from tests.articles.test_workflow import change_form_data
from tests.conftest import make_member

LIVE = {
    "headline": "Star seen at the premiere",
    "slug": "star-seen",
    "standfirst": "A quiet night out.",
    "body": "<p>The star arrived early.</p>",
}


@pytest.fixture
def story(make_article, writer):
    article = make_article(created_by=writer, **LIVE)
    assert article.first_published_at is not None
    return article


@pytest.fixture
def second_editor(db, django_user_model):
    return make_member(django_user_model, "deskchief", "Editors")


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def save(client, user, article, follow=False, **changes):
    """`user` saves the story's form as they opened it (version as read), with changes."""
    client.force_login(user)
    data = change_form_data(article, **changes)
    return client.post(change_url(article), data, follow=follow)


def act(client, user, article, action, **fields):
    client.force_login(user)
    data = {"action": action, **fields}
    return client.post(f"/admin/articles/article/{article.pk}/workflow/", data, follow=True)


def public(client, article):
    client.logout()
    return client.get(f"/articles/{article.slug}/").content.decode()


@pytest.mark.parametrize("who", ["writer", "editor"])
def test_an_edit_to_a_live_story_waits_and_readers_keep_the_live_text(client, story, who, request):
    user = request.getfixturevalue(who)
    response = save(client, user, story, follow=True, headline="Star leaves the premiere early")
    assert response.status_code == 200
    assert "waiting for approval" in response.content.decode()
    story.refresh_from_db()
    assert story.headline == LIVE["headline"]  # the live row is untouched
    page = public(client, story)
    assert "Star seen at the premiere" in page
    assert "leaves the premiere early" not in page
    edit = PendingEdit.objects.get(article=story)
    assert edit.state == "waiting" and edit.snapshot["headline"] == "Star leaves the premiere early"
    # The desk goes on from the changes: the form shows them.
    client.force_login(user)
    form = client.get(change_url(story)).content.decode()
    assert "Star leaves the premiere early" in form
    assert "Changes waiting for approval" in form


def test_revisions_show_the_live_and_the_waiting_version(client, story, editor):
    save(client, editor, story, body="<p>The star arrived late.</p>")
    waiting, *older = story.revisions.all()
    assert waiting.waiting and "waiting for approval" in waiting.summary
    assert all(not revision.waiting for revision in older)
    page = client.get(f"/admin/articles/article/{story.pk}/revisions/").content.decode()
    assert "Not live" in page


def test_approval_by_another_editor_replaces_the_live_text_at_once(
    client, settings, story, writer, editor
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    assert "arrived early" in public(client, story)  # cached now
    save(client, writer, story, body="<p>The star arrived late, and left first.</p>")
    assert "arrived early" in public(client, story)
    response = act(client, editor, story, "publish_edit")
    assert "readers see them now" in response.content.decode()
    page = public(client, story)
    assert "arrived late, and left first" in page
    assert "arrived early" not in page
    assert PendingEdit.objects.get(article=story).state == "applied"
    assert WorkflowEvent.objects.filter(article=story, action="edit_published").exists()


def test_nobody_approves_their_own_changes_but_a_publisher(
    client, story, editor, second_editor, publisher
):
    save(client, editor, story, headline="Star seen leaving")
    response = act(client, editor, story, "publish_edit")
    assert "another editor, or a publisher" in response.content.decode()
    assert public(client, story).count("Star seen leaving") == 0
    # A publisher who made changes may approve them.
    edit = PendingEdit.objects.get(article=story)
    edit.edited_by = [*edit.edited_by, publisher.pk]
    edit.save()
    act(client, publisher, story, "publish_edit")
    assert "Star seen leaving" in public(client, story)


def test_a_writer_cannot_approve(client, story, writer, editor):
    save(client, editor, story, headline="Star seen leaving")
    act(client, writer, story, "publish_edit")
    assert PendingEdit.objects.get(article=story).state == "waiting"


def test_corrections_go_out_with_the_changes(client, story, editor, second_editor):
    data = {
        "corrections-TOTAL_FORMS": 1,
        "corrections-0-text": "An earlier version gave the wrong arrival time.",
    }
    save(client, editor, story, body="<p>The star arrived at nine.</p>", **data)
    assert "wrong arrival time" not in public(client, story)
    assert not story.corrections.exists()
    act(client, second_editor, story, "publish_edit")
    page = public(client, story)
    assert "arrived at nine" in page and "wrong arrival time" in page


def test_discarding_keeps_the_live_text_and_the_words_in_the_revisions(
    client, story, writer, editor
):
    save(client, writer, story, headline="A headline nobody wanted")
    act(client, editor, story, "discard_edit", note="Not what happened")
    assert PendingEdit.objects.get(article=story).state == "discarded"
    assert "A headline nobody wanted" not in public(client, story)
    assert story.revisions.filter(snapshot__headline="A headline nobody wanted").exists()
    client.force_login(editor)
    assert "A headline nobody wanted" not in client.get(change_url(story)).content.decode()


def test_the_waiting_version_survives_a_conflict(client, story, editor, second_editor):
    opened = Article.objects.get(pk=story.pk)  # both open the story at the same version
    save(client, editor, opened, headline="Star leaves early")
    response = save(client, second_editor, opened, headline="Star stays till dawn")
    assert response.status_code == 200
    assert "changed the same" in response.content.decode()
    edit = PendingEdit.objects.get(article=story)
    assert edit.snapshot["headline"] == "Star leaves early"  # nothing written over
    assert "Star seen at the premiere" in public(client, story)
    # Different fields merge into the waiting changes, the earlier ones kept.
    save(client, second_editor, opened, standfirst="A long night out.")
    edit.refresh_from_db()
    assert edit.snapshot["headline"] == "Star leaves early"
    assert edit.snapshot["standfirst"] == "A long night out."
    assert edit.edited_by == [editor.pk, second_editor.pk]


def test_a_slug_changed_in_waiting_changes_moves_the_story_only_once_approved(
    client, story, editor, second_editor
):
    save(client, editor, story, slug="star-seen-leaving")
    assert client.get("/articles/star-seen/").status_code == 200
    assert client.get("/articles/star-seen-leaving/").status_code == 404
    act(client, second_editor, story, "publish_edit")
    assert client.get("/articles/star-seen/").status_code == 301
    assert client.get("/articles/star-seen-leaving/").status_code == 200


def test_a_small_fix_goes_live_at_once_only_when_the_setting_allows(
    client, settings, story, editor, second_editor, writer
):
    settings.NEWSROOM_EDITORS_PUBLISH_SMALL_FIXES = False
    save(client, editor, story, headline="Star seen at the premeire", small_fix="on")
    assert "premeire" not in public(client, story)  # the setting is off: it waits
    act(client, second_editor, story, "discard_edit", note="typo")

    settings.NEWSROOM_EDITORS_PUBLISH_SMALL_FIXES = True
    story.refresh_from_db()
    client.force_login(editor)
    assert "Small fix: put it live at once" in client.get(change_url(story)).content.decode()
    save(client, editor, story, headline="Star seen at the film premiere", small_fix="on")
    assert "Star seen at the film premiere" in public(client, story)
    event = WorkflowEvent.objects.get(article=story, action="small_fix")
    assert event.actor == editor
    assert story.revisions.first().summary.startswith("Small fix")
    # Writers never get it.
    client.force_login(writer)
    assert "Small fix: put it live" not in client.get(change_url(story)).content.decode()


def test_a_small_fix_is_refused_while_changes_wait(client, settings, story, writer, editor):
    settings.NEWSROOM_EDITORS_PUBLISH_SMALL_FIXES = True
    save(client, writer, story, headline="Writer's new headline")
    story.refresh_from_db()
    response = save(client, editor, story, headline="Editor's quick fix", small_fix="on")
    assert response.status_code == 200
    assert "publish or discard them first" in response.content.decode()
    assert "Editor's quick fix" not in public(client, story)


def test_waiting_changes_never_reach_readers_anywhere(client, story, editor):
    secret = "Zanzibarwedding"
    save(client, editor, story, headline=f"{secret} rumour", body=f"<p>{secret}</p>")
    client.logout()
    for url in ["/", "/articles/star-seen/", "/feeds/latest/", "/sitemap.xml"]:
        response = client.get(url)
        assert secret not in response.content.decode(), url
    found = client.get(f"/search/?q={secret}").content.decode()
    assert "/articles/star-seen/" not in found


def test_approved_changes_scheduled_go_live_at_the_second(client, settings, story, writer, editor):
    """On the real clock, with the page cache on: nothing runs at the moment but readers."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    save(client, writer, story, body="<p>The star arrived by boat.</p>")
    moment = (timezone.now() + datetime.timedelta(seconds=2)).replace(microsecond=0)
    edit = live_edits.approve(PendingEdit.objects.get(article=story), editor, when=moment)
    assert edit.state == "scheduled"
    assert "arrived early" in public(client, story)  # cached until the moment, no longer
    time.sleep(max(0, (moment - timezone.now()).total_seconds()) + 0.05)
    assert "arrived by boat" in public(client, story)
    edit.refresh_from_db()
    assert edit.state == "applied"
    assert WorkflowEvent.objects.filter(article=story, action="scheduled_edit_published").exists()


def test_publish_due_makes_approved_changes_once(story, writer, editor, client):
    save(client, writer, story, body="<p>The star arrived by train.</p>")
    moment = timezone.now() + datetime.timedelta(minutes=5)
    live_edits.approve(PendingEdit.objects.get(article=story), editor, when=moment)
    publish_due(now=moment - datetime.timedelta(seconds=1))
    story.refresh_from_db()
    assert "train" not in story.body
    publish_due(now=moment)
    publish_due(now=moment)
    story.refresh_from_db()
    assert "train" in story.body
    assert story.corrections.count() == 0
    assert WorkflowEvent.objects.filter(action="scheduled_edit_published").count() == 1


def test_a_save_after_approval_for_later_makes_the_changes_wait_again(
    client, story, writer, editor
):
    save(client, writer, story, body="<p>By boat.</p>")
    moment = timezone.now() + datetime.timedelta(minutes=5)
    live_edits.approve(PendingEdit.objects.get(article=story), editor, when=moment)
    story.refresh_from_db()
    save(client, writer, story, body="<p>By boat, and then by car.</p>")
    edit = PendingEdit.objects.get(article=story)
    assert edit.state == "waiting" and edit.apply_at is None


def test_drafts_and_withdrawn_stories_are_edited_directly(client, make_article, editor):
    draft = make_article(status="draft", publish_at=None)
    save(client, editor, draft, headline="A draft changed")
    draft.refresh_from_db()
    assert draft.headline == "A draft changed"
    assert not PendingEdit.objects.exists()


def publish_waiting(article, by=None):
    """Another person approves the story's waiting changes (for tests of other rules)."""
    from django.contrib.auth import get_user_model

    approver = by or make_member(get_user_model(), "approving-publisher", "Publishers")
    return live_edits.approve(PendingEdit.objects.get(article=article, state="waiting"), approver)


def test_a_person_linked_from_the_fact_desk_on_a_live_story_waits_too(
    client, story, editor, make_person
):
    person = make_person(name="Ann Example", slug="ann-example")
    client.force_login(editor)
    client.post(f"/admin/articles/article/{story.pk}/attach/", {"kind": "person", "id": person.pk})
    assert not story.people.exists()
    assert PendingEdit.objects.get(article=story).snapshot["people"] == [person.pk]


def test_restoring_an_old_version_of_a_live_story_waits_too(client, story, editor, second_editor):
    save(client, editor, story, headline="A headline for a while")
    act(client, second_editor, story, "publish_edit")
    old = story.revisions.get(snapshot__headline=LIVE["headline"], waiting=False)
    client.force_login(editor)
    client.post(f"/admin/articles/article/{story.pk}/revisions/{old.pk}/restore/")
    assert "A headline for a while" in public(client, story)
    waiting = PendingEdit.objects.get(article=story, state="waiting")
    assert waiting.snapshot["headline"] == LIVE["headline"]


def test_a_slug_taken_meanwhile_is_refused_at_approval_with_a_clear_message(
    client, story, editor, second_editor, make_article
):
    save(client, editor, story, slug="star-seen-leaving")
    make_article(headline="Another story", slug="star-seen-leaving")
    response = act(client, second_editor, story, "publish_edit")
    assert "is now another story" in response.content.decode()
    assert PendingEdit.objects.get(article=story).state == "waiting"
    assert client.get("/articles/star-seen/").status_code == 200
