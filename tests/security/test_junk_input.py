"""Junk where an id or a page number belongs is the person's mistake, not a server error.

A picker field given letters, a NUL byte or a number too big for the database shows the
form again with a message and saves nothing; a page number past any list is a 404.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin
from django.contrib.auth.models import Group
from django.forms import ModelChoiceField, ModelMultipleChoiceField

from articles.models import Article
from newsroom import pickers
from people.models import Credit, Person, Production
from tests.articles.test_workflow import change_form_data

JUNK = ["abc", "\x00", "1\x00", "99999999999999999999", "-99999999999999999999", "1.5", "1e400"]
ARTICLE_PICKERS = ["section", "hero_image", "people", "productions", "bylines"]


def add_form_data(home, **overrides):
    data = {
        "headline": "Fresh story",
        "slug": "fresh-story",
        "section": home.pk,
        "standfirst": "",
        "body": "<p>Words.</p>",
        "tags": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("field", ARTICLE_PICKERS)
def test_junk_in_a_new_storys_picker_is_a_form_error(client, editor, section, field, junk):
    client.force_login(editor)
    response = client.post("/admin/articles/article/add/", add_form_data(section, **{field: junk}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get(field)
    assert not Article.objects.filter(slug="fresh-story").exists()


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("field", ARTICLE_PICKERS)
def test_junk_in_a_storys_picker_is_a_form_error(client, editor, make_article, field, junk):
    article = make_article(status="draft", publish_at=None)
    client.force_login(editor)
    data = change_form_data(article, headline="Changed headline", **{field: junk})
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get(field)
    article.refresh_from_db()
    assert article.headline != "Changed headline"


def person_form_data(**overrides):
    data = {
        "name": "Fresh Person",
        "slug": "fresh-person",
        "sort_name": "",
        "also_known_as": "",
        "bio": "",
        "credits-TOTAL_FORMS": 0,
        "credits-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def production_form_data(**overrides):
    data = {
        "title": "Fresh Production",
        "slug": "fresh-production",
        "kind": "film",
        "franchise": "",
        "release_year": 2020,
        "synopsis": "",
        "credits-TOTAL_FORMS": 0,
        "credits-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("junk", JUNK)
def test_junk_photo_for_a_person_is_a_form_error(staff_client, junk):
    response = staff_client.post("/admin/people/person/add/", person_form_data(photo=junk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("photo")
    assert not Person.objects.filter(slug="fresh-person").exists()


@pytest.mark.parametrize("junk", JUNK)
def test_junk_poster_for_a_production_is_a_form_error(staff_client, junk):
    data = production_form_data(poster=junk)
    response = staff_client.post("/admin/people/production/add/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("poster")
    assert not Production.objects.filter(slug="fresh-production").exists()


@pytest.mark.parametrize("junk", JUNK)
def test_junk_production_in_a_persons_credit_is_a_form_error(staff_client, junk):
    data = person_form_data(
        **{"credits-TOTAL_FORMS": 1, "credits-0-production": junk, "credits-0-role": "actor"}
    )
    response = staff_client.post("/admin/people/person/add/", data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0].get("production")
    assert not Credit.objects.exists()


@pytest.mark.parametrize("junk", JUNK)
def test_junk_person_in_a_productions_cast_is_a_form_error(staff_client, junk):
    data = production_form_data(
        **{"credits-TOTAL_FORMS": 1, "credits-0-person": junk, "credits-0-role": "actor"}
    )
    response = staff_client.post("/admin/people/production/add/", data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0].get("person")
    assert not Credit.objects.exists()


@pytest.mark.parametrize("junk", JUNK)
def test_junk_section_for_agency_copy_is_a_form_error(client, writer, section, junk):
    client.force_login(writer)
    data = {"copy": "Star weds\n\nThe star wed today.", "section": junk}
    response = client.post("/admin/articles/article/agency/", data)
    assert response.status_code == 200
    assert response.context["form"].errors.get("section")
    assert not Article.objects.exists()


@pytest.mark.parametrize("junk", JUNK)
def test_junk_permission_for_a_group_is_a_form_error(staff_client, junk):
    response = staff_client.post("/admin/auth/group/add/", {"name": "Interns", "permissions": junk})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("permissions")
    assert not Group.objects.filter(name="Interns").exists()


@pytest.mark.parametrize("junk", JUNK)
def test_junk_group_for_a_user_is_a_form_error(staff_client, writer, junk):
    data = {
        "username": "writer",
        "password": "unused",
        "is_active": "on",
        "is_staff": "on",
        "groups": junk,
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "10:00",
    }
    response = staff_client.post(f"/admin/auth/user/{writer.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("groups")
    assert list(writer.groups.values_list("name", flat=True)) == ["Writers"]


def admin_pickers(request):
    """Every foreign-key and many-to-many form field of every admin page and inline."""
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        for page in [model_admin, *model_admin.get_inline_instances(request)]:
            for db_field in page.model._meta.get_fields():
                if db_field.auto_created or not (db_field.many_to_one or db_field.many_to_many):
                    continue
                formfield = page.formfield_for_dbfield(db_field, request)
                if isinstance(formfield, ModelChoiceField):
                    widget = getattr(formfield.widget, "widget", formfield.widget)  # unwrapped
                    yield f"{type(page).__name__}.{db_field.name}", formfield, widget


def test_every_admin_picker_that_could_fail_on_junk_checks_its_ids(rf, admin_user):
    # Looking up a posted list, or showing an autocomplete again, queries with what was posted.
    request = rf.get("/admin/")
    request.user = admin_user
    unchecked = [
        name
        for name, formfield, widget in admin_pickers(request)
        if (
            isinstance(formfield, ModelMultipleChoiceField) or isinstance(widget, AutocompleteMixin)
        )
        and not isinstance(formfield, (pickers.ModelChoiceField, pickers.ModelMultipleChoiceField))
    ]
    assert unchecked == []


HUGE = [
    "461168601842738791",
    "461168601842738792",
    "99999999999999999999",
    str(2**63),
    "1" + "0" * 400,
]


@pytest.mark.parametrize("page", HUGE)
@pytest.mark.parametrize(
    "url",
    [
        "/sections/film/",
        "/tags/stunts/",
        "/people/",
        "/people/?letter=P",
        "/productions/",
        "/search/?q=shoot",
    ],
)
def test_a_page_past_any_list_is_missing(client, world, url, page):
    joiner = "&" if "?" in url else "?"
    assert client.get(f"{url}{joiner}page={page}").status_code == 404


@pytest.mark.parametrize("page", ["abc", "\x00", "1\x00", "-1", "0", "1.5", "1e400", "nan"])
@pytest.mark.parametrize("url", ["/sections/film/", "/tags/stunts/", "/people/", "/productions/"])
def test_a_page_that_is_not_a_page_number_is_missing(client, world, url, page):
    assert client.get(url, {"page": page}).status_code == 404


@pytest.mark.parametrize(
    ("query", "found"),
    [("\x00", "Search"), ("Pom\x00Klementieff", "Pom Klementieff"), ("shoot\x00", "the shoot")],
)
def test_a_nul_byte_in_a_search_is_read_as_a_space(client, world, query, found):
    # PostgreSQL refuses text with a NUL byte in it.
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert found in response.text
