"""The desk's clock: exact to the second on every surface, across clock changes."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from articles import scheduling, workflow
from articles.models import Article, WorkflowEvent
from tests.articles.test_workflow import change_form_data

LONDON = zoneinfo.ZoneInfo("Europe/London")
NINE = datetime.datetime(2026, 11, 24, 9, 0, 0, tzinfo=LONDON)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def newsroom(make_article, make_person, make_production, section):
    person = make_person(name="Hayley Atwell", slug="hayley-atwell")
    production = make_production(title="Dead Reckoning", slug="dead-reckoning")
    make_article(
        headline="An older live story",
        slug="older-live-story",
        publish_at=NINE - datetime.timedelta(hours=5),
        tags=["Premieres"],
        people=[person],
        productions=[production],
    )
    return {"person": person, "production": production, "section": section}


def surfaces(newsroom, article):
    return [
        "/",
        article.get_absolute_url(),
        "/articles/older-live-story/",  # its related stories
        newsroom["section"].get_absolute_url(),
        "/tags/premieres/",
        newsroom["person"].get_absolute_url(),
        newsroom["production"].get_absolute_url(),
        "/search/?q=Zanzibar",
        "/feeds/latest/",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
    ]


def visible_everywhere(client, newsroom, article):
    """{url: whether the story shows there} for every public surface."""
    seen = {}
    for url in surfaces(newsroom, article):
        response = client.get(url)
        if url == article.get_absolute_url():
            seen[url] = response.status_code == 200
        else:
            assert response.status_code == 200, url
            seen[url] = article.slug in response.content.decode()
    return seen


def make_timed_story(make_article, newsroom, **times):
    return make_article(
        headline="Zanzibar wedding exclusive",
        slug="zanzibar-wedding",
        body="<p>Zanzibar.</p>",
        tags=["Premieres"],
        people=[newsroom["person"]],
        productions=[newsroom["production"]],
        **times,
    )


@pytest.fixture(params=["no-cache", "fragments", "page-cache"])
def caching(request, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300 if request.param == "page-cache" else 0
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 0 if request.param == "no-cache" else 600
    return request.param


def test_scheduled_story_appears_at_nine_and_not_a_second_before(
    client, newsroom, make_article, time_machine, caching
):
    time_machine.move_to(NINE - datetime.timedelta(minutes=10), tick=False)
    story = make_timed_story(make_article, newsroom, publish_at=NINE)

    time_machine.move_to(NINE - SECOND, tick=False)
    assert not any(visible_everywhere(client, newsroom, story).values())
    time_machine.move_to(NINE, tick=False)
    assert all(visible_everywhere(client, newsroom, story).values())


def test_expiring_story_disappears_at_nine_and_not_a_second_before(
    client, newsroom, make_article, time_machine, caching
):
    time_machine.move_to(NINE - datetime.timedelta(hours=2), tick=False)
    story = make_timed_story(
        make_article, newsroom, publish_at=NINE - datetime.timedelta(hours=1), expire_at=NINE
    )

    time_machine.move_to(NINE - SECOND, tick=False)
    assert all(visible_everywhere(client, newsroom, story).values())
    time_machine.move_to(NINE, tick=False)
    assert not any(visible_everywhere(client, newsroom, story).values())


def test_cached_pages_are_kept_no_longer_than_the_next_change(
    client, newsroom, make_article, settings, time_machine
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    time_machine.move_to(NINE - datetime.timedelta(seconds=42), tick=False)
    make_timed_story(make_article, newsroom, publish_at=NINE)
    response = client.get("/")
    assert "max-age=42" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_staff_pages_are_never_cached_publicly(client, admin_user, newsroom, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    client.force_login(admin_user)
    assert "private" in client.get("/")["Cache-Control"]


# Europe/London: clocks go forward at 01:00 on 29 March 2026, back at 02:00 on 25 October.
def test_spring_forward_hour_does_not_exist():
    with pytest.raises(ValidationError, match="does not exist in Europe/London"):
        scheduling.to_newsroom_time(datetime.datetime(2026, 3, 29, 1, 30))
    before = scheduling.to_newsroom_time(datetime.datetime(2026, 3, 29, 0, 59, 59))
    after = scheduling.to_newsroom_time(datetime.datetime(2026, 3, 29, 2, 0))
    utc = datetime.timezone.utc
    assert after.astimezone(utc) - before.astimezone(utc) == SECOND  # the hour never happens


def test_fall_back_hour_is_resolved_explicitly_and_shown_with_its_offset():
    first = scheduling.to_newsroom_time(datetime.datetime(2026, 10, 25, 1, 30))
    second = scheduling.to_newsroom_time(datetime.datetime(2026, 10, 25, 1, 30), "second")
    assert first.astimezone(datetime.timezone.utc).hour == 0
    assert second.astimezone(datetime.timezone.utc).hour == 1
    assert scheduling.describe(first) == "25 Oct 2026, 01:30:00 BST (UTC+01:00)"
    assert scheduling.describe(second) == "25 Oct 2026, 01:30:00 GMT (UTC+00:00)"


def schedule_by_post(client, article, when, **extra):
    return client.post(
        f"/admin/articles/article/{article.pk}/workflow/",
        {"action": "schedule", "when": when, **extra},
        follow=True,
    )


def test_scheduling_in_the_missing_hour_is_refused_with_a_message(
    client, make_article, publisher, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 12, tzinfo=LONDON))
    article = make_article(status="approved", publish_at=None)
    client.force_login(publisher)
    response = schedule_by_post(client, article, "2026-03-29T01:30")
    assert "does not exist in Europe/London" in response.text
    article.refresh_from_db()
    assert article.status == "approved" and article.publish_at is None


@pytest.mark.parametrize(
    ("occurrence", "utc_hour", "shown"),
    [("first", 0, "BST (UTC+01:00)"), ("second", 1, "GMT (UTC+00:00)")],
)
def test_scheduling_in_the_repeated_hour_says_which_one(
    client, make_article, publisher, time_machine, occurrence, utc_hour, shown
):
    time_machine.move_to(datetime.datetime(2026, 10, 1, 12, tzinfo=LONDON))
    article = make_article(status="approved", publish_at=None)
    client.force_login(publisher)
    response = schedule_by_post(client, article, "2026-10-25T01:30", occurrence=occurrence)
    assert shown in response.text
    assert "happens twice" in response.text
    article.refresh_from_db()
    assert article.publish_at.astimezone(datetime.timezone.utc).hour == utc_hour


def test_a_time_already_passed_means_publish_now(client, make_article, publisher):
    article = make_article(status="approved", publish_at=None)
    client.force_login(publisher)
    response = schedule_by_post(client, article, "2020-01-01T09:00")
    assert "already passed, so the story was published now" in response.text
    article.refresh_from_db()
    assert article.is_live()


def test_the_form_warns_before_saving_that_a_past_time_means_now(client, make_article, publisher):
    article = make_article(status="approved", publish_at=None)
    client.force_login(publisher)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert "data-past-note" in page and "js/schedule.js" in page


def test_only_approved_stories_can_be_scheduled(client, make_article, publisher):
    article = make_article(status="review", publish_at=None)
    client.force_login(publisher)
    response = schedule_by_post(client, article, "2030-01-01T09:00")
    assert "cannot be moved with “Schedule”" in response.text
    article.refresh_from_db()
    assert article.status == "review"


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_writers_and_editors_cannot_schedule(client, make_article, request, role):
    article = make_article(status="approved", publish_at=None)
    client.force_login(request.getfixturevalue(role))
    response = schedule_by_post(client, article, "2030-01-01T09:00")
    assert "You are not allowed to schedule" in response.text
    article.refresh_from_db()
    assert article.status == "approved" and article.publish_at is None


def test_publisher_can_schedule(client, make_article, publisher):
    article = make_article(status="approved", publish_at=None)
    client.force_login(publisher)
    response = schedule_by_post(client, article, "2030-01-01T09:00")
    assert "now scheduled for 1 Jan 2030, 09:00:00 GMT (UTC+00:00)" in response.text
    article.refresh_from_db()
    assert article.publish_at == datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.timezone.utc)


def test_schedule_view_shows_the_week_and_warns_of_clashes(
    client, make_article, make_person, publisher, time_machine
):
    time_machine.move_to(NINE, tick=False)
    star = make_person(name="Tom Cruise", slug="tom-cruise")
    make_article(
        headline="Lead one", status="published", publish_at=NINE + 60 * SECOND, is_lead=True
    )
    make_article(
        headline="Lead two", status="published", publish_at=NINE + 180 * SECOND, is_lead=True
    )
    make_article(
        headline="Cruise A", status="published", publish_at=NINE + 3600 * SECOND, people=[star]
    )
    make_article(
        headline="Cruise B", status="published", publish_at=NINE + 3700 * SECOND, people=[star]
    )
    make_article(
        headline="Far away", status="published", publish_at=NINE + datetime.timedelta(days=9)
    )
    make_article(headline="Ends soon", publish_at=NINE - SECOND, expire_at=NINE + 7200 * SECOND)
    client.force_login(publisher)
    text = client.get("/admin/articles/article/schedule/").text
    assert "Lead one" in text and "Ends soon" in text and "Far away" not in text
    assert "both are lead stories" in text
    assert "both are about Tom Cruise" in text
    assert ">Reschedule</button>" in text and ">Unschedule</button>" in text
    assert "24 Nov 2026, 09:01:00 GMT (UTC+00:00)" in text


def test_reschedule_from_the_schedule_view_comes_back_to_it(client, make_article, publisher):
    article = make_article(status="published", publish_at=NINE + datetime.timedelta(days=400))
    client.force_login(publisher)
    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/",
        {
            "action": "schedule",
            "when": "2030-06-01T10:00",
            "next": "/admin/articles/article/schedule/",
        },
    )
    assert response["Location"] == "/admin/articles/article/schedule/"
    article.refresh_from_db()
    assert article.publish_at == datetime.datetime(2030, 6, 1, 9, tzinfo=datetime.timezone.utc)


def test_redirect_after_an_action_stays_on_this_site(client, make_article, publisher):
    article = make_article(status="approved", publish_at=None)
    client.force_login(publisher)
    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/",
        {"action": "publish", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"


def test_publish_due_stamps_records_and_is_idempotent(make_article, time_machine):
    time_machine.move_to(NINE - datetime.timedelta(hours=1), tick=False)
    story = make_article(publish_at=NINE, expire_at=NINE + datetime.timedelta(hours=1))
    assert story.first_published_at is None
    time_machine.move_to(NINE + SECOND, tick=False)
    call_command("publish_due", verbosity=0)
    call_command("publish_due", verbosity=0)
    story.refresh_from_db()
    assert story.first_published_at == NINE
    assert WorkflowEvent.objects.filter(article=story, action="went_live").count() == 1
    time_machine.move_to(NINE + datetime.timedelta(hours=2), tick=False)
    call_command("publish_due", verbosity=0)
    call_command("publish_due", verbosity=0)
    assert WorkflowEvent.objects.filter(article=story, action="expired").count() == 1


def test_visibility_never_waits_for_publish_due(client, make_article, time_machine):
    time_machine.move_to(NINE - datetime.timedelta(hours=1), tick=False)
    story = make_article(publish_at=NINE)
    time_machine.move_to(NINE, tick=False)
    assert client.get(story.get_absolute_url()).status_code == 200
    assert Article.objects.get(pk=story.pk).first_published_at is None


def test_cached_page_costs_no_query_and_publishing_refreshes_it(
    client, newsroom, make_article, publisher, settings, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    draft = make_article(headline="Breaking: surprise duet", status="approved", publish_at=None)
    assert "surprise duet" not in client.get("/").text
    with django_assert_num_queries(0):
        client.get("/")
    workflow.publish(draft, by=publisher)
    assert "surprise duet" in client.get("/").text


def test_cached_pages_carry_etags_and_answer_304(client, newsroom, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    first = client.get("/")
    assert first.status_code == 200 and first["ETag"]
    assert "s-maxage=" in first["Cache-Control"]
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_cached_copy_is_passed_on_with_only_the_life_it_has_left(
    client, newsroom, make_article, settings, time_machine
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    time_machine.move_to(NINE - datetime.timedelta(seconds=100), tick=False)
    make_timed_story(make_article, newsroom, publish_at=NINE)
    assert "max-age=100" in client.get("/").headers["Cache-Control"]
    time_machine.move_to(NINE - datetime.timedelta(seconds=40), tick=False)
    control = client.get("/").headers["Cache-Control"]
    assert "max-age=40" in control and "s-maxage=40" in control
    assert "stale-while-revalidate=0" in control  # a change is coming: no stale copies


def test_publish_due_refreshes_the_planner_statistics(db):
    from django.db import connection

    call_command("publish_due", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1")
            assert cursor.fetchone()[0] > 0


def went_live_events(story):
    return WorkflowEvent.objects.filter(article=story, action="went_live").count()


@pytest.mark.parametrize("between", ["saved", "given an expiry", "saved from an old copy"])
def test_a_scheduled_story_gets_one_went_live_record_whatever_happens_before_publish_due(
    client, make_article, publisher, editor, time_machine, between
):
    time_machine.move_to(NINE - datetime.timedelta(hours=1), tick=False)
    story = make_article(status="approved", publish_at=None)
    workflow.schedule(story, by=publisher, publish_at=NINE)
    old_copy = Article.objects.get(pk=story.pk)
    time_machine.move_to(NINE + SECOND, tick=False)
    if between == "saved":
        client.force_login(editor)
        client.post(
            f"/admin/articles/article/{story.pk}/change/",
            change_form_data(story, standfirst="Now with a better standfirst."),
        )
        story.refresh_from_db()
        assert story.standfirst == "Now with a better standfirst."
    elif between == "given an expiry":
        workflow.set_expiry(story, by=publisher, expire_at=NINE + datetime.timedelta(days=1))
    scheduling.publish_due()
    if between == "saved from an old copy":
        old_copy.standfirst = "Saved from a copy read before the story went live."
        old_copy.save()
    scheduling.publish_due()
    story.refresh_from_db()
    assert story.first_published_at == NINE
    assert went_live_events(story) == 1


def test_publish_now_is_its_own_record_and_publish_due_adds_none(make_article, publisher):
    story = make_article(status="approved", publish_at=None)
    workflow.publish(story, by=publisher)
    scheduling.publish_due()
    assert went_live_events(story) == 0
    assert story.events.filter(action="publish").count() == 1


def test_a_story_scheduled_again_after_withdrawal_is_recorded_again(
    make_article, publisher, editor, time_machine
):
    time_machine.move_to(NINE - datetime.timedelta(hours=1), tick=False)
    story = make_article(status="approved", publish_at=None)
    workflow.schedule(story, by=publisher, publish_at=NINE)
    time_machine.move_to(NINE + SECOND, tick=False)
    scheduling.publish_due()
    workflow.withdraw(story, by=publisher, note="Legal asked us to take it down.")
    workflow.send_back(story, by=editor, note="Needs a new angle.")
    Article.objects.filter(pk=story.pk).update(status="approved")
    workflow.schedule(story, by=publisher, publish_at=NINE + datetime.timedelta(hours=1))
    time_machine.move_to(NINE + datetime.timedelta(hours=2), tick=False)
    scheduling.publish_due()
    scheduling.publish_due()
    assert went_live_events(story) == 2
