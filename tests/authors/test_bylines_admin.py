"""Bylines on the desk: a new story carries its writer's name; authors are picked in order."""

import pytest
from django.db.models import ProtectedError

from articles.models import Article
from authors.models import Author
from newsroom import picture_changes
from tests.articles.test_workflow import change_form_data

ADD = "/admin/articles/article/add/"


def new_story(section, **fields):
    return {"headline": "Fresh story", "slug": "fresh-story", "section": section.pk, "tags": ""} | (
        fields
    )


def authors_of(story):
    return [byline.author for byline in story.bylines.all()]


@pytest.fixture
def wright(writer):
    writer.first_name, writer.last_name = "Wendy", "Wright"
    writer.save()
    return writer


def test_a_new_story_starts_signed_with_its_writers_full_name(client, wright, section):
    client.force_login(wright)
    response = client.get(ADD)
    own = Author.objects.get(user=wright)
    assert (own.name, own.slug) == ("Wendy Wright", "wendy-wright")
    assert response.context["adminform"].form.initial["bylines"] == [own.pk]
    assert f'<option value="{own.pk}" selected>Wendy Wright</option>' in response.text

    # What the browser sends back with the form as it was offered.
    assert client.post(ADD, new_story(section, bylines=[own.pk])).status_code == 302
    story = Article.objects.get(slug="fresh-story")
    assert authors_of(story) == [own]
    assert story.revisions.get().snapshot["bylines"] == [own.pk]


def test_the_writers_author_is_made_once_and_kept_when_renamed(client, wright):
    client.force_login(wright)
    client.get(ADD)
    Author.objects.filter(user=wright).update(name="Wendy Wright-Jones")
    client.get(ADD)
    assert list(Author.objects.values_list("name", flat=True)) == ["Wendy Wright-Jones"]


def test_a_login_without_a_full_name_signs_with_its_username(client, django_user_model, chief):
    chief.first_name = ""
    chief.save()
    client.force_login(chief)
    client.get(ADD)
    assert Author.objects.get(user=chief).name == "chief"


def test_a_contributor_with_the_same_name_keeps_theirs(client, wright, make_author):
    freelancer = make_author(name="Wendy Wright", slug="wendy-wright")
    client.force_login(wright)
    client.get(ADD)
    own = Author.objects.get(user=wright)
    assert own != freelancer and own.slug == "wendy-wright-2"
    assert freelancer.user is None


def test_a_story_may_be_saved_with_no_byline(client, wright, section):
    client.force_login(wright)
    client.get(ADD)
    assert client.post(ADD, new_story(section)).status_code == 302
    assert authors_of(Article.objects.get(slug="fresh-story")) == []


def test_bylines_keep_the_order_they_were_picked_in(client, editor, make_article, make_author):
    ann, bo, cy = (make_author(name=name) for name in ["Ann", "Bo", "Cy"])
    story = make_article(status="draft", publish_at=None, bylines=[ann])
    client.force_login(editor)
    data = change_form_data(story, bylines=[cy.pk, ann.pk, bo.pk])
    assert client.post(f"/admin/articles/article/{story.pk}/change/", data).status_code == 302
    assert authors_of(story) == [cy, ann, bo]
    text = client.get(f"/admin/articles/article/{story.pk}/change/").text
    shown = [
        text.index(f'<option value="{a.pk}" selected>{a.name}</option>') for a in [cy, ann, bo]
    ]
    assert shown == sorted(shown)


def test_someone_who_may_only_read_a_story_sees_its_bylines(
    client, publisher, make_article, make_author
):
    story = make_article(bylines=[make_author(name="Agency reporter"), make_author(name="Ann")])
    client.force_login(publisher)
    response = client.get(f"/admin/articles/article/{story.pk}/change/")
    assert response.status_code == 200
    assert "Agency reporter, Ann" in response.text


def test_a_draft_from_agency_copy_is_signed_by_its_writer(client, wright, section):
    client.force_login(wright)
    copy = "Star seen at premiere\n\nThe star arrived early.\n\nShe left late."
    response = client.post("/admin/articles/article/agency/", {"copy": copy, "section": section.pk})
    assert response.status_code == 302
    assert [a.name for a in authors_of(Article.objects.get())] == ["Wendy Wright"]


def test_editors_add_authors_and_writers_only_pick_them(client, writer, editor):
    data = {"name": "Agency reporter", "slug": "agency-reporter", "job_title": "Agency reporter"}
    client.force_login(writer)
    assert client.post("/admin/authors/author/add/", data).status_code == 403
    client.force_login(editor)
    assert client.post("/admin/authors/author/add/", data).status_code == 302
    assert Author.objects.get(slug="agency-reporter").user is None


def test_an_author_keeps_their_bylines(make_article, make_author, writer):
    author = make_author(user=writer)
    story = make_article(bylines=[author])
    writer.delete()  # the login goes; the name on the story stays
    author.refresh_from_db()
    assert author.user is None and authors_of(story) == [author]
    with pytest.raises(ProtectedError):
        author.delete()


def test_only_those_who_may_change_authors_may_change_their_photos(
    make_author, make_image, writer, editor
):
    photo = make_image()
    make_author(name="Ann Writer", photo=photo)
    assert "the photo of Ann Writer" in picture_changes.refusal(photo, writer)
    assert picture_changes.refusal(photo, editor) == ""
