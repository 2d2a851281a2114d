"""The Content Security Policy breaks nothing: Chromium reports no violation anywhere we go."""

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEAD = "/articles/pom-klementieff-asked-tom-cruise-to-kick-her/"
READER_PAGES = ["/", LEAD, "/people/pom-klementieff/", "/search/?q=Cruise"]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def violations(desktop_page):
    """Every CSP violation the page reports, by event and in the console, across navigations."""
    found = []
    desktop_page.expose_function("reportViolation", lambda text: found.append(text))
    desktop_page.add_init_script(
        "document.addEventListener('securitypolicyviolation', event =>"
        " window.reportViolation(`${event.effectiveDirective} blocked ${event.blockedURI}"
        " at ${event.sourceFile}:${event.lineNumber}`));"
    )
    desktop_page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_a_blocked_resource_is_reported(desktop_page, live_server, demo, violations):
    """The watch itself works: an image from another site is blocked and reported."""
    visit(desktop_page, live_server.url + "/")
    desktop_page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"https://elsewhere.invalid/x.png\">')"
    )
    desktop_page.wait_for_timeout(500)
    assert any("img-src" in text for text in violations)


def test_reader_pages_run_under_the_policy(desktop_page, live_server, demo, violations):
    for path in READER_PAGES:
        visit(desktop_page, live_server.url + path)
        assert desktop_page.locator("h1").count() == 1, path
    assert violations == [], "\n".join(violations)


def test_admin_and_the_rich_text_editor_run_under_the_policy(
    desktop_page, live_server, demo, violations, django_user_model
):
    page = desktop_page
    django_user_model.objects.create_superuser("chief", password="a-long-test-password")
    sign_in(page, live_server, "chief", "a-long-test-password")
    visit(page, f"{live_server.url}/admin/")
    visit(page, f"{live_server.url}/admin/articles/article/")
    visit(page, f"{live_server.url}/admin/two-factor/")
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1

    visit(page, f"{live_server.url}/admin/articles/article/add/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.focus()
    page.keyboard.type("Typed under the policy ")
    page.keyboard.press("Control+b")
    page.keyboard.type("in bold")
    assert editor.locator("strong").inner_text().strip() == "in bold"
    page.click("#id_section + .select2 .select2-selection")  # the autocomplete widget too
    page.wait_for_selector(".select2-results__option")

    story = Article.objects.order_by("pk").first()
    visit(page, f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    with page.expect_response(lambda response: "/checks.json" in response.url):
        page.locator("#id_headline").press_sequentially(" again")  # the fact desk re-checks
    assert violations == [], "\n".join(violations)
