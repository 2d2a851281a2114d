"""Unsaved words are kept per person and per story, offered back, and never reach the story."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles import revisions
from articles.models import Article, Revision
from desk import autosaves
from desk.models import Autosave

TYPED = {
    "headline": "Typed but not saved",
    "body": "<p>Words typed <script>x()</script>but not saved.</p>",
    "tags": "Unsaved tag, Stunts",
}


def autosave_url(story=None):
    return f"/admin/desk/stories/{story.pk if story else 'new'}/autosave/"


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


def form_of(story, **changes):
    """The story form's fields as the admin would post them, with `changes`."""
    data = {
        "headline": story.headline,
        "slug": story.slug,
        "section": story.section_id,
        "standfirst": story.standfirst,
        "body": story.body,
        "tags": ", ".join(story.tags.names()),
        "base_version": story.version,
        "_continue": "1",
    }
    return {**data, **changes}


@pytest.fixture
def draft(make_article, writer):
    return make_article(status="draft", publish_at=None, created_by=writer, tags=["Stunts"])


def test_typing_is_kept_apart_from_the_story(client, editor, make_article):
    story = make_article(tags=["Stunts"])
    client.force_login(editor)
    response = client.post(autosave_url(story), {**TYPED, "base_version": story.version})

    assert response.status_code == 200 and response.json()["kept"] is True
    kept = Autosave.objects.get(user=editor, article=story)
    assert kept.data["headline"] == "Typed but not saved"
    assert "<script>" not in kept.data["body"]  # sanitised like the story's own body
    story.refresh_from_db()
    assert story.headline != "Typed but not saved" and story.version == 1
    assert not Revision.objects.filter(article=story).exists()
    page = client.get(story.get_absolute_url()).text
    assert "Typed but not saved" not in page and "Unsaved tag" not in page


def test_each_person_has_their_own_autosave(client, editor, chief, make_article):
    story = make_article()
    for person, headline in [(editor, "Editor's words"), (chief, "Chief's words")]:
        client.force_login(person)
        client.post(autosave_url(story), {"headline": headline})
    assert Autosave.objects.get(user=editor, article=story).data == {"headline": "Editor's words"}
    assert Autosave.objects.get(user=chief, article=story).data == {"headline": "Chief's words"}


def test_the_newest_words_win_over_a_late_request_from_the_same_page(client, editor, draft):
    client.force_login(editor)
    client.post(autosave_url(draft), {"headline": "Newer", "page": "p1", "sequence": 2})
    answer = client.post(autosave_url(draft), {"headline": "Older", "page": "p1", "sequence": 1})
    assert answer.json()["kept"] is False
    assert Autosave.objects.get(user=editor).data["headline"] == "Newer"


def test_reopening_offers_the_words_with_a_diff(client, writer, draft):
    client.force_login(writer)
    client.post(autosave_url(draft), {**TYPED, "base_version": draft.version})
    page = client.get(change_url(draft)).text
    assert "Restore your unsaved changes from" in page
    assert "<ins>Typed but not saved</ins>" in page
    assert "<ins>Unsaved tag</ins>" in page
    assert 'id="desk-restore-values"' in page


def test_the_offer_names_the_newsroom_time(client, writer, draft):
    moment = datetime.datetime(2026, 7, 1, 9, 42, tzinfo=datetime.timezone.utc)
    with time_machine.travel(moment, tick=False):
        autosaves.keep(writer, draft, {"headline": "At breakfast"})
    with time_machine.travel(moment + datetime.timedelta(minutes=5)):
        client.force_login(writer)
        page = client.get(change_url(draft)).text
    assert "Restore your unsaved changes from 10:42?" in page  # London, summer time


def test_nothing_is_offered_when_the_words_match_the_saved_story(client, writer, draft):
    client.force_login(writer)
    same = form_of(draft, headline=f"  {draft.headline}  ", tags="stunts")
    client.post(autosave_url(draft), same)
    assert Autosave.objects.filter(user=writer).exists()
    assert "Restore your unsaved changes" not in client.get(change_url(draft)).text


