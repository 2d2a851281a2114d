"""Browser tests: Playwright driving the system's Chromium, headless.

Without Chromium they are skipped with a reason on a developer's machine; CI sets
NEWSROOM_REQUIRE_BROWSER=1, which turns that skip into a failure.
"""

import os
import shutil
import threading
import time

import pytest
from django.core.signals import request_finished, request_started

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # by the live server and by the tests themselves are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _quiet_story_pages(settings):
    """Story pages check in once as they open, not every few seconds, unless a test asks.

    On SQLite the test and the live server's threads share one in-memory connection, and
    a check-in running beside a query of the test's can fail it ("table is locked").
    The presence tests set the real interval.
    """
    settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = 60


PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


class ServerRequests:
    """How many requests the live server (in this process) is answering, and since when."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answering = 0
        self.changed = time.monotonic()

    def started(self, **kwargs):
        with self.lock:
            self.answering += 1
            self.changed = time.monotonic()

    def finished(self, **kwargs):
        with self.lock:
            self.answering = max(0, self.answering - 1)
            self.changed = time.monotonic()

    def wait_until_quiet(self, quiet=0.25, limit=3.0):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                if not self.answering and time.monotonic() - self.changed >= quiet:
                    return
            time.sleep(0.05)


server_requests = ServerRequests()
request_started.connect(server_requests.started, dispatch_uid="browser-tests-started")
request_finished.connect(server_requests.finished, dispatch_uid="browser-tests-finished")


def _checks_in(page):
    try:
        return page.evaluate("!!document.getElementById('desk-story-tools')")
    except Exception:  # closed or between pages
        return False


@pytest.fixture
def open_page(browser):
    """A page in its own browser session (cookies, CSP choice), closed after the test."""
    contexts = []

    def open_(viewport=DESKTOP, **options):
        contexts.append(browser.new_context(viewport=viewport, **options))
        page = contexts[-1].new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_
    # A story page keeps checking in and says goodbye as it closes: let the server answer
    # before the test's database is flushed under it.
    story_pages = any(_checks_in(page) for context in contexts for page in context.pages)
    for context in contexts:
        context.close()
    if story_pages:
        server_requests.wait_until_quiet()


@pytest.fixture
def page(open_page):
    return open_page(PHONE)


@pytest.fixture
def desktop_page(open_page):
    return open_page(DESKTOP)


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
