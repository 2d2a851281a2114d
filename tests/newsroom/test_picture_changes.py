"""A picture readers see on a live or scheduled story changes only with an editor, on the record.

The picture library is shared: a writer's change to a live story's picture would change
the live page with no editor involved. The same goes for a person's photo and a
production's poster, which their public pages show.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from newsroom.models import Image
from tests.newsroom import pictures
from tests.newsroom.test_image_admin import add_form

NOT_ALLOWED = "Readers see this picture in places you may not change"


def change_url(image):
    return f"/admin/newsroom/image/{image.pk}/change/"


def change_form(image, **changes):
    """The change form as sent back: the picture's own values, with `changes`."""
    data = add_form(b"", alt_text=image.alt_text, caption=image.caption, credit=image.credit)
    del data["file"]  # no new upload unless asked for
    return {**data, **changes}


def new_file():
    return add_form(pictures.phone_jpeg(size=(500, 400)), "new.jpg")["file"]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def story(make_article, state, picture, **fields):
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    when = {
        "live": {"status": Article.Status.PUBLISHED, "publish_at": now - hour},
        "scheduled": {"status": Article.Status.PUBLISHED, "publish_at": now + hour},
        "draft": {"status": Article.Status.DRAFT, "publish_at": None},
    }[state]
    return make_article(hero_image=picture, **when, **fields)


def row(image):
    return Image.objects.filter(pk=image.pk).values("alt_text", "credit", "file").get()


@pytest.mark.parametrize("state", ["live", "scheduled"])
@pytest.mark.parametrize(
    "changes",
    [{"alt_text": "Someone else entirely"}, {"credit": "My own agency"}, {"file": "new"}],
    ids=["alt text", "credit", "file"],
)
def test_writer_cannot_change_the_picture_of_a_live_or_scheduled_story(
    make_article, make_image, writer, state, changes
):
    picture = make_image(alt_text="Cillian Murphy at the Oscars", credit="Agency")
    shown = story(make_article, state, picture, headline="Murphy wins best actor")
    before = row(picture)
    if "file" in changes:
        changes = {"file": new_file()}
    client = signed_in(writer)
    response = client.post(change_url(picture), change_form(picture, **changes), follow=True)
    assert row(picture) == before
    assert NOT_ALLOWED in response.text and "Murphy wins best actor" in response.text
    assert "Nothing was saved" in response.text
    assert not shown.events.exists()


def test_writer_sees_a_live_storys_picture_read_only_and_why(make_article, make_image, writer):
    picture = make_image(alt_text="Cillian Murphy at the Oscars")
    story(make_article, "live", picture, headline="Murphy wins best actor")
    text = signed_in(writer).get(change_url(picture)).text
    assert NOT_ALLOWED in text and "the live story “Murphy wins best actor”" in text
    assert 'name="alt_text"' not in text and 'name="_save"' not in text


def test_writer_can_change_a_picture_used_only_by_their_draft(make_article, make_image, writer):
    picture = make_image(alt_text="First words", credit="Agency")
    draft = story(make_article, "draft", picture, created_by=writer)
    changes = {"alt_text": "Better words", "credit": "Getty Images"}
    response = signed_in(writer).post(change_url(picture), change_form(picture, **changes))
    assert response.status_code == 302
    stored = row(picture)
    assert (stored["alt_text"], stored["credit"]) == ("Better words", "Getty Images")
    assert not draft.events.exists()


def test_editors_change_is_recorded_in_each_live_or_scheduled_storys_history(
    make_article, make_image, editor
):
    picture = make_image(alt_text="Cillian Murphy at the Oscars", credit="Agency")
    live = story(make_article, "live", picture)
    scheduled = story(make_article, "scheduled", picture)
    draft = story(make_article, "draft", picture)
    changes = {"alt_text": "Cillian Murphy holds his Oscar", "credit": "Getty Images"}
    response = signed_in(editor).post(change_url(picture), change_form(picture, **changes))
    assert response.status_code == 302
    assert row(picture)["alt_text"] == "Cillian Murphy holds his Oscar"
    for shown in (live, scheduled):
        event = shown.events.get()
        assert (event.action, event.actor, event.from_status, event.to_status) == (
            "picture_changed",
            editor,
            "published",
            "published",
        )
        assert event.note == (
            "Picture “Cillian Murphy holds his Oscar” changed by Editor: alt text, credit."
        )
    assert not draft.events.exists()


def test_story_page_history_shows_the_picture_change(make_article, make_image, editor):
    picture = make_image(alt_text="Before")
    live = story(make_article, "live", picture)
    editors = signed_in(editor)
    editors.post(change_url(picture), change_form(picture, alt_text="After", focal_x="0.2"))
    page = editors.get(f"/admin/articles/article/{live.pk}/change/").text
    assert "Picture changed" in page
    assert "Picture “After” changed by Editor: alt text, focal point." in page


def test_readers_see_the_editors_new_alt_text_at_once(
    client, settings, make_article, make_image, editor
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 600
    picture = make_image(alt_text="A red carpet")
    live = story(make_article, "live", picture)
    make_article(is_lead=True)  # the pictured story goes to the list below the lead
    for url in ("/", live.get_absolute_url()):
        assert 'alt="A red carpet"' in client.get(url).text
    signed_in(editor).post(change_url(picture), change_form(picture, alt_text="A crowded carpet"))
    for url in ("/", live.get_absolute_url()):
        page = client.get(url).text
        assert 'alt="A crowded carpet"' in page and "A red carpet" not in page, url


def test_writer_cannot_describe_a_live_storys_picture_again(make_article, make_image, writer):
    picture = make_image(alt_text="Cillian Murphy at the Oscars")
    story(make_article, "live", picture)
    url = f"/admin/newsroom/image/describe/?ids={picture.pk}"
    page = signed_in(writer).get(url).text
    assert NOT_ALLOWED in page and 'name="form-0-alt_text"' in page and " disabled" in page
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": picture.pk,
        "form-0-alt_text": "Someone else",
        "form-0-caption": "",
    }
    response = signed_in(writer).post(url, data, follow=True)
    assert row(picture)["alt_text"] == "Cillian Murphy at the Oscars"
    assert NOT_ALLOWED in response.text


@pytest.mark.parametrize("use", ["photo", "poster"])
def test_only_who_may_change_people_changes_their_photos_and_posters(
    make_image, make_person, make_production, writer, editor, use
):
    picture = make_image(alt_text="Florence Pugh in Dune")
    if use == "photo":
        make_person(name="Florence Pugh", photo=picture)
    else:
        make_production(title="Dune: Part Two", poster=picture)
    signed_in(writer).post(change_url(picture), change_form(picture, alt_text="Someone else"))
    assert row(picture)["alt_text"] == "Florence Pugh in Dune"
    response = signed_in(editor).post(change_url(picture), change_form(picture, alt_text="Pugh"))
    assert response.status_code == 302 and row(picture)["alt_text"] == "Pugh"
