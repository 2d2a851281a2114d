"""Only people who may edit a story reach its autosave and presence, by a CSRF-checked POST."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from desk.models import Autosave, Presence
from tests.conftest import make_member

ENDPOINTS = ["autosave", "autosave/discard", "presence", "presence/leave"]


def url(story, endpoint):
    return f"/admin/desk/stories/{story.pk}/{endpoint}/"


@pytest.fixture
def draft(make_article, writer):
    return make_article(status="draft", publish_at=None, created_by=writer)


@pytest.fixture
def person(request, db, django_user_model):
    role = request.param
    if role == "anonymous":
        return None
    groups = {
        "writer": "Writers",
        "other writer": "Writers",
        "editor": "Editors",
        "publisher": "Publishers",
    }
    if role == "not staff":
        return django_user_model.objects.create_user("reader", password="a-long-test-password")
    return make_member(django_user_model, role.replace(" ", ""), groups[role])


def post_as(client, person, story, endpoint):
    if person is not None:
        client.force_login(person)
    return client.post(url(story, endpoint), {"headline": "Typed"})


@pytest.mark.parametrize(
    "person", ["anonymous", "not staff", "other writer", "publisher"], indirect=True
)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_people_who_may_not_edit_the_draft_are_refused(client, person, draft, endpoint):
    response = post_as(client, person, draft, endpoint)
    assert response.status_code == 403
    assert b"Typed" not in response.content and b"others" not in response.content
    assert not Autosave.objects.exists() and not Presence.objects.exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_editor_may_use_them(client, editor, draft, endpoint):
    assert post_as(client, editor, draft, endpoint).status_code == 200


def test_the_writer_may_use_them_on_their_draft_only_while_it_is_a_draft(client, writer, draft):
    assert post_as(client, writer, draft, "autosave").status_code == 200
    draft.status = "review"
    draft.save()
    assert post_as(client, writer, draft, "autosave").status_code == 403
    assert post_as(client, writer, draft, "presence").status_code == 403


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_get_is_refused(client, editor, draft, endpoint):
    client.force_login(editor)
    assert client.get(url(draft, endpoint)).status_code == 405


def test_a_new_story_autosave_needs_the_right_to_add_stories(client, publisher, writer):
    client.force_login(publisher)
    assert client.post("/admin/desk/stories/new/autosave/", {"headline": "x"}).status_code == 403
    client.force_login(writer)
    assert client.post("/admin/desk/stories/new/autosave/", {"headline": "x"}).status_code == 200


def test_a_post_without_the_csrf_token_is_refused(editor, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    for endpoint in ENDPOINTS:
        assert client.post(url(draft, endpoint), {"headline": "Typed"}).status_code == 403
    assert not Autosave.objects.exists() and not Presence.objects.exists()


def test_an_autosave_with_no_form_fields_is_a_bad_request(client, editor, draft):
    client.force_login(editor)
    assert client.post(url(draft, "autosave"), {"nonsense": "1"}).status_code == 400


@pytest.mark.parametrize("who", ["publisher", "other_writer"])
def test_the_story_page_offers_no_tools_to_those_who_may_not_edit(client, draft, request, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(f"/admin/articles/article/{draft.pk}/change/")
    assert page.status_code in (200, 403)
    assert "desk-story-tools" not in page.text


def test_no_query_is_added_to_a_readers_page(
    client, make_article, editor, django_assert_num_queries
):
    story = make_article()
    with CaptureQueriesContext(connection) as before:
        client.get(story.get_absolute_url())
    Autosave.objects.create(user=editor, article=story, data={"headline": "Typed"})
    Presence.objects.create(user=editor, article=story)
    cache.clear()  # the same page again, made from scratch
    with django_assert_num_queries(len(before)):
        page = client.get(story.get_absolute_url())
    assert "Typed" not in page.text
