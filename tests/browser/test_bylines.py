"""Bylines picked in the story page's autocomplete keep the order they were picked in."""

import pytest

from articles.models import Article
from authors.models import Author
from tests.browser.conftest import sign_in
from tests.browser.test_editing import choose_autocomplete

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def picked(page):
    """The authors chosen in the byline picker, in the order the form sends them."""
    return page.eval_on_selector("#id_bylines", "s => [...s.selectedOptions].map(o => o.text)")


def test_authors_are_signed_in_the_order_they_are_picked(
    desktop_page, live_server, django_user_model, section
):
    page = desktop_page
    chief = django_user_model.objects.create_superuser(
        "chief", password="a-long-test-password", first_name="Cara", last_name="Chief"
    )
    for name in ["Agency reporter", "Bo Freelance"]:
        Author.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    sign_in(page, live_server, "chief", "a-long-test-password")

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    assert picked(page) == ["Cara Chief"]  # the writer's own
    page.locator("#id_headline").press_sequentially("Premiere night")
    choose_autocomplete(page, "section", section.name)
    choose_autocomplete(page, "bylines", "Agency reporter")
    choose_autocomplete(page, "bylines", "Bo Freelance")
    # Cara to the end: removed, then picked again.
    page.click("#id_bylines + .select2 li[title='Cara Chief'] .select2-selection__choice__remove")
    page.keyboard.press("Escape")
    choose_autocomplete(page, "bylines", "Cara Chief")
    assert picked(page) == ["Agency reporter", "Bo Freelance", "Cara Chief"]
    # Saved from the keyboard: the autosave's note can move the buttons as they are clicked.
    page.locator("#id_headline").press("Control+s")
    page.wait_for_selector(".messagelist .success")

    story = Article.objects.get()
    assert [b.author.name for b in story.bylines.all()] == [
        "Agency reporter",
        "Bo Freelance",
        "Cara Chief",
    ]
    assert Author.objects.get(user=chief).name == "Cara Chief"
