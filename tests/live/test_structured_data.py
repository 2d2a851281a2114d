"""A live story is a schema.org LiveBlogPosting, with its coverage times and its updates,
as crawlers extract it."""

import datetime
import json
import re

import extruct

from live import entries
from live.models import Coverage

SITE = "http://127.0.0.1:8000"
PAGE = "/articles/award-night-live/"
# Google's live blog documentation, and an Article's own requirements.
REQUIRED = [
    "headline",
    "description",
    "url",
    "datePublished",
    "dateModified",
    "coverageStartTime",
    "coverageEndTime",
    "author",
    "publisher",
    "image",
    "mainEntityOfPage",
    "liveBlogUpdate",
]
UPDATE_REQUIRED = ["headline", "datePublished", "dateModified", "articleBody", "url"]


def live_blog(client, url=PAGE):
    text = client.get(url).text
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
        json.loads(block)  # each block parses on its own
    data = extruct.extract(text, base_url=SITE + url, syntaxes=["json-ld"])["json-ld"]
    types = [item["@type"] for item in data]
    assert "NewsArticle" not in types  # one description of the story, not two
    (blog,) = [item for item in data if item["@type"] == "LiveBlogPosting"]
    return blog


def test_a_live_story_is_a_live_blog_posting_with_its_updates(client, live_story, post, editor):
    first = post(live_story, "<p>Doors open.</p>", headline="Doors open")
    second = post(live_story, "<p>The host <em>arrives</em>.</p>")
    blog = live_blog(client)
    assert blog["@context"] == "https://schema.org"
    missing = [key for key in REQUIRED if not blog.get(key)]
    assert not missing
    updates = blog["liveBlogUpdate"]
    assert [u["url"] for u in updates] == [
        f"{SITE}{PAGE}#entry-{second.pk}",
        f"{SITE}{PAGE}#entry-{first.pk}",
    ]
    for update in updates:
        assert update["@type"] == "BlogPosting"
        assert not [key for key in UPDATE_REQUIRED if not update.get(key)]
    assert updates[0]["articleBody"] == "The host arrives."
    assert updates[0]["headline"] == "The host arrives."  # its first words, lacking a headline
    assert updates[1]["headline"] == "Doors open"
    assert updates[0]["author"] == {"@type": "Person", "name": "Editor"}
    assert blog["dateModified"] >= updates[0]["datePublished"]


def test_coverage_times_are_those_the_desk_set(client, live_story, editor):
    start = datetime.datetime(2027, 3, 14, 23, 0, tzinfo=datetime.timezone.utc)
    end = start + datetime.timedelta(hours=4)
    entries.update_coverage(live_story, editor, "", starts_at=start, ends_at=end)
    blog = live_blog(client)
    assert blog["coverageStartTime"] == "2027-03-14T23:00:00+00:00"
    assert blog["coverageEndTime"] == "2027-03-15T03:00:00+00:00"


def test_without_set_times_coverage_runs_from_publication_for_a_planned_twelve_hours(
    client, live_story
):
    Coverage.objects.filter(story=live_story).update(starts_at=None, ends_at=None)
    blog = live_blog(client)
    start = datetime.datetime.fromisoformat(blog["coverageStartTime"])
    end = datetime.datetime.fromisoformat(blog["coverageEndTime"])
    assert start == live_story.publish_at.replace(microsecond=0)
    assert end - start == datetime.timedelta(hours=12)


def test_ending_the_coverage_ends_it_for_crawlers_too(client, live_story, editor):
    entries.end(live_story, editor)
    live_story.coverage.refresh_from_db()
    ended = datetime.datetime.fromisoformat(live_blog(client)["coverageEndTime"])
    assert ended == live_story.coverage.ended_at.replace(microsecond=0)


def test_updates_waiting_or_withdrawn_are_not_in_the_structured_data(
    client, live_story, post, writer, editor, settings
):
    settings.NEWSROOM_LIVE_WRITERS_NEED_APPROVAL = True
    entries.post(live_story, writer, "<p>Waiting words.</p>")
    gone = post(live_story, "<p>Withdrawn words.</p>")
    entries.withdraw(gone, editor)
    blog = live_blog(client)
    assert blog["liveBlogUpdate"] == []
    assert "Waiting words" not in client.get(PAGE).text
