"""Who may make, see and revoke a story's share links, for each role and story state.

Whoever may edit a story, and editors and publishers, make links; no one makes one for a
withdrawn story, and its links stop working. A link is revoked by its maker, an editor
or a publisher, and only they see it.
"""

import re

import pytest
from django.core import signing

from articles import previews, workflow
from articles.models import PreviewLink
from tests.articles.test_visibility import hidden_story_fields

STATES = ["draft", "review", "approved", "scheduled", "live", "expired", "withdrawn"]
# Who may make a link, by state: the author while the story is their draft, or live.
MAKERS = {
    "draft": {"writer", "editor", "publisher"},
    # Their live story too, which they may edit (the changes wait for approval).
    "live": {"writer", "editor", "publisher"},
    "withdrawn": set(),
}
DESK = {"editor", "publisher"}
ROLES = ["writer", "other_writer", "editor", "publisher"]


def story_fields(state):
    return {"status": "published"} if state == "live" else hidden_story_fields(state)


@pytest.fixture
def story(request, make_article, writer):
    """The writer's story, in the state the test names."""
    return make_article(
        headline="Embargoed engagement", created_by=writer, **story_fields(request.param)
    )


def share_url(article):
    return f"/admin/articles/article/{article.pk}/share/"


def revoke_url(link):
    return f"/admin/articles/article/{link.article_id}/share/{link.pk}/revoke/"


def change_page(client, article):
    return client.get(f"/admin/articles/article/{article.pk}/change/").text


def shown_links(page):
    """The links whose working address the page shows (a token is signed afresh each time)."""
    tokens = re.findall(r"/preview/([^/\"]+)/", page)
    return {signing.loads(token, salt=previews.SALT) for token in tokens}


@pytest.mark.parametrize("story", STATES, indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_make_a_share_link(client, request, story, role):
    client.force_login(request.getfixturevalue(role))
    state = request.node.callspec.params["story"]
    allowed = role in MAKERS.get(state, DESK)
    page = change_page(client, story)
    assert ("Make a share link" in page) == allowed
    client.post(share_url(story))
    assert PreviewLink.objects.filter(article=story).exists() == allowed


@pytest.mark.parametrize("story", ["draft", "review", "scheduled"], indirect=True)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [("writer", False), ("other_writer", False), ("editor", True), ("publisher", True)],
)
def test_who_may_revoke_someone_elses_link(client, request, story, editor, role, allowed):
    link = previews.create_link(story, editor)
    client.force_login(request.getfixturevalue(role))
    client.post(revoke_url(link))
    link.refresh_from_db()
    assert (link.revoked_at is not None) == allowed


@pytest.mark.parametrize("story", ["draft", "review", "scheduled"], indirect=True)
def test_the_maker_may_revoke_their_own_link_after_the_story_moves_on(client, story, writer):
    link = previews.create_link(story, writer)
    client.force_login(writer)
    client.post(revoke_url(link))
    link.refresh_from_db()
    assert link.revoked_at is not None


@pytest.mark.parametrize("story", ["draft", "review", "scheduled"], indirect=True)
@pytest.mark.parametrize(
    ("role", "sees"),
    [("writer", False), ("other_writer", False), ("editor", True), ("publisher", True)],
)
def test_only_those_who_may_revoke_a_link_see_it(client, request, story, editor, role, sees):
    link = previews.create_link(story, editor)
    client.force_login(request.getfixturevalue(role))
    assert shown_links(change_page(client, story)) == ({link.pk} if sees else set())


@pytest.mark.parametrize("story", ["draft"], indirect=True)
def test_a_writer_sees_their_own_link_and_not_an_editors(client, story, writer, editor):
    own = previews.create_link(story, writer)
    previews.create_link(story, editor)
    client.force_login(writer)
    assert shown_links(change_page(client, story)) == {own.pk}


@pytest.mark.parametrize("story", ["live"], indirect=True)
def test_a_withdrawn_storys_links_stop_working(client, story, editor, publisher):
    link = previews.create_link(story, editor)
    url = f"/preview/{previews.token_for(link)}/"
    assert client.get(url).status_code == 200
    workflow.withdraw(story, by=publisher, note="The couple denied the story.")
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert shown_links(change_page(client, story)) == set()
