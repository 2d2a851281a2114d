"""Revisions, conflict-safe saves and restores: nobody's words are lost."""

import pytest

from articles.models import Article, Revision
from tests.articles.test_workflow import change_form_data


@pytest.fixture
def draft(client, writer, section):
    """A draft written through the admin, so it has its first revision."""
    client.force_login(writer)
    response = client.post(
        "/admin/articles/article/add/",
        {
            "headline": "Star spotted at premiere",
            "slug": "star-spotted",
            "section": section.pk,
            "body": "<p>The star arrived early and left late.</p>",
            "tags": "",
        },
    )
    assert response.status_code == 302
    return Article.objects.get(slug="star-spotted")


def save(client, article, **changes):
    return client.post(
        f"/admin/articles/article/{article.pk}/change/", change_form_data(article, **changes)
    )


def test_every_save_stores_a_revision_with_who_and_what(client, draft, writer):
    save(client, draft, body="<p>The star arrived late and left early.</p>")
    revisions = list(draft.revisions.order_by("version"))
    assert [r.version for r in revisions] == [1, 2]
    assert revisions[0].summary == "Created"
    assert revisions[1].summary == "Changed body"
    assert revisions[1].created_by == writer


def test_history_page_shows_a_word_diff(client, draft):
    save(client, draft, body="<p>The star arrived late and left early.</p>")
    text = client.get(f"/admin/articles/article/{draft.pk}/revisions/").text
    assert "<del>early</del>" in text or "<del>early and left late.</del>" in text
    assert "<ins>" in text and "late" in text


