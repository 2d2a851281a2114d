"""Staff previews and shared preview links for unpublished stories."""

import datetime

import pytest
from django.utils import timezone

from articles import previews
from tests.articles.test_live_edits import publish_waiting
from tests.articles.test_workflow import change_form_data


@pytest.fixture
def draft(make_article, writer):
    return make_article(
        headline="Embargoed engagement story", created_by=writer, status="draft", publish_at=None
    )


def assert_private(response):
    assert "noindex" in response["X-Robots-Tag"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_staff_see_a_draft_exactly_as_readers_will(client, draft, editor):
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert response.status_code == 200
    assert '<h1 class="article__headline">Embargoed engagement story</h1>' in response.text
    assert_private(response)


def test_readers_cannot_use_the_staff_preview(client, draft):
    response = client.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert response.status_code == 302  # to the login page


def test_share_link_opens_its_draft_without_a_login(client, draft, writer):
    token = previews.token_for(previews.create_link(draft, writer))
    response = client.get(f"/preview/{token}/")
    assert response.status_code == 200
    assert "Embargoed engagement story" in response.text
    assert_private(response)


def test_share_link_is_for_its_article_only(client, draft, make_article, writer):
    other = make_article(headline="Another secret", status="draft", publish_at=None)
    token = previews.token_for(previews.create_link(draft, writer))
    text = client.get(f"/preview/{token}/").text
    assert "Another secret" not in text
    assert other.headline not in text


def test_share_link_expires(client, draft, writer, time_machine):
    token = previews.token_for(previews.create_link(draft, writer))
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=48, seconds=1))
    assert client.get(f"/preview/{token}/").status_code == 404


def test_share_link_can_be_revoked_from_the_admin(client, draft, writer):
    link = previews.create_link(draft, writer)
    token = previews.token_for(link)
    client.force_login(writer)
    client.post(f"/admin/articles/article/{draft.pk}/share/{link.pk}/revoke/")
    client.logout()
    assert client.get(f"/preview/{token}/").status_code == 404


@pytest.mark.parametrize(
    "tamper", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "1:abc"]
)
def test_tampered_share_link_is_refused(client, draft, writer, tamper):
    token = previews.token_for(previews.create_link(draft, writer))
    assert client.get(f"/preview/{tamper(token)}/").status_code == 404


def test_share_link_made_from_the_admin_works(client, settings, draft, writer):
    client.force_login(writer)
    client.post(f"/admin/articles/article/{draft.pk}/share/")
    page = client.get(f"/admin/articles/article/{draft.pk}/change/").text
    start = page.index(f"{settings.SITE_URL}/preview/")
    url = page[start : page.index('"', start)]
    client.logout()
    assert "Embargoed engagement story" in client.get(url.removeprefix(settings.SITE_URL)).text


def test_correction_is_shown_and_updates_the_modified_date(client, make_article, editor):
    article = make_article(
        headline="Star's age story", publish_at=timezone.now() - datetime.timedelta(days=2)
    )
    client.force_login(editor)
    form = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert "public correction" in form.text.lower()
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(
            article,
            **{
                "corrections-TOTAL_FORMS": 1,
                "corrections-0-text": "This article was updated to give the right age.",
            },
        ),
    )
    assert response.status_code == 302, response.text[:3000]
    publish_waiting(article)  # a live story's correction goes out once approved
    client.logout()
    page = client.get(article.get_absolute_url()).text
    assert "This article was updated to give the right age." in page
    assert "Updated" in page
