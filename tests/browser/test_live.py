"""A reader's live page, open in one browser, shows an update posted from the desk in
another within seconds, without a reload and without moving the page under them."""

import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from live import entries
from live.models import Coverage, Entry
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_reader import axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password"


@pytest.fixture
def night(make_article, django_user_model, settings):
    # As in production: the live page and its updates come from the page cache, and a
    # new update forgets only them.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    story = make_article(
        headline="Awards night live", slug="awards-night-live", is_live_coverage=True
    )
    Coverage.objects.create(story=story, key_points="Best Actor is next")
    chief = django_user_model.objects.create_superuser("chief", password=PASSWORD)
    entries.post(story, chief, "<p>The doors are open.</p>", headline="Doors open")
    return story, chief


def test_an_update_posted_on_the_desk_reaches_an_open_readers_page_within_five_seconds(
    open_page, live_server, night
):
    story, chief = night
    reader = open_page(PHONE)
    reader.goto(live_server.url + story.get_absolute_url())
    assert "The doors are open." in reader.inner_text(".live-updates__list")
    reader.evaluate("window.sameDocument = true")  # gone if the page reloads
    reader.evaluate("window.scrollTo(0, 400)")
    scrolled = reader.evaluate("window.scrollY")

    desk = open_page(DESKTOP)
    sign_in(desk, live_server, "chief", PASSWORD)
    desk.goto(live_server.url + reverse("admin:articles_article_change", args=[story.pk]))
    desk.locator("#live-desk input[name=live-headline]").fill("Best Actor")
    desk.locator("#live-desk .ProseMirror[contenteditable=true]").click()
    desk.keyboard.type("And the winner is Zendaya.")
    desk.click("#live-desk button:has-text('Post update')")
    desk.wait_for_selector(".messagelist .success:has-text('Update posted')")
    posted = time.monotonic()

    button = reader.locator(".live-updates__show")
    button.wait_for(state="visible", timeout=5_000)
    assert time.monotonic() - posted <= 5
    assert button.inner_text() == "Show 1 new update"
    # Announced politely, and the page has not moved or taken the reader's focus.
    assert reader.locator(".live-updates__notice[role=status]").count() == 1
    assert reader.evaluate("window.scrollY") == scrolled
    assert reader.evaluate("document.activeElement === document.body")
    assert "And the winner is Zendaya." not in reader.inner_text(".live-updates__list")

    button.click()
    newest = reader.locator(".live-updates__list .live-entry").first
    assert "And the winner is Zendaya." in newest.inner_text()
    assert "Best Actor" in newest.inner_text()
    entry = Entry.objects.get(headline="Best Actor")
    assert newest.get_attribute("id") == f"entry-{entry.pk}"
    assert reader.evaluate("document.activeElement.id") == f"entry-{entry.pk}"
    assert button.is_hidden()
    assert reader.evaluate("window.sameDocument") is True


def test_corrections_withdrawals_and_key_points_change_in_place(open_page, live_server, night):
    story, chief = night
    first = Entry.objects.get()
    reader = open_page(PHONE)
    reader.goto(live_server.url + story.get_absolute_url())
    reader.evaluate("window.sameDocument = true")

    entries.edit(first, chief, "<p>The doors opened late.</p>", note="They opened at eight.")
    gone = entries.post(story, chief, "<p>Posted in error.</p>")
    entries.withdraw(gone, chief)
    entries.update_coverage(story, chief, "Best Actor is next\nThe host is late")

    reader.locator(".live-updates__list .live-entry:has-text('opened late')").wait_for(
        timeout=5_000
    )
    text = reader.inner_text("main")
    assert "They opened at eight." in text and "The host is late" in text
    assert "Posted in error." not in text
    assert reader.locator(".live-updates__show").is_hidden()
    assert reader.evaluate("window.sameDocument") is True


def test_the_page_stops_asking_once_the_coverage_ends(open_page, live_server, night):
    story, chief = night
    reader = open_page(PHONE)
    reader.goto(live_server.url + story.get_absolute_url())
    entries.end(story, chief)
    reader.wait_for_selector(".live-status--over", timeout=5_000)
    assert "Live coverage ended" in reader.inner_text(".live-status")


def test_the_live_page_has_no_serious_accessibility_problems_with_updates_waiting(
    open_page, live_server, night
):
    story, chief = night
    page = open_page(PHONE, bypass_csp=True)  # lets the test inject axe-core
    page.goto(live_server.url + story.get_absolute_url())
    entries.post(story, chief, "<p>A new winner.</p>")
    page.locator(".live-updates__show").wait_for(state="visible", timeout=5_000)
    assert axe_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4')].map(h => +h.tagName[1])")
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


@pytest.mark.parametrize(
    "path",
    [
        "/articles/golden-fuse-awards-2027-live/",
        "/awards/2027-golden-fuse-awards/",
        "/people/tom-cruise/",
    ],
)
def test_the_demo_award_night_pages_are_accessible_and_fit_a_phone(open_page, live_server, path):
    call_command("load_demo", verbosity=0)
    page = open_page(PHONE, bypass_csp=True)
    page.goto(live_server.url + path)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_three_new_updates_wait_behind_one_button_and_arrive_newest_first(
    open_page, live_server, night
):
    story, chief = night
    reader = open_page(PHONE)
    reader.goto(live_server.url + story.get_absolute_url())
    posted = [entries.post(story, chief, f"<p>Winner number {n}.</p>") for n in (1, 2, 3)]
    button = reader.locator(".live-updates__show")
    button.wait_for(state="visible", timeout=5_000)
    assert button.inner_text() == "Show 3 new updates"
    button.click()
    shown = reader.locator(".live-updates__list .live-entry").evaluate_all(
        "nodes => nodes.map(node => node.id)"
    )
    assert shown[:3] == [f"entry-{e.pk}" for e in reversed(posted)]
    assert "The doors are open." in reader.inner_text(".live-updates__list .live-entry >> nth=3")
