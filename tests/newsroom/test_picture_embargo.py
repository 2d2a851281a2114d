"""A picture under embargo: on no public surface before its moment, there at the second it
lifts (real clock, page cache on), and on the desk only for its own people."""

import time

import pytest
from django.utils import timezone

from newsroom.models import Image
from tests.articles.test_picture_expiry import og_image, shows
from tests.conftest import make_member


@pytest.fixture
def embargoed(make_image):
    later = timezone.now() + timezone.timedelta(hours=2)
    return make_image(alt_text="Embargoed: the couple's first photo", embargo_until=later)


def test_an_embargoed_picture_is_on_no_public_surface(client, make_article, embargoed):
    story = make_article(headline="The wedding", slug="the-wedding", hero_image=embargoed)
    for url in [story.get_absolute_url(), "/", "/feeds/latest/", "/sitemap-images.xml"]:
        assert shows(client.get(url).content.decode(), embargoed) == [], url
    page = client.get(story.get_absolute_url()).content.decode()
    assert og_image(page).endswith("/static/img/share.png")
    assert list(Image.objects.shown().filter(pk=embargoed.pk)) == []


def test_its_stand_in_shows_meanwhile(client, make_article, make_image, embargoed):
    stand_in = make_image(alt_text="Stand-in: the chapel from outside")
    embargoed.replace_with = stand_in
    embargoed.save()
    story = make_article(headline="The wedding", slug="the-wedding", hero_image=embargoed)
    page = client.get(story.get_absolute_url()).content.decode()
    assert shows(page, stand_in) and not shows(page, embargoed)


def test_at_the_lift_second_it_appears_everywhere(client, settings, make_article, make_image):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    moment = timezone.now() + timezone.timedelta(seconds=1.5)
    picture = make_image(alt_text="Lifted on the real clock", embargo_until=moment)
    story = make_article(headline="Real clock wedding", slug="real-clock", hero_image=picture)
    urls = [story.get_absolute_url(), "/", "/feeds/latest/", "/sitemap-images.xml"]
    assert all(not shows(client.get(url).content.decode(), picture) for url in urls)  # cached
    time.sleep(max(0, moment.timestamp() - time.time()) + 0.05)
    for url in urls:
        assert shows(client.get(url).content.decode(), picture), url


def test_on_the_desk_only_its_own_people_see_it(
    client, django_user_model, embargoed, writer, editor, publisher
):
    uploader = make_member(django_user_model, "snapper", "Writers")
    Image.objects.filter(pk=embargoed.pk).update(uploaded_by=uploader)
    for user, sees in [(uploader, True), (editor, True), (publisher, True), (writer, False)]:
        client.force_login(user)
        found = client.get("/admin/blocks/pictures/?q=Embargoed").json()["results"]
        assert bool(found) == sees, user
        listed = client.get("/admin/newsroom/image/?q=Embargoed").content.decode()
        assert ("the couple&#x27;s first photo" in listed) == sees, user
