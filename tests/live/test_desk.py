"""The live panel on a story's desk page: turning coverage on, the quick form, and the
buttons on each update. Every rule is the live module's, whatever the page shows."""

import pytest
from django.urls import reverse

from articles.models import Article, WorkflowEvent
from live.models import Entry, EntryCorrection


def story_page(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def post_url(story):
    return reverse("live_desk:post", args=[story.pk])


def test_an_editor_turns_a_story_into_live_coverage(client, make_article, editor):
    story = make_article(slug="breaking")
    client.force_login(editor)
    assert "Make this live coverage" in client.get(story_page(story)).text
    answer = client.post(reverse("live_desk:format", args=[story.pk]), {"on": "1"}, follow=True)
    assert "This story is now live coverage" in answer.text
    assert Article.objects.get(pk=story.pk).is_live_coverage
    assert WorkflowEvent.objects.filter(article=story, action="live_coverage_on").exists()
    assert (
        'data-updates-url="/articles/breaking/updates.json"'
        in client.get("/articles/breaking/").text
    )


def test_a_writer_cannot_turn_someone_elses_story_live(client, make_article, writer):
    story = make_article(slug="not-theirs")
    client.force_login(writer)
    answer = client.post(reverse("live_desk:format", args=[story.pk]), {"on": "1"}, follow=True)
    assert "Only someone who may edit this story" in answer.text
    assert not Article.objects.get(pk=story.pk).is_live_coverage


def test_the_quick_form_posts_an_update_that_readers_see(client, live_story, editor):
    client.force_login(editor)
    page = client.get(story_page(live_story)).text
    assert 'id="live-desk"' in page and post_url(live_story) in page
    answer = client.post(
        post_url(live_story),
        {
            "live-headline": "Best Actor",
            "live-body": "<p>And the winner is…</p>",
            "live-pinned": "on",
        },
        follow=True,
    )
    assert "Update posted: readers see it within seconds." in answer.text
    entry = Entry.objects.get()
    assert (entry.headline, entry.is_pinned, entry.author) == ("Best Actor", True, editor)
    client.logout()
    assert "And the winner is…" in client.get(live_story.get_absolute_url()).text


def test_a_writers_update_waits_and_says_so(client, live_story, writer, settings):
    settings.NEWSROOM_LIVE_WRITERS_NEED_APPROVAL = True
    client.force_login(writer)
    assert "Send for approval" in client.get(story_page(live_story)).text
    answer = client.post(post_url(live_story), {"live-body": "<p>Mine.</p>"}, follow=True)
    assert "it waits for an editor" in answer.text
    assert Entry.objects.get().status == Entry.Status.PENDING


def test_refused_words_come_back_in_the_form(client, live_story, writer, settings):
    settings.NEWSROOM_LIVE_WRITERS_NEED_APPROVAL = True
    client.force_login(writer)
    answer = client.post(
        post_url(live_story),
        {"live-headline": "Keep me", "live-body": "<p>Keep these words.</p>", "live-pinned": "on"},
        follow=True,
    )
    assert "The update was not posted: Only editors pin updates." in answer.text
    assert 'value="Keep me"' in answer.text
    assert "Keep these words." in answer.text
    assert not Entry.objects.exists()
    # Once only: the next visit starts empty.
    assert "Keep these words." not in client.get(story_page(live_story)).text


def test_an_empty_update_is_refused_with_a_message(client, live_story, editor):
    client.force_login(editor)
    answer = client.post(post_url(live_story), {"live-body": ""}, follow=True)
    assert "The update was not posted" in answer.text
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("approve", lambda e: e.status == Entry.Status.PUBLISHED),
        ("pin", lambda e: e.is_pinned),
        ("withdraw", lambda e: e.status == Entry.Status.WITHDRAWN),
    ],
)
def test_the_buttons_on_an_update(client, live_story, writer, editor, settings, action, check):
    settings.NEWSROOM_LIVE_WRITERS_NEED_APPROVAL = True
    from live import entries

    entry = entries.post(live_story, writer, "<p>From the writer.</p>")
    url = reverse("live_desk:entry_action", args=[entry.pk, action])
    client.force_login(writer)
    client.post(url)
    assert not check(Entry.objects.get(pk=entry.pk))
    client.force_login(editor)
    assert url in client.get(story_page(live_story)).text
    client.post(url)
    assert check(Entry.objects.get(pk=entry.pk))


def test_correcting_an_update_from_its_own_page(client, live_story, post, editor):
    entry = post(live_story, "<p>The wrong name.</p>")
    client.force_login(editor)
    url = reverse("admin:live_entry_change", args=[entry.pk])
    assert "Correction note" in client.get(url).text
    answer = client.post(
        url,
        {
            "headline": "",
            "body": "<p>The right name.</p>",
            "correction": "We named the wrong actor.",
        },
        follow=True,
    )
    assert "Update corrected" in answer.text
    assert EntryCorrection.objects.get().note == "We named the wrong actor."
    client.logout()
    page = client.get(live_story.get_absolute_url()).text
    assert "The right name." in page and "We named the wrong actor." in page


def test_a_writer_cannot_change_a_published_update(client, live_story, post, writer):
    entry = post(live_story, "<p>Editor's words.</p>")
    client.force_login(writer)
    url = reverse("admin:live_entry_change", args=[entry.pk])
    client.post(url, {"headline": "", "body": "<p>Writer's words.</p>"})
    assert Entry.objects.get(pk=entry.pk).body == "<p>Editor's words.</p>"


def test_key_points_and_end_from_the_panel(client, live_story, editor):
    client.force_login(editor)
    url = reverse("live_desk:coverage", args=[live_story.pk])
    answer = client.post(
        url,
        {
            "coverage-key_points": "One\n\nTwo ",
            "coverage-starts_at": "",
            "coverage-ends_at": "",
            "action": "save",
        },
        follow=True,
    )
    assert "Key points and times saved." in answer.text
    live_story.coverage.refresh_from_db()
    assert live_story.coverage.points == ["One", "Two"]
    client.post(url, {"action": "end"})
    live_story.coverage.refresh_from_db()
    assert live_story.coverage.is_over


def test_a_publisher_reads_the_panel_without_buttons(client, live_story, post, publisher):
    post(live_story)
    client.force_login(publisher)
    page = client.get(story_page(live_story)).text
    assert "A winner is called." in page
    assert post_url(live_story) not in page
    assert "Withdraw</button>" not in page


def test_the_desk_urls_are_for_signed_in_staff_only(client, live_story):
    answer = client.post(post_url(live_story), {"live-body": "<p>Anonymous.</p>"})
    assert answer.status_code == 302 and "/admin/login/" in answer["Location"]
    assert not Entry.objects.exists()
