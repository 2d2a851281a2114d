"""A writer puts a library picture in a story's body; the reader gets it as renditions."""

import re

import pytest

from articles.models import Article
from tests.blocks.conftest import providers  # noqa: F401  (the stand-in oEmbed server)
from tests.browser.conftest import sign_in
from tests.browser.test_editing import choose_autocomplete

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def insert_library_picture(page, search, alt):
    page.click("button[title='Picture from the library or an upload']")
    dialog = page.locator("dialog.blocks-dialog")
    dialog.locator("input[type=search]").fill(search)
    dialog.locator(f".blocks-picture:has-text('{search}')").first.click()
    dialog.locator("input[name=alt]").fill(alt)
    dialog.locator("button:has-text('Insert picture')").click()
    page.wait_for_selector("dialog.blocks-dialog", state="detached")


def test_inline_picture_reaches_the_reader_as_renditions_with_its_words(
    desktop_page, live_server, django_user_model, section, make_image
):
    page = desktop_page
    make_image(alt_text="Ruth Wilson on the red carpet", size=(1600, 1000), credit="Agency")
    django_user_model.objects.create_superuser("chief", password="a-long-test-password")
    sign_in(page, live_server, "chief", "a-long-test-password")

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("A red carpet in pictures")
    page.locator(".ProseMirror[contenteditable=true]").focus()
    page.keyboard.type("Before the picture.")
    page.keyboard.press("Enter")
    insert_library_picture(page, "Ruth Wilson", "Ruth Wilson waves to the crowd")
    assert page.locator(".ProseMirror .blocks-card--picture img").count() == 1
    choose_autocomplete(page, "section", section.name)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get()
    assert 'class="story-picture"' in article.body
    assert 'data-alt="Ruth Wilson waves to the crowd"' in article.body
    # The editor reads back what it stored: the picture is still there after the save.
    assert page.locator(".ProseMirror .blocks-card--picture").count() == 1
    for button in ["Submit for review", "Approve", "Publish now"]:
        page.click(f"button:has-text('{button}')")
        page.wait_for_selector(f".messagelist .success:has-text('{button}: done')")

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    picture = page.locator(".article__body figure.story-picture img")
    assert picture.get_attribute("alt") == "Ruth Wilson waves to the crowd"
    assert "w," in picture.get_attribute("srcset")
    assert picture.get_attribute("loading") == "lazy"
    assert "-width" in picture.get_attribute("src")  # a rendition, not the master
    assert (
        page.locator(".article__body figure.story-picture figcaption small").text_content()
        == "Agency"
    )


def test_pull_quote_and_key_points_from_the_toolbar(
    desktop_page, live_server, django_user_model, section
):
    page = desktop_page
    django_user_model.objects.create_superuser("chief", password="a-long-test-password")
    sign_in(page, live_server, "chief", "a-long-test-password")

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Quotes and points")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.focus()
    page.keyboard.type("I would do it all again.")
    page.click("button[title='Pull quote']")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.click("button[title='Key points']")
    page.keyboard.type("She won")
    page.keyboard.press("Enter")
    page.keyboard.type("He wept")
    choose_autocomplete(page, "section", section.name)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    body = Article.objects.get().body
    assert '<blockquote class="pull-quote"><p>I would do it all again.</p></blockquote>' in body
    assert '<ul class="key-points"><li><p>She won</p></li><li><p>He wept</p></li></ul>' in body


PASTE = """(url) => {
  const data = new DataTransfer()
  data.setData("text/plain", url)
  const editor = document.querySelector(".ProseMirror[contenteditable=true]")
  const options = {clipboardData: data, bubbles: true, cancelable: true}
  editor.dispatchEvent(new ClipboardEvent("paste", options))
}"""


def test_picture_and_pasted_video_reach_the_reader_loading_nothing_outside_until_asked(
    desktop_page,
    live_server,
    django_user_model,
    section,
    make_image,
    providers,  # noqa: F811
):
    page = desktop_page
    make_image(alt_text="Ruth Wilson on the red carpet", size=(1600, 1000), credit="Agency")
    django_user_model.objects.create_superuser("chief", password="a-long-test-password")
    sign_in(page, live_server, "chief", "a-long-test-password")

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("The trailer everyone is talking about")
    page.locator(".ProseMirror[contenteditable=true]").focus()
    page.keyboard.type("First, the picture.")
    page.keyboard.press("Enter")
    insert_library_picture(page, "Ruth Wilson", "Ruth Wilson waves to the crowd")
    page.keyboard.press("Enter")
    # A YouTube link pasted alone becomes a card, filled from the provider's answer.
    page.evaluate(PASTE, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    page.wait_for_selector(".ProseMirror .blocks-card--embed")
    choose_autocomplete(page, "section", section.name)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert 'class="story-embed"' in article.body and "data-embed-thumbnail" in article.body
    for button in ["Submit for review", "Approve", "Publish now"]:
        page.click(f"button:has-text('{button}')")
        page.wait_for_selector(f".messagelist .success:has-text('{button}: done')")

    reader = page.context.new_page()
    asked = []
    reader.on("request", lambda request: asked.append(request.url))
    reader.route(re.compile(r"^https?://"), lambda route: route.abort())  # no internet
    reader.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(content_type="text/html", body="<p>player</p>"),
    )
    reader.route(f"{live_server.url}/**", lambda route: route.continue_())
    reader.goto(f"{live_server.url}{article.get_absolute_url()}")
    reader.wait_for_load_state("networkidle")

    picture = reader.locator(".article__body figure.story-picture img")
    assert picture.get_attribute("alt") == "Ruth Wilson waves to the crowd"
    assert "w," in picture.get_attribute("srcset")
    assert [url for url in asked if not url.startswith(live_server.url)] == []

    with reader.expect_request("https://www.youtube-nocookie.com/embed/**"):
        reader.click("button:has-text('Play the video')")
    assert reader.locator("iframe[src*='youtube-nocookie.com/embed/dQw4w9WgXcQ']").count() == 1


PASTE_PICTURE = """async (bytes) => {
  const file = new File([new Uint8Array(bytes)], "pasted.jpg", {type: "image/jpeg"})
  const data = new DataTransfer()
  data.items.add(file)
  const editor = document.querySelector(".ProseMirror[contenteditable=true]")
  const options = {clipboardData: data, bubbles: true, cancelable: true}
  editor.dispatchEvent(new ClipboardEvent("paste", options))
}"""


def test_a_pasted_picture_joins_the_library_with_its_words_instead_of_vanishing(
    desktop_page, live_server, django_user_model, section
):
    from newsroom.models import Image
    from tests.conftest import jpeg_bytes

    page = desktop_page
    django_user_model.objects.create_superuser("chief", password="a-long-test-password")
    sign_in(page, live_server, "chief", "a-long-test-password")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("A picture from the clipboard")
    page.locator(".ProseMirror[contenteditable=true]").focus()
    page.evaluate(PASTE_PICTURE, list(jpeg_bytes((640, 480))))
    dialog = page.locator("dialog.blocks-dialog")
    dialog.locator("input[name=alt]").fill("The couple leave the chapel")
    dialog.locator("input[name=credit]").fill("Agency")
    dialog.locator("button:has-text('Insert picture')").click()
    page.wait_for_selector(".ProseMirror .blocks-card--picture")
    choose_autocomplete(page, "section", section.name)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    image = Image.objects.get()
    assert image.alt_text == "The couple leave the chapel" and image.credit == "Agency"
    assert f'data-picture="{image.pk}"' in Article.objects.get().body
