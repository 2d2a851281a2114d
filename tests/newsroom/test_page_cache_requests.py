"""What the page cache does with requests other than a reader's plain GET."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

PUBLIC = ["/", "/articles/live-story/", "/feeds/latest/", "/sitemap.xml", "/people/"]


@pytest.mark.parametrize("url", PUBLIC)
def test_options_is_answered_without_making_the_page(
    client, world, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.options(url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["trace", "post", "put", "delete", "patch"])
def test_other_methods_are_refused_without_making_the_page(
    client, world, method, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = getattr(client, method)("/articles/live-story/")
    assert response.status_code == 405
    assert "Live story" not in response.content.decode()


def test_a_page_cached_for_one_host_is_not_served_to_another(
    client, world, settings, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.ALLOWED_HOSTS = ["news.example.org", "other.example.org"]
    client.get("/", HTTP_HOST="news.example.org")
    with django_assert_num_queries(0):
        client.get("/", HTTP_HOST="news.example.org")
    with CaptureQueriesContext(connection) as made:
        client.get("/", HTTP_HOST="other.example.org")
    assert len(made) > 0  # made afresh, not the copy cached for the other name
