"""The story page in a browser: counts as one types, a slug that follows the headline
until the story is live, the chosen picture beside its picker, and a 360-pixel phone."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from newsroom import images
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_editing import choose_autocomplete
from tests.conftest import make_member

# The live server needs real commits, so these tests flush the database after
# themselves; serialized_rollback restores what the migrations put there.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-test-password"
ADD = "/admin/articles/article/add/"
# Set to a folder to keep screenshots of the story page for the README.
SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")


def change(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def story_page(open_page, live_server, django_user_model):
    """Opens a story page as a superuser (every panel and button), at a given size."""
    django_user_model.objects.create_superuser("chief", password=PASSWORD)

    def open_(path, viewport=DESKTOP):
        page = open_page(viewport)
        sign_in(page, live_server, "chief", PASSWORD)
        page.goto(f"{live_server.url}{path}")
        return page

    return open_


def type_at_end(box, text):
    box.focus()
    box.press("End")
    box.press_sequentially(text)


def watch_announcements(page, selector):
    """Count the times the live region at `selector` is given something new to say."""
    page.eval_on_selector(
        selector,
        """region => {
            window.announced = [];
            new MutationObserver(() => window.announced.push(region.textContent))
                .observe(region, {childList: true, characterData: true, subtree: true});
        }""",
    )
    return lambda: page.evaluate("window.announced")


def test_headline_count_warns_past_110_and_the_server_refuses_it(story_page, make_article):
    story = make_article(headline="Short", status="draft", publish_at=None)
    page = story_page(change(story))
    headline = page.locator("#id_headline")
    count = page.locator("#id_headline_count")
    assert "id_headline_count" in headline.get_attribute("aria-describedby").split()
    announced = watch_announcements(page, ".field-headline .counted__alert")

    headline.fill("A" * 108)
    expect(count).to_contain_text("108 of 110 characters")
    type_at_end(headline, "BBBBB")  # past the limit, and on past it
    expect(count).to_contain_text("113 of 110 characters: 3 too many")
    expect(count).to_have_class("counted__count counted__count--over")
    assert announced() == ["Headline is over 110 characters: shorten it to save."]

    for _ in range(4):
        headline.press("Backspace")
    expect(count).to_contain_text("109 of 110 characters")
    expect(count).to_have_class("counted__count")
    assert announced()[1:] == ["Headline is within 110 characters again."]  # once each way

    type_at_end(headline, "CC")
    page.click("input[name=_continue]")
    expect(page.locator(".field-headline .errorlist")).to_contain_text(
        "Keep the headline to 110 characters or fewer (it has 111)"
    )
    expect(page.locator("#id_headline_count")).to_have_class("counted__count counted__count--over")
    story.refresh_from_db()
    assert story.headline == "Short"


def test_standfirst_and_search_fields_count_too(story_page, make_article):
    story = make_article(status="draft", publish_at=None)
    page = story_page(change(story))
    page.fill("#id_standfirst", "s" * 170)
    expect(page.locator("#id_standfirst_count")).to_contain_text("170 of 400 characters")
    expect(page.locator("#id_standfirst_count")).to_contain_text("about the first 160")
    page.click("#fieldsetcollapser3, summary:has-text('Search engines')")
    page.fill("#id_seo_title", "t" * 72)
    expect(page.locator("#id_seo_title_count")).to_contain_text("72 of 70 characters: 2 too many")


def test_slug_follows_the_headline_on_a_new_story_until_typed_by_hand(story_page, section):
    page = story_page(ADD)
    page.locator("#id_headline").press_sequentially("Pom’s big night!")
    assert page.input_value("#id_slug") == "poms-big-night"
    page.fill("#id_slug", "")
    page.locator("#id_slug").press_sequentially("big-night")
    type_at_end(page.locator("#id_headline"), " Again")
    assert page.input_value("#id_slug") == "big-night"  # the writer's own, kept

    page.fill("#id_slug", "")  # emptied: it follows again
    type_at_end(page.locator("#id_headline"), "!")
    assert page.input_value("#id_slug") == "poms-big-night-again"
    choose_autocomplete(page, "section", section.name)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get().slug == "poms-big-night-again"


def test_slug_follows_on_a_story_never_live_and_stays_on_one_that_was(story_page, make_article):
    draft = make_article(
        headline="Star spotted", slug="star-spotted", status="draft", publish_at=None
    )
    page = story_page(change(draft))
    page.fill("#id_headline", "")
    page.locator("#id_headline").press_sequentially("Star seen leaving early")
    assert page.input_value("#id_slug") == "star-seen-leaving-early"
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    draft.refresh_from_db()
    assert draft.slug == "star-seen-leaving-early"

    live = make_article(headline="Star spotted live", slug="star-spotted-live")
    page.goto(page.url.split("/admin/")[0] + change(live))
    type_at_end(page.locator("#id_headline"), " and more")
    assert page.input_value("#id_slug") == "star-spotted-live"


def test_chosen_picture_shows_beside_the_picker_and_changes_with_it(
    story_page, make_article, make_image
):
    first = make_image(alt_text="Pom at the premiere", size=(800, 600))
    second = make_image(alt_text="Tom on the red carpet", size=(800, 600))
    story = make_article(hero_image=first, status="draft", publish_at=None)
    page = story_page(change(story))
    preview = page.locator(".field-hero_image img[data-picture-preview]")
    expect(preview).to_be_visible()
    assert preview.get_attribute("src") == images.small_url(first)

    choose_autocomplete(page, "hero_image", "Tom on the red")
    expect(preview).to_have_attribute("src", images.small_url(second))
    assert "/renditions/" in preview.get_attribute("src")
    assert preview.evaluate("img => img.complete && img.naturalWidth > 0")

    page.click(".field-hero_image .select2-selection__clear")
    expect(preview).to_be_hidden()


def assert_fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"
    for selector in ["#id_headline", ".ProseMirror[contenteditable=true]", "input[name=_save]"]:
        element = page.locator(selector)
        element.scroll_into_view_if_needed()
        expect(element).to_be_visible()
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
        assert box["width"] >= 200, selector  # big enough to use with a thumb


def test_new_story_fits_a_360_pixel_phone_and_saves(story_page, section):
    page = story_page(ADD, PHONE)
    assert_fits_a_phone(page)
    page.locator("#id_headline").press_sequentially("Written on a phone")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Typed with thumbs.")
    choose_autocomplete(page, "section", section.name)
    assert_fits_a_phone(page)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    story = Article.objects.get()
    assert story.slug == "written-on-a-phone" and "Typed with thumbs." in story.body


def test_story_with_the_desks_panels_fits_a_360_pixel_phone(
    story_page, make_article, make_image, make_person
):
    story = make_article(
        headline="Pom Klementieff asked Tom Cruise to land a real kick",
        status="review",
        publish_at=None,
        hero_image=make_image(size=(800, 600)),
        people=[make_person(name="Pom Klementieff"), make_person(name="Christopher McQuarrie")],
        body="<p>" + "A long paragraph of the story. " * 40 + "</p>",
    )
    page = story_page(change(story), PHONE)
    expect(page.locator(".desk-checks")).to_be_visible()
    expect(page.locator(".desk-panel").first).to_be_visible()
    assert_fits_a_phone(page)
    page.locator("#id_standfirst").fill("Edited on a phone.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert_fits_a_phone(page)
    story.refresh_from_db()
    assert story.standfirst == "Edited on a phone."


def test_on_a_desktop_the_words_use_the_width_of_the_page(story_page):
    page = story_page(ADD, DESKTOP)
    headline = page.locator("#id_headline").bounding_box()
    body = page.locator(".ProseMirror[contenteditable=true]").bounding_box()
    assert headline["width"] > 700  # not Django's 20em box
    assert abs(body["width"] - headline["width"]) < 40
    size = page.locator("#id_headline").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 22  # set in large type


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_demos_lead_story_as_an_editor_sees_it(
    open_page, live_server, django_user_model, viewport, name
):
    call_command("load_demo", verbosity=0)
    make_member(django_user_model, "eddie", "Editors")
    story = Article.objects.get(slug="pom-klementieff-asked-tom-cruise-to-kick-her")
    page = open_page(viewport)
    sign_in(page, live_server, "eddie", PASSWORD)
    page.goto(f"{live_server.url}{change(story)}")
    expect(page.locator(".field-hero_image img[data-picture-preview]")).to_be_visible()
    expect(page.locator("#id_headline_count")).to_contain_text("64 of 110 characters")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if SCREENSHOTS:
        page.locator("#id_headline").blur()
        if name == "desktop":
            picture = page.locator(".field-hero_image").bounding_box()
            bottom = picture["y"] + picture["height"] + 8
            clip = {"x": 0, "y": 0, "width": viewport["width"], "height": bottom}
            page.screenshot(path=f"{SCREENSHOTS}/story-page-{name}.png", clip=clip, full_page=True)
        else:  # a phone's screen, scrolled to the words
            page.locator(".field-headline").evaluate("row => row.scrollIntoView()")
            page.screenshot(path=f"{SCREENSHOTS}/story-page-{name}.png")
