"""Public corrections: only people allowed to correct stories add them, and they stand."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles.models import Correction, PendingEdit
from tests.articles.test_live_edits import publish_waiting
from tests.articles.test_workflow import change_form_data
from tests.conftest import make_member

FIX = "This article was updated to give the right age."


def with_correction(article, text=FIX):
    return change_form_data(article, **{"corrections-TOTAL_FORMS": 1, "corrections-0-text": text})


@pytest.fixture
def sent_back(make_article, writer):
    """The writer's own story, live yesterday, withdrawn and sent back to them as a draft."""
    yesterday = timezone.now() - datetime.timedelta(days=1)
    return make_article(
        created_by=writer, status="draft", publish_at=None, first_published_at=yesterday
    )


def test_writer_cannot_add_a_correction_by_posting_one(client, writer, sent_back):
    client.force_login(writer)
    form = client.get(f"/admin/articles/article/{sent_back.pk}/change/")
    assert "public correction" not in form.text.lower()
    response = client.post(
        f"/admin/articles/article/{sent_back.pk}/change/", with_correction(sent_back)
    )
    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_editing_a_story_is_not_enough_to_correct_it(client, django_user_model, make_article):
    # Allowed to edit any story, but not given the correction permission.
    deputy = make_member(django_user_model, "deputy")
    codenames = ["change_article", "edit_any_article", "view_article"]
    deputy.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    article = make_article(first_published_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(deputy)
    client.post(f"/admin/articles/article/{article.pk}/change/", with_correction(article))
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    ("role", "adds"), [("editor", True), ("publisher", False), ("writer", False)]
)
def test_who_adds_a_correction_to_a_live_story(client, request, make_article, role, adds):
    article = make_article(first_published_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(request.getfixturevalue(role))
    client.post(f"/admin/articles/article/{article.pk}/change/", with_correction(article))
    # A live story's correction waits with its changes for a second person's approval.
    assert not Correction.objects.exists()
    waiting = PendingEdit.objects.filter(article=article).first()
    assert bool(waiting and [c["text"] for c in waiting.corrections] == [FIX]) == adds
    if adds:
        publish_waiting(article)
        assert Correction.objects.filter(article=article, text=FIX).exists()


@pytest.mark.parametrize(
    "change", [{"corrections-0-text": "Quietly reworded."}, {"corrections-0-DELETE": "on"}]
)
def test_a_published_correction_stands(client, editor, make_article, change):
    article = make_article(first_published_at=timezone.now() - datetime.timedelta(hours=1))
    correction = Correction.objects.create(article=article, text=FIX, created_by=editor)
    client.force_login(editor)
    data = change_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": 1,
            "corrections-INITIAL_FORMS": 1,
            "corrections-0-id": correction.pk,
            "corrections-0-article": article.pk,
            "corrections-0-text": FIX,
            **change,
        },
    )
    client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert list(Correction.objects.values_list("text", flat=True)) == [FIX]
