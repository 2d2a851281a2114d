"""Two people on one story see each other within seconds, and stop seeing each other
when one leaves: at once when their page says goodbye, after the timeout when it cannot."""

import os

import pytest

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-test-password"
BANNER = ".desk-presence"
SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")


@pytest.fixture
def desk(open_page, live_server, django_user_model, make_article, settings):
    """Wendy Writer's draft, open in her browser and in Eddie Editor's."""
    settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = 3
    wendy = make_member(django_user_model, "wendy", "Writers", last_name="Writer")
    make_member(django_user_model, "eddie", "Editors", last_name="Editor")
    story = make_article(status="draft", publish_at=None, created_by=wendy)
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    def open_as(username, viewport=DESKTOP):
        page = open_page(viewport)
        sign_in(page, live_server, username, PASSWORD)
        page.goto(change)
        return page

    return open_as


def sees(page, name, seconds):
    page.wait_for_selector(
        f"{BANNER}:has-text('{name} is editing this story, since')", timeout=seconds * 1000
    )


def sees_nobody(page, seconds):
    page.wait_for_selector(f"{BANNER}:empty", state="attached", timeout=seconds * 1000)


def test_each_sees_the_other_and_a_leaver_goes_at_once(desk):
    wendy = desk("wendy")
    eddie = desk("eddie", PHONE)
    sees(wendy, "Eddie Editor", 5)
    sees(eddie, "Wendy Writer", 5)
    assert wendy.locator(BANNER).get_attribute("aria-live") == "polite"
    banner = eddie.locator(BANNER).bounding_box()
    assert banner["x"] >= 0 and banner["x"] + banner["width"] <= PHONE["width"]
    if SCREENSHOTS:
        clip = {"x": 0, "y": 0, "width": DESKTOP["width"], "height": 330}
        wendy.screenshot(path=f"{SCREENSHOTS}/presence-banner.png", clip=clip)

    # His page's goodbye removes him at once, and her next check-in (3 s) shows it; without
    # the goodbye he would stay until the 8-second timeout.
    eddie.close()
    sees_nobody(wendy, 6)


def test_a_page_that_goes_silent_is_gone_after_the_timeout(desk, settings):
    settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = 1
    settings.NEWSROOM_PRESENCE_TIMEOUT_SECONDS = 3
    wendy = desk("wendy")
    eddie = desk("eddie")
    sees(wendy, "Eddie Editor", 5)
    eddie.context.set_offline(True)  # a lost connection: no check-ins, no goodbye
    sees_nobody(wendy, 6)
    eddie.context.set_offline(False)
    sees(wendy, "Eddie Editor", 5)  # back when his page checks in again
