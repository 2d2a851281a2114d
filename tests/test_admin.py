"""The newsroom's admin pages open, search and autocomplete for staff."""

import pytest
from django.urls import reverse

from articles.models import Article

MODELS = [
    "articles/article",
    "articles/section",
    "people/person",
    "people/production",
    "newsroom/image",
    "taggit/tag",
]


@pytest.fixture
def filled(make_article, make_person, make_production, make_credit, make_image):
    person = make_person(name="Tom Cruise", slug="tom-cruise", photo=make_image())
    production = make_production(title="Dead Reckoning", slug="dead-reckoning")
    make_credit(person, production, character="Ethan Hunt")
    article = make_article(headline="Cruise stunt story", hero_image=make_image(), people=[person])
    return {"person": person, "production": production, "article": article}


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_add_pages_open(staff_client, filled, model):
    assert staff_client.get(f"/admin/{model}/").status_code == 200
    assert staff_client.get(f"/admin/{model}/add/").status_code == 200
    assert staff_client.get(f"/admin/{model}/?q=Cruise").status_code == 200


def test_change_pages_show_inlines_thumbnails_and_editor(staff_client, filled):
    text = staff_client.get(f"/admin/people/person/{filled['person'].pk}/change/").text
    assert "Ethan Hunt" in text  # credit inline
    assert "<img src=" in staff_client.get("/admin/newsroom/image/").text
    text = staff_client.get(f"/admin/articles/article/{filled['article'].pk}/change/").text
    assert "prose-editor" in text  # the rich-text editor, not a bare textarea
    text = staff_client.get(f"/admin/people/production/{filled['production'].pk}/change/").text
    assert "Ethan Hunt" in text


@pytest.mark.parametrize(
    ("field", "term", "expected"),
    [("people", "Cru", "Tom Cruise"), ("productions", "Dead", "Dead Reckoning (2020)")],
)
def test_autocomplete_finds_people_and_productions(staff_client, filled, field, term, expected):
    url = reverse("admin:autocomplete")
    params = {"app_label": "articles", "model_name": "article", "field_name": field, "term": term}
    response = staff_client.get(url, params)
    assert response.status_code == 200
    assert expected in [row["text"] for row in response.json()["results"]]


def test_admin_requires_a_login(client, db):
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_duplicate_slug_is_refused_with_a_message(staff_client, filled, section):
    response = staff_client.post(
        "/admin/articles/article/add/",
        {
            "headline": "Another story",
            "slug": filled["article"].slug,
            "section": section.pk,
            "status": "draft",
            "tags": "",
            "body": "<p>x</p>",
        },
    )
    assert response.status_code == 200
    assert "Article with this Slug already exists." in response.text


def test_staff_can_write_a_story_in_the_admin(staff_client, section, admin_user):
    response = staff_client.post(
        "/admin/articles/article/add/",
        {
            "headline": "Fresh story",
            "slug": "fresh-story",
            "section": section.pk,
            "tags": "Premieres, Red carpet",
            "body": '<p onclick="x()">Words <script>bad()</script></p>',
        },
    )
    assert response.status_code == 302, response.text
    article = Article.objects.get(slug="fresh-story")
    assert article.created_by == admin_user
    assert article.body == "<p>Words </p>"
    assert sorted(article.tags.names()) == ["Premieres", "Red carpet"]


def test_the_story_list_filters_by_date_without_reading_every_storys_date(staff_client, filled):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = staff_client.get("/admin/articles/article/").text
    assert "This month" in page and "Past 7 days" in page
    assert not [q for q in queries if "trunc" in q["sql"].lower()]