def test_restore_brings_back_old_words_as_a_new_revision(client, draft):
    save(client, draft, headline="A new headline", body="<p>Rewritten entirely.</p>")
    first = draft.revisions.get(version=1)
    response = client.post(f"/admin/articles/article/{draft.pk}/revisions/{first.pk}/restore/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Star spotted at premiere"
    assert draft.body == "<p>The star arrived early and left late.</p>"
    assert draft.version == 3
    assert draft.revisions.count() == 3  # nothing destroyed
    assert draft.revisions.first().summary == "Restored version 1"


def test_restore_sanitises_again(client, draft, writer):
    Revision.objects.filter(article=draft, version=1).update(
        snapshot={
            **draft.revisions.get(version=1).snapshot,
            "body": "<p onclick=x()>Hi</p><script>bad()</script>",
        }
    )
    first = draft.revisions.get(version=1)
    client.post(f"/admin/articles/article/{draft.pk}/revisions/{first.pk}/restore/")
    draft.refresh_from_db()
    assert draft.body == "<p>Hi</p>"


def test_stale_save_is_refused_and_keeps_both_peoples_words(client, draft, editor):
    opened = Article.objects.get(pk=draft.pk)  # the writer's tab, opened at version 1

    client.force_login(editor)
    assert save(client, draft, body="<p>Editor fixed the facts.</p>").status_code == 302

    client.force_login(draft.created_by)
    response = save(client, opened, body="<p>Writer's own new paragraph.</p>")
    assert response.status_code == 200
    text = response.text
    assert "Editor saved this story at" in text
    assert "Writer&#x27;s own new paragraph." in text or "Writer's own new paragraph." in text
    assert "<ins>Editor fixed the facts.</ins>" in text or "<ins>Editor" in text
    draft.refresh_from_db()
    assert draft.body == "<p>Editor fixed the facts.</p>"  # the newer version is intact
    assert draft.version == 2


def test_saving_again_after_seeing_the_conflict_goes_through(client, draft, editor):
    opened = Article.objects.get(pk=draft.pk)
    client.force_login(editor)
    save(client, draft, body="<p>Editor version.</p>")
    client.force_login(draft.created_by)
    refused = save(client, opened, body="<p>Writer version.</p>")
    assert refused.status_code == 200
    assert 'name="base_version" value="2"' in refused.text
    opened.version = 2
    assert save(client, opened, body="<p>Writer version.</p>").status_code == 302
    draft.refresh_from_db()
    assert draft.body == "<p>Writer version.</p>"
    assert draft.revisions.count() == 3


# What Chief changes while Editor rewrites the body: the same field, or another one.
CHIEF_CHANGES = {"body": {"body": "<p>Chief's words.</p>"}, "headline": {"headline": "Chief's"}}


@pytest.mark.parametrize("chief_changes", list(CHIEF_CHANGES))
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_never_silently_overwrite(
    draft, editor, chief, monkeypatch, settings, chief_changes
):
    """Two people press Save on the same version at once: one save lands, the other is
    merged with it, or shown the conflict when both changed the body. Needs row locks,
    so it runs where they exist (PostgreSQL in CI); SQLite's IMMEDIATE transactions
    queue whole saves and cannot race at all."""
    import threading
    import time

    from django.db import connection
    from django.test import Client

    from articles import revisions

    if connection.vendor == "sqlite":
        pytest.skip("SQLite queues whole saves (IMMEDIATE transactions): no race to test")
    slow_record = revisions.record

    def record_slowly(article, by, **kwargs):
        time.sleep(0.5)  # the first save holds its transaction open a while
        return slow_record(article, by, **kwargs)

    monkeypatch.setattr(revisions, "record", record_slowly)
    opened = Article.objects.get(pk=draft.pk)
    answers = {}

    def press_save(user, changes, delay):
        from django.db import connections

        time.sleep(delay)
        client = Client()
        client.force_login(user)
        try:
            answers[user.username] = save(client, opened, **changes)
        except Exception as error:  # a crash is a lost save too: report it below
            answers[user.username] = error
        finally:
            connections.close_all()

    first = threading.Thread(
        target=press_save, args=(editor, {"body": "<p>Editor's words.</p>"}, 0)
    )
    second = threading.Thread(target=press_save, args=(chief, CHIEF_CHANGES[chief_changes], 0.2))
    for thread in (first, second):
        thread.start()
    for thread in (first, second):
        thread.join(timeout=30)

    crashed = {name: answer for name, answer in answers.items() if isinstance(answer, Exception)}
    assert not crashed
    assert answers["editor"].status_code == 302
    draft.refresh_from_db()
    assert draft.body == "<p>Editor's words.</p>"
    if chief_changes == "body":
        assert answers["chief"].status_code == 200
        assert "Editor saved this story at" in answers["chief"].text
        assert draft.version == 2
    else:
        assert answers["chief"].status_code == 302  # merged after waiting for the lock
        assert draft.headline == "Chief's"
        assert draft.version == draft.revisions.first().version == 4


def test_revisions_keep_slug_and_bylines_and_show_names_not_ids(client, draft, make_author):
    author = make_author(name="Eddie Editor")
    save(client, draft, slug="star-seen", bylines=[author.pk])
    latest = draft.revisions.first()
    assert latest.snapshot["slug"] == "star-seen"
    assert latest.snapshot["bylines"] == [author.pk]
    assert latest.summary == "Changed slug, bylines"
    text = client.get(f"/admin/articles/article/{draft.pk}/revisions/").text
    assert "<ins>Eddie Editor</ins>" in text


def test_reordered_bylines_are_a_change_and_a_restore_brings_the_order_back(
    client, draft, make_author
):
    ann, bo = make_author(name="Ann Writer"), make_author(name="Bo Freelance")
    save(client, draft, bylines=[ann.pk, bo.pk])
    draft.refresh_from_db()
    before = draft.revisions.first()
    save(client, draft, bylines=[bo.pk, ann.pk])
    draft.refresh_from_db()
    assert draft.revisions.first().summary == "Changed bylines"
    assert [b.author for b in draft.bylines.all()] == [bo, ann]
    client.post(f"/admin/articles/article/{draft.pk}/revisions/{before.pk}/restore/")
    assert [b.author for b in draft.bylines.all()] == [ann, bo]


def test_revisions_made_before_slug_and_bylines_were_kept_still_diff_and_restore(
    client, draft, make_author
):
    first = draft.revisions.get(version=1)
    legacy = {k: v for k, v in first.snapshot.items() if k not in ("slug", "bylines")}
    Revision.objects.filter(pk=first.pk).update(snapshot=legacy)
    author = make_author(name="Eddie Editor")
    save(client, draft, headline="A new headline", bylines=[author.pk])

    text = client.get(f"/admin/articles/article/{draft.pk}/revisions/").text
    assert "<ins>A new headline</ins>" in text
    assert "Bylines" not in text  # unknown before: not counted as a change
    response = client.post(f"/admin/articles/article/{draft.pk}/revisions/{first.pk}/restore/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Star spotted at premiere"
    assert draft.slug == "star-spotted"
    assert [byline.author for byline in draft.bylines.all()] == [author]