def test_saving_the_story_clears_the_persons_autosave_only(client, writer, editor, draft):
    autosaves.keep(editor, draft, {"headline": "The editor's idea"})
    client.force_login(writer)
    client.post(autosave_url(draft), {**TYPED, "base_version": draft.version})
    response = client.post(change_url(draft), form_of(draft, headline="Saved at last"))
    assert response.status_code == 302
    assert not Autosave.objects.filter(user=writer).exists()
    assert Autosave.objects.filter(user=editor).exists()
    assert "Restore your unsaved changes" not in client.get(change_url(draft)).text


def test_words_sent_just_before_a_save_are_not_kept_after_it(client, writer, draft):
    client.force_login(writer)
    opened_on = draft.version
    client.post(change_url(draft), form_of(draft, headline="Saved"))
    # The autosave request sent as Save was pressed arrives after the save.
    answer = client.post(autosave_url(draft), {"headline": "Sav", "base_version": opened_on})
    assert answer.json()["kept"] is False
    assert not Autosave.objects.exists()


def test_an_autosave_from_before_the_persons_own_save_is_never_offered(writer, draft):
    autosaves.keep(writer, draft, {"headline": "Old words"}, now=timezone.now())
    Autosave.objects.update(base_version=draft.version)
    draft.version += 1
    draft.save()
    revisions.record(draft, writer)
    assert autosaves.offer(writer, draft) is None
    assert not Autosave.objects.exists()


def test_the_offer_warns_when_someone_else_saved_since(client, writer, editor, draft):
    autosaves.keep(writer, draft, {"headline": "Writer's words", "base_version": draft.version})
    Article.objects.filter(pk=draft.pk).update(headline="Editor's headline", version=2)
    revisions.record(Article.objects.get(pk=draft.pk), editor)
    client.force_login(writer)
    page = client.get(change_url(draft)).text
    assert "saved by someone else since" in page
    assert "<del>Editor&#x27;s headline</del>" in page or "<del>Editor's headline</del>" in page


def test_discarding_forgets_the_words(client, writer, draft):
    client.force_login(writer)
    client.post(autosave_url(draft), TYPED)
    assert client.post(f"/admin/desk/stories/{draft.pk}/autosave/discard/").status_code == 200
    assert not Autosave.objects.exists()
    assert "Restore your unsaved changes" not in client.get(change_url(draft)).text


def test_a_new_story_is_kept_as_your_new_story(client, writer, section):
    client.force_login(writer)
    typed = {"headline": "A scoop", "section": section.pk, "body": "<p>First lines.</p>"}
    assert client.post(autosave_url(), typed).status_code == 200
    assert Autosave.objects.get(user=writer, article=None).data["headline"] == "A scoop"

    page = client.get("/admin/articles/article/add/").text
    assert "your new story" in page and "<ins>A scoop</ins>" in page
    assert "<ins>Film</ins>" in page  # the section by name

    client.post("/admin/articles/article/add/", {**typed, "slug": "a-scoop", "tags": ""})
    assert Article.objects.filter(slug="a-scoop").exists()
    assert not Autosave.objects.exists()
    assert "Restore your unsaved changes" not in client.get("/admin/articles/article/add/").text


def test_the_offer_waits_while_a_refused_save_is_shown_again(client, writer, draft, make_article):
    taken = make_article(slug="taken")
    client.force_login(writer)
    client.post(autosave_url(draft), {"headline": "Kept earlier"})
    response = client.post(change_url(draft), form_of(draft, slug=taken.slug))
    assert response.status_code == 200
    assert "Restore your unsaved changes" not in response.text
    assert "data-unsaved" in response.text  # the page keeps the words it shows again


def test_the_revisions_page_never_lists_an_autosave(client, editor, make_article):
    story = make_article()
    revisions.record(story, editor)
    client.force_login(editor)
    client.post(autosave_url(story), TYPED)
    page = client.get(f"/admin/articles/article/{story.pk}/revisions/").text
    assert "Typed but not saved" not in page
    assert page.count('name="b"') == 1  # the one saved version
