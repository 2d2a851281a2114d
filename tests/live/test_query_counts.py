"""A live story's page, updates and feed cost the same few queries however many updates,
pinned updates, pictures and corrections it carries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from live import entries
from live.models import Coverage
from newsroom import pagecache

# The article page's own (story, its section and picture, its tags, people, productions,
# bylines, corrections, related stories and their bylines, sections, the schedule), then
# the coverage, pinned and newest updates, their corrections and their pictures.
MAX_QUERIES = 17


@pytest.fixture
def build(make_article, make_image, make_person, editor, django_user_model):
    def build(n):
        story = make_article(
            slug=f"live-{n}",
            is_live_coverage=True,
            hero_image=make_image(),
            people=[make_person() for _ in range(n)],
            tags=[f"tag {i}" for i in range(n)],
        )
        Coverage.objects.create(story=story, key_points="\n".join(f"Point {i}" for i in range(n)))
        for i in range(n):
            author = django_user_model.objects.create_user(f"author-{n}-{i}", is_staff=True)
            author.groups.add(*editor.groups.all())
            picture = make_image()
            body = (
                f'<p>Update {i}.</p><figure class="story-picture" data-picture="{picture.pk}">'
                f"<img><figcaption>Caption {i}</figcaption></figure>"
            )
            entry = entries.post(story, author, body, headline=f"Update {i}", pinned=i % 3 == 0)
            entries.edit(entry, editor, f"<p>Corrected {i}.</p>{body}", note=f"Fixed {i}.")
        return story

    return build


@pytest.mark.parametrize("suffix", ["", "updates.json"])
def test_the_live_page_and_its_updates_cost_the_same_whatever_they_carry(
    client, build, django_assert_num_queries, suffix
):
    # Both built first: each is the other's related story, as on a real site.
    small, large = (build(n).get_absolute_url() + suffix for n in (1, 20))
    pagecache.purge()  # each page is the first of its generation, as after any save
    with CaptureQueriesContext(connection) as queries:
        response = client.get(small)
    assert response.status_code == 200
    assert len(queries) <= MAX_QUERIES, [q["sql"] for q in queries]

    pagecache.purge()
    with django_assert_num_queries(len(queries)):
        response = client.get(large)
    assert response.status_code == 200
    assert "Corrected 19." in response.content.decode()


def test_the_entries_feed_costs_the_same_whatever_it_carries(
    client, build, django_assert_num_queries
):
    small = build(1)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/feeds/live/{small.slug}/")
    large = build(20)
    with django_assert_num_queries(len(queries)):
        client.get(f"/feeds/live/{large.slug}/")
