"""The editor's lookup endpoint: for those who write story bodies, by a CSRF-checked POST."""

import pytest
from django.test import Client

from newsroom.models import Image
from tests.conftest import make_member

URL = "/admin/blocks/embeds/lookup/"
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def person(request, db, django_user_model):
    role = request.param
    if role == "anonymous":
        return None
    if role == "not staff":
        return django_user_model.objects.create_user("reader", password="a-long-test-password")
    return make_member(django_user_model, role, {"publisher": "Publishers"}.get(role))


@pytest.mark.parametrize("person", ["anonymous", "not staff", "publisher"], indirect=True)
def test_people_who_do_not_write_stories_are_refused(client, providers, person):
    if person is not None:
        client.force_login(person)
    response = client.post(URL, {"url": VIDEO})
    assert response.status_code == 403
    assert providers.asked == [] and not Image.objects.exists()


def test_a_get_is_refused(client, writer):
    client.force_login(writer)
    assert client.get(URL, {"url": VIDEO}).status_code == 405


def test_a_post_without_the_csrf_token_is_refused(providers, writer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    assert client.post(URL, {"url": VIDEO}).status_code == 403
    assert providers.asked == []


@pytest.mark.parametrize("who", ["writer", "editor"])
def test_a_writer_or_editor_gets_the_blocks_attributes_text_and_thumbnail(
    client, providers, request, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.post(URL, {"url": "https://youtu.be/dQw4w9WgXcQ"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    answer = response.json()
    picture = Image.objects.get()
    assert answer["ok"] is True
    assert answer["provider"] == "youtube" and answer["provider_name"] == "YouTube"
    assert answer["attributes"] == {
        "data-embed-provider": "youtube",
        "data-embed-url": VIDEO,
        "data-embed-author": "@RickAstleyYT",
        "data-embed-thumbnail": str(picture.pk),
    }
    assert answer["text"].startswith("Rick Astley - Never Gonna Give You Up")
    assert answer["thumbnail"]["id"] == picture.pk
    thumbnail_url = answer["thumbnail"]["url"]
    assert thumbnail_url.startswith("/media/") and "-width320-" in thumbnail_url  # small
    assert answer["html"].startswith('<figure class="story-embed" data-embed-provider="youtube"')
    assert answer["message"]


def test_a_post_the_desk_must_type_is_still_a_working_block(client, providers, writer):
    client.force_login(writer)
    answer = client.post(URL, {"url": "https://www.instagram.com/p/C0aBcD/"}).json()
    assert answer["ok"] is False and answer["text"] == "" and answer["thumbnail"] is None
    assert answer["attributes"]["data-embed-url"] == "https://www.instagram.com/p/C0aBcD/"
    assert "yourself" in answer["message"]


@pytest.mark.parametrize(
    "pasted", ["", "not a link", "https://www.facebook.com/watch/?v=1", "javascript:alert(1)"]
)
def test_a_link_we_do_not_embed_is_a_bad_request_with_a_clear_message(
    client, providers, writer, pasted
):
    client.force_login(writer)
    response = client.post(URL, {"url": pasted})
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith(
        "Only links from YouTube, Vimeo, Instagram, X, TikTok, Threads and Bluesky can be embedded."
    )
    assert providers.asked == []
