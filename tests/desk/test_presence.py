"""Who else has a story open: seen within seconds, gone when they leave or go quiet."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from desk import presence
from desk.models import Presence

SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def story(make_article, writer):
    return make_article(status="draft", publish_at=None, created_by=writer)


@pytest.fixture
def moment():
    return datetime.datetime(2026, 7, 1, 9, 2, tzinfo=datetime.timezone.utc)


def test_each_sees_the_other_with_the_time_they_opened_it(story, writer, editor, moment):
    for second in range(0, 64, 3):  # the writer's page checks in every 3 s
        presence.check_in(story, writer, now=moment + second * SECOND)
    presence.check_in(story, editor, now=moment + 60 * SECOND)
    later = moment + 63 * SECOND
    assert presence.others(story, writer, now=later) == [{"name": "Editor", "since": "10:03"}]
    assert presence.others(story, editor, now=later) == [{"name": "Writer", "since": "10:02"}]


def test_someone_whose_page_goes_quiet_is_gone_after_the_timeout(story, writer, editor, moment):
    presence.check_in(story, editor, now=moment)
    assert presence.others(story, writer, now=moment + 7 * SECOND)
    assert presence.others(story, writer, now=moment + 9 * SECOND) == []


def test_leaving_is_seen_at_once(story, writer, editor, moment):
    presence.check_in(story, editor, now=moment)
    presence.leave(story, editor)
    assert presence.others(story, writer, now=moment) == []


def test_coming_back_after_going_quiet_starts_a_new_since(story, writer, editor, moment):
    presence.check_in(story, editor, now=moment)
    presence.check_in(story, editor, now=moment + 5 * SECOND)  # still here: same since
    assert Presence.objects.get().opened_at == moment
    back = moment + datetime.timedelta(hours=2)
    presence.check_in(story, editor, now=back)
    assert presence.others(story, writer, now=back) == [{"name": "Editor", "since": "12:02"}]


def test_a_check_in_costs_one_query_while_the_page_stays_open(
    story, editor, django_assert_num_queries
):
    presence.check_in(story, editor)
    with django_assert_num_queries(1):
        presence.check_in(story, editor)
    with django_assert_num_queries(1):
        presence.others(story, editor)


def test_pages_that_never_said_goodbye_are_cleared_in_time(story, make_article, writer, editor):
    long_ago = timezone.now() - datetime.timedelta(days=2)
    presence.check_in(story, editor, now=long_ago)
    presence.check_in(make_article(), writer)
    assert list(Presence.objects.values_list("user__username", flat=True)) == ["writer"]


def test_the_heartbeat_answers_with_the_others(client, story, writer, editor):
    presence.check_in(story, editor)
    client.force_login(writer)
    url = f"/admin/desk/stories/{story.pk}/presence/"
    with time_machine.travel(timezone.now(), tick=True):
        answer = client.post(url).json()
    assert [other["name"] for other in answer["others"]] == ["Editor"]
    assert Presence.objects.filter(user=writer, article=story).exists()
    client.post(f"{url}leave/")
    assert not Presence.objects.filter(user=writer).exists()


def test_the_story_page_has_a_banner_only_for_a_saved_story(client, story, writer):
    client.force_login(writer)
    page = client.get(f"/admin/articles/article/{story.pk}/change/").text
    assert 'class="desk-presence" aria-live="polite"' in page
    assert f"/admin/desk/stories/{story.pk}/presence/" in page
    assert "desk-presence" not in client.get("/admin/articles/article/add/").text
