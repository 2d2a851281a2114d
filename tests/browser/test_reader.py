"""A reader on a phone: the journey through the site, accessibility, and fit at 360 px."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = Path(__file__).resolve().parents[2] / ".cache/axe/node_modules/axe-core/axe.min.js"
LEAD = "/articles/pom-klementieff-asked-tom-cruise-to-kick-her/"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_reader_journey_home_article_person_production_tag_search(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.click(".home-lead .card__headline a")
    assert page.url.endswith(LEAD)
    assert "Klementieff" in page.inner_text("h1")

    page.click("text=More about Pom Klementieff")
    assert page.url.endswith("/people/pom-klementieff/")
    assert "age" in page.locator(".facts").inner_text().lower()

    page.click(".credits__title:has-text('Dead Reckoning')")
    assert "/productions/mission-impossible-dead-reckoning-part-one/" in page.url
    assert "as Ethan Hunt" in page.inner_text(".credits")

    page.goto(live_server.url + LEAD)
    page.click(".chip--tag:has-text('Stunts')")
    assert page.url.endswith("/tags/stunts/")
    assert page.locator(".card").count() >= 1

    page.fill("#site-search", "Klementief")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Klementief")
    assert "Pom Klementieff" in page.inner_text("#main")


def test_keyboard_alone_reaches_the_lead_story(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.home-lead .card__headline') !== null"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{LEAD}")


PAGES = ["/", LEAD, "/people/pom-klementieff/", "/search/?q=Cruise"]


def axe_violations(page):
    if not AXE.exists():
        message = f"axe-core is not installed at {AXE} (make test installs it with npm)"
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def audit_page(open_page):
    """A phone-sized page that lets the test inject axe-core despite the site's CSP."""
    return open_page(PHONE, bypass_csp=True)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_problems(audit_page, live_server, demo, path):
    audit_page.goto(live_server.url + path)
    assert axe_violations(audit_page) == []


@pytest.mark.parametrize(
    "path",
    [
        *PAGES,
        "/productions/mission-impossible-dead-reckoning-part-one/",
        "/tags/stunts/",
        "/people/",
        "/sections/film/",
        "/no-such-page/",
    ],
)
def test_nothing_overflows_a_360_pixel_phone(page, live_server, demo, path):
    page.goto(live_server.url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide"


def test_one_h1_and_headings_in_order(page, live_server, demo):
    for path in PAGES:
        page.goto(live_server.url + path)
        levels = page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
        )
        assert levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)
