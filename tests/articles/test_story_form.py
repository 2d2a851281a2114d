"""The story page: under the site's name, counted headline and standfirst, the chosen
picture shown small, and the body formatted for those who may only read it."""

import re

import pytest

from articles import seo
from articles.models import HEADLINE_LIMIT, Article
from newsroom import images
from newsroom.models import Image
from tests.articles.test_workflow import change_form_data

ADD = "/admin/articles/article/add/"


def change(article):
    return f"/admin/articles/article/{article.pk}/change/"


def tag(text, element_id):
    """The opening tag of the element with this id."""
    return re.search(rf'<[^>]*\bid="{element_id}"[^>]*>', text).group()


def test_the_admin_carries_the_sites_name(staff_client, settings):
    settings.SITE_NAME = "Celebrity Wire"
    index = staff_client.get("/admin/").text
    assert "Django administration" not in index and "Site administration" not in index
    assert '<a href="/admin/">Celebrity Wire</a>' in index
    assert "<title>Celebrity Wire newsroom | Celebrity Wire</title>" in index
    assert "<h1>Celebrity Wire newsroom</h1>" in index
    assert "<title>Add article | Celebrity Wire</title>" in staff_client.get(ADD).text


@pytest.mark.parametrize("length", [HEADLINE_LIMIT - 1, HEADLINE_LIMIT])
def test_a_headline_up_to_the_limit_saves(staff_client, make_article, length):
    story = make_article()
    headline = ("Star " * 40)[: length - 1] + "!"
    response = staff_client.post(change(story), change_form_data(story, headline=headline))
    assert response.status_code == 302
    story.refresh_from_db()
    assert len(story.headline) == length


def test_a_headline_over_the_limit_is_refused_with_a_clear_message(staff_client, make_article):
    story = make_article(headline="Before")
    headline = "x" * (HEADLINE_LIMIT + 8)
    response = staff_client.post(change(story), change_form_data(story, headline=headline))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["headline"]
    assert error.startswith("Keep the headline to 110 characters or fewer (it has 118)")
    story.refresh_from_db()
    assert story.headline == "Before"
    # Shown again with the words in the box, not cut off.
    assert f'value="{headline}"' in response.text


def test_a_new_story_with_a_long_headline_is_refused_too(staff_client, section):
    data = {"headline": "x" * 111, "slug": "", "section": section.pk, "body": "", "tags": ""}
    response = staff_client.post(ADD, data)
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_structured_data_cuts_headlines_at_the_same_limit(make_article):
    story = make_article(headline="y" * 150)  # saved another way, an old story say
    assert seo.news_article(story)["headline"] == "y" * HEADLINE_LIMIT


@pytest.mark.parametrize(
    ("field", "limit"),
    [("headline", 110), ("standfirst", 400), ("seo_title", 70), ("seo_description", 160)],
)
def test_counted_fields_show_their_count_tied_to_the_box(staff_client, make_article, field, limit):
    story = make_article(headline="Nine char", standfirst="Twelve chars")
    text = staff_client.get(change(story)).text
    box = tag(text, f"id_{field}")
    assert f"id_{field}_count" in re.search(r'aria-describedby="([^"]*)"', box).group(1)
    assert "maxlength" not in box  # never cut off as one types or pastes
    count = tag(text, f"id_{field}_count")
    assert f'data-count-limit="{limit}"' in count and f'data-count-for="id_{field}"' in count
    assert f"of {limit} characters" in text


def test_the_count_opens_as_a_warning_when_a_headline_is_already_over(staff_client, make_article):
    story = make_article(headline="z" * 115)
    text = staff_client.get(change(story)).text
    assert "counted__count--over" in tag(text, "id_headline_count")
    assert "115 of 110 characters: 5 too many" in text


def test_counts_and_slug_come_from_script_files(staff_client):
    text = staff_client.get(ADD).text
    assert '<script src="/static/js/counts.js">' in text
    assert '<script src="/static/js/slug.js">' in text
    assert 'aria-live="polite"' in text  # said once as the limit is crossed


def test_the_chosen_picture_shows_small_beside_its_picker(staff_client, make_article, make_image):
    picture = make_image(size=(800, 600))
    story = make_article(hero_image=picture)
    text = staff_client.get(change(story)).text
    preview = re.search(r"<img[^>]*data-picture-preview[^>]*>", text).group()
    assert f'src="{images.small_url(picture)}"' in preview
    assert "/renditions/" in preview and picture.file.url not in preview
    assert "hidden" not in preview


def test_without_a_picture_the_preview_waits_hidden(staff_client, make_article):
    text = staff_client.get(change(make_article())).text
    preview = re.search(r"<img[^>]*data-picture-preview[^>]*>", text).group()
    assert "hidden" in preview and "src=" not in preview


def test_a_picture_without_renditions_is_not_previewed_from_its_master(
    staff_client, make_article, make_image
):
    picture = make_image(size=(800, 600))
    Image.objects.filter(pk=picture.pk).update(renditions_index=[])
    picture.refresh_from_db()
    assert images.small_url(picture) == ""
    text = staff_client.get(change(make_article(hero_image=picture))).text
    assert picture.file.url not in re.search(r"<img[^>]*data-picture-preview[^>]*>", text).group()


def test_a_story_one_may_only_read_shows_its_body_formatted(client, writer, make_article):
    story = make_article(body="<h2>The night</h2><p>She arrived <strong>late</strong>.</p>")
    client.force_login(writer)  # a writer may read a live story, not change it
    text = client.get(change(story)).text
    assert "prose-editor" not in text
    assert (
        '<div class="story-body-read-only"><h2>The night</h2>'
        "<p>She arrived <strong>late</strong>.</p></div>" in text
    )
    assert "&lt;strong&gt;" not in text and "&lt;p&gt;" not in text


def test_a_read_only_body_is_sanitised_whatever_the_row_holds(client, writer, make_article):
    story = make_article()
    stored = (
        '<p>Hello</p><script>alert("body")</script>'
        '<p><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">link</a></p>'
    )
    Article.objects.filter(pk=story.pk).update(body=stored)  # past the model's own cleaning
    client.force_login(writer)
    text = client.get(change(story)).text
    body = re.search(r'<div class="story-body-read-only">.*?</div>', text, re.S).group()
    assert "<p>Hello</p>" in body
    for unsafe in ["<script", "alert", "onerror", "javascript:", "<img"]:
        assert unsafe not in body
    assert 'alert("body")' not in text


def test_those_who_may_edit_get_the_editor_not_the_formatted_copy(client, writer, make_article):
    story = make_article(created_by=writer, status="draft", publish_at=None)
    client.force_login(writer)
    text = client.get(change(story)).text
    assert "prose-editor" in text and "story-body-read-only" not in text
