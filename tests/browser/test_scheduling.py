"""The schedule form tells a publisher, before saving, that a past time means now."""

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_past_time_is_flagged_before_saving(
    desktop_page, live_server, django_user_model, make_article
):
    make_member(django_user_model, "pat", "Publishers")
    article = make_article(status="approved", publish_at=None)
    page = desktop_page
    sign_in(page, live_server, "pat", "a-long-test-password")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    when = page.locator("input[name=when][data-past-note]")
    note = page.locator(".desk-past-note")
    when.fill("2020-01-01T09:00:00")
    assert note.inner_text() == "That time has passed: the story will be published now."
    when.fill("2099-01-01T09:00:00")
    assert note.inner_text() == ""
