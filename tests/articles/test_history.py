"""The story's history names who did what, even when no person (or no account) is left."""

import datetime

from django.utils import timezone

from articles import scheduling
from tests.articles.test_revisions import draft, save  # noqa: F401 (fixture)


def test_story_that_went_live_by_schedule_opens_and_credits_the_clock(client, make_article, editor):
    story = make_article(
        status="published", publish_at=timezone.now() + datetime.timedelta(hours=1)
    )
    scheduling.publish_due(now=timezone.now() + datetime.timedelta(hours=2))
    assert story.events.get().actor is None
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/{story.pk}/change/")
    assert response.status_code == 200
    assert "the newsroom’s clock" in response.text


def test_history_and_revisions_survive_their_authors_account_being_deleted(
    client,
    draft,  # noqa: F811
    writer,
    editor,
):
    save(client, draft, body="<p>Second words.</p>")
    client.post(f"/admin/articles/article/{draft.pk}/workflow/", {"action": "submit"})
    assert draft.events.filter(actor=writer).exists()
    writer.delete()
    client.force_login(editor)
    change = client.get(f"/admin/articles/article/{draft.pk}/change/")
    revisions = client.get(f"/admin/articles/article/{draft.pk}/revisions/")
    assert change.status_code == revisions.status_code == 200
    assert "a deleted account" in change.text
    assert "a deleted account" in revisions.text
