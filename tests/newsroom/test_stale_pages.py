"""No stampede after a purge: one worker makes the page again, the others serve the old
copy meanwhile, but only when nothing in it has stopped being public.

A request made while another is still making the page stands for a second worker: the
page's view is slowed down (it waits for the test) to hold the first one mid-way.
"""

import datetime
import threading

import pytest
from django.http import HttpResponse
from django.test import Client

from articles import views as article_views
from articles import workflow
from newsroom import pagecache

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 10


class SlowFirstRender:
    """Holds the first page made after `arm()` until `release()`; the others pass."""

    def __init__(self):
        self.armed = False
        self.started = threading.Event()
        self.released = threading.Event()
        self.made = 0

    def arm(self):
        self.armed = True

    def hold(self):
        self.made += 1
        if self.armed:
            self.armed = False
            self.started.set()
            assert self.released.wait(WAIT_SECONDS)

    def release(self):
        self.released.set()


def in_another_worker(path):
    """Start a reader's request for `path` in its own thread; join() gives its text."""
    answers = []
    thread = threading.Thread(target=lambda: answers.append(Client().get(path)))
    thread.start()

    def join():
        thread.join(WAIT_SECONDS)
        return answers[0].content.decode()

    return join


@pytest.fixture
def slow(monkeypatch, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    hook = SlowFirstRender()
    real_render = article_views.render

    def render(*args, **kwargs):
        hook.hold()
        return real_render(*args, **kwargs)

    monkeypatch.setattr(article_views, "render", render)
    yield hook
    hook.release()


def test_while_one_worker_makes_an_edited_page_again_others_get_the_old_copy(
    client, make_article, make_section, slow
):
    section = make_section(slug="busy")
    story = make_article(section=section, headline="First headline")
    assert "First headline" in client.get("/sections/busy/").text
    story.headline = "Second headline"
    story.save()  # an edit of a live story: its old copy may be shown a moment longer

    slow.arm()
    first = in_another_worker("/sections/busy/")
    assert slow.started.wait(WAIT_SECONDS)
    made_before = slow.made
    meanwhile = client.get("/sections/busy/")
    slow.release()

    assert "First headline" in meanwhile.text
    assert slow.made == made_before  # served without making the page again
    assert "max-age=0" in meanwhile["Cache-Control"]  # and kept by no cache downstream
    assert "Second headline" in first()
    assert "Second headline" in client.get("/sections/busy/").text


@pytest.mark.parametrize("change", ["withdraw", "reschedule", "expire"])
def test_a_story_taken_away_is_never_served_from_an_old_copy(
    client, make_article, make_section, publisher, slow, change, now
):
    section = make_section(slug="gone")
    story = make_article(section=section, headline="Soon to vanish")
    assert "Soon to vanish" in client.get("/sections/gone/").text
    if change == "withdraw":
        workflow.withdraw(story, by=publisher, note="Legal asked.")
    elif change == "reschedule":
        story.publish_at = now + datetime.timedelta(hours=1)  # held back after all
        story.save()
    else:
        story.expire_at = now
        story.save()

    slow.arm()
    first = in_another_worker("/sections/gone/")
    assert slow.started.wait(WAIT_SECONDS)
    meanwhile = client.get("/sections/gone/")
    slow.release()

    assert "Soon to vanish" not in meanwhile.text
    assert "Soon to vanish" not in first()


def test_one_worker_makes_the_page_and_the_others_wait_for_nothing(rf, settings):
    """The mechanism on its own: a purge that allows it, one maker, the old copy for others."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    words = ["old"]
    made = []
    started, released = threading.Event(), threading.Event()

    def view(request):
        made.append(words[0])
        if words[0] == "new":
            started.set()
            released.wait(WAIT_SECONDS)
        return HttpResponse(words[0])

    page = pagecache.cache_public_page(view, depends_on="thing")
    assert page(rf.get("/thing/")).content == b"old"
    words[0] = "new"
    pagecache.purge_keys("thing", stale_ok=True)

    answers = []
    maker = threading.Thread(target=lambda: answers.append(page(rf.get("/thing/"))))
    maker.start()
    assert started.wait(WAIT_SECONDS)
    others = [page(rf.get("/thing/")) for _ in range(3)]
    released.set()
    maker.join(WAIT_SECONDS)

    assert [answer.content for answer in others] == [b"old"] * 3
    assert made == ["old", "new"]
    assert answers[0].content == b"new"
    assert page(rf.get("/thing/")).content == b"new"


def test_a_purge_that_takes_something_away_lets_no_one_have_the_old_copy(rf, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    words = ["old"]
    page = pagecache.cache_public_page(lambda request: HttpResponse(words[0]), depends_on="t")
    page(rf.get("/t/"))
    words[0] = "new"
    pagecache.purge_keys("t", stale_ok=True)
    pagecache.purge_keys("t")  # then a withdrawal, before anyone made the page again
    # Another worker is making the page now; this one must not fall back on the old copy.
    generation = pagecache._generation()
    assert pagecache._claim_making(pagecache._cache_key(rf.get("/t/"), generation))
    assert page(rf.get("/t/")).content == b"new"
