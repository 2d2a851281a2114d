"""A reader's page costs the same few queries however much a story carries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

MAX_QUERIES = 10
# A story's page reads its row alone, so that a page made from kept pieces costs one
# query; made wholly afresh, as here, its section and picture come in one more.
MAX_QUERIES_FOR = {"story": 11}


@pytest.fixture
def build(
    make_article, make_person, make_production, make_credit, make_image, make_section, make_author
):
    def build(n):
        sections = [make_section() for _ in range(min(n, 5))]
        people = [make_person(photo=make_image()) for _ in range(n)]
        authors = [make_author(photo=make_image()) for _ in range(n)]
        productions = [make_production(poster=make_image()) for _ in range(n)]
        for person in people:
            for production in productions:
                make_credit(person, production, character=f"Role of {person.pk}")
        tags = [f"tag {i}" for i in range(n)]
        stories = [
            make_article(
                section=sections[i % len(sections)],
                hero_image=make_image(),
                tags=tags,
                people=people,
                productions=productions,
                bylines=authors,
            )
            for i in range(max(n, 2))  # always a related story to show
        ]
        return {
            "story": stories[0],
            "person": people[0],
            "production": productions[0],
            "author": authors[0],
        }

    return build


@pytest.mark.parametrize(
    "page", ["home", "story", "person", "production", "section", "tag", "author", "author-feed"]
)
def test_query_count_is_constant_and_small(client, build, django_assert_num_queries, page):
    def url(objects):
        return {
            "home": "/",
            "story": objects["story"].get_absolute_url(),
            "person": objects["person"].get_absolute_url(),
            "production": objects["production"].get_absolute_url(),
            "section": objects["story"].section.get_absolute_url(),
            "tag": "/tags/tag-0/",
            "author": objects["author"].get_absolute_url(),
            "author-feed": f"/feeds/authors/{objects['author'].slug}/",
        }[page]

    small = url(build(1))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(small).status_code == 200
    assert len(queries) <= MAX_QUERIES_FOR.get(page, MAX_QUERIES)

    large = url(build(20))
    with django_assert_num_queries(len(queries)):
        assert client.get(large).status_code == 200
