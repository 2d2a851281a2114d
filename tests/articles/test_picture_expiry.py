"""A picture whose licence ends leaves every public surface at that second, with no job run.

Story pages, cards, share cards, JSON-LD, feeds, people's photos, posters and the image
sitemap show its stand-in instead, or no picture; cached pages and pieces never outlive
it. The rule itself: newsroom.models.unexpired, Image.objects.shown, Image.to_show.
"""

import datetime
import json
import re
import time
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import pictures
from newsroom import pagecache
from newsroom.models import Image
from tests.articles.test_workflow import change_form_data

LONDON = zoneinfo.ZoneInfo("Europe/London")
NINE = datetime.datetime(2026, 11, 24, 9, 0, 0, tzinfo=LONDON)
SECOND = datetime.timedelta(seconds=1)


def traces(image):
    """What would show a picture was there: its alt text and its files' names."""
    names = [image.file.name, *(r.file.name for r in image.renditions.all() if r.file)]
    return [image.alt_text, *names]


def shows(text, image):
    return [trace for trace in traces(image) if trace in text]


@pytest.fixture
def scene(make_article, make_image, make_person, make_production):
    """A story, a person and a production, each showing a picture licensed until NINE."""
    ending = {"expire_at": NINE}
    photo = make_image(alt_text="Ends photo: the actor at home", **ending)
    poster = make_image(alt_text="Ends poster: the film's one-sheet", **ending)
    hero = make_image(alt_text="Ends hero: the couple in Rome", **ending)
    person = make_person(name="Ana de Armas", slug="ana-de-armas", photo=photo)
    production = make_production(title="Ballerina", slug="ballerina", poster=poster)
    story = make_article(
        headline="Ana de Armas films in Prague",
        slug="ana-films-in-prague",
        publish_at=NINE - datetime.timedelta(hours=2),
        hero_image=hero,
        hero_caption="The couple in Rome last spring",
        people=[person],
        productions=[production],
    )
    return {"story": story, "person": person, "production": production, "hero": hero}


def surfaces(scene):
    """(address, the picture it shows) for every public surface showing one of them."""
    hero = scene["hero"]
    return [
        (scene["story"].get_absolute_url(), hero),  # picture, og:image, JSON-LD
        ("/", hero),  # the story's card
        (scene["person"].get_absolute_url(), scene["person"].photo),
        (scene["production"].get_absolute_url(), scene["production"].poster),
        ("/feeds/latest/", hero),  # enclosure and Media RSS
        ("/sitemap-images.xml", hero),
        ("/sitemap-images.xml", scene["person"].photo),
        ("/sitemap-images.xml", scene["production"].poster),
    ]


def json_ld(text):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return [json.loads(block) for block in blocks]


def og_image(text):
    return re.search(r'<meta property="og:image" content="([^"]+)"', text).group(1)


def test_a_picture_leaves_every_surface_at_the_second_its_licence_ends(client, scene, time_machine):
    time_machine.move_to(NINE - SECOND, tick=False)
    for url, image in surfaces(scene):
        assert shows(client.get(url).content.decode(), image), url

    time_machine.move_to(NINE, tick=False)
    for url, image in surfaces(scene):
        assert shows(client.get(url).content.decode(), image) == [], url
    page = client.get(scene["story"].get_absolute_url()).content.decode()
    assert og_image(page).endswith("/static/img/share.png")  # the site's own share card
    (article,) = [block for block in json_ld(page) if block["@type"] == "NewsArticle"]
    assert article["image"] == [og_image(page)] and "thumbnailUrl" not in article
    assert "The couple in Rome" not in page  # the caption went with the picture
    person = client.get(scene["person"].get_absolute_url()).content.decode()
    assert "image" not in [b for b in json_ld(person) if b["@type"] == "Person"][0]
    feed = client.get("/feeds/latest/").content.decode()
    assert "<enclosure" not in feed and "<media:content" not in feed


def test_the_stand_in_shows_once_the_licence_ends(client, scene, make_image, time_machine):
    time_machine.move_to(NINE - SECOND, tick=False)
    stand_in = make_image(alt_text="Stand-in: the set in Prague", caption="On set in Prague")
    hero = scene["hero"]
    hero.replace_with = stand_in
    hero.save()
    page = client.get(scene["story"].get_absolute_url()).content.decode()
    assert shows(page, hero) and not shows(page, stand_in)

    time_machine.move_to(NINE, tick=False)
    for url in [scene["story"].get_absolute_url(), "/", "/feeds/latest/", "/sitemap-images.xml"]:
        text = client.get(url).content.decode()
        assert shows(text, hero) == [] and shows(text, stand_in), url
    page = client.get(scene["story"].get_absolute_url()).content.decode()
    assert "On set in Prague" in page and "The couple in Rome" not in page
    assert stand_in.renditions.get(kind="og").file.name in og_image(page)
    (article,) = [block for block in json_ld(page) if block["@type"] == "NewsArticle"]
    assert all("/renditions/" in url for url in article["image"])


def test_a_stand_in_whose_own_licence_ended_is_not_shown(scene, make_image, time_machine):
    time_machine.move_to(NINE - SECOND, tick=False)
    stand_in = make_image(expire_at=NINE - datetime.timedelta(hours=1))
    hero = scene["hero"]
    hero.replace_with = stand_in
    hero.save()
    assert hero.to_show() == hero
    time_machine.move_to(NINE, tick=False)
    assert hero.to_show() is None
    assert not hero.is_shown() and not stand_in.is_shown()
    assert list(Image.objects.shown().filter(pk__in=[hero.pk, stand_in.pk])) == []


def test_cached_pages_live_no_longer_than_the_next_licence_end(
    client, scene, settings, time_machine
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    time_machine.move_to(NINE - datetime.timedelta(seconds=42), tick=False)
    url = scene["story"].get_absolute_url()
    response = client.get(url)
    assert "max-age=42" in response["Cache-Control"]
    assert pagecache.next_change() == NINE
    time_machine.move_to(NINE, tick=False)
    assert shows(client.get(url).content.decode(), scene["hero"]) == []


@pytest.mark.parametrize("with_stand_in", [False, True], ids=["no stand-in", "stand-in"])
def test_on_the_real_clock_no_page_started_after_the_end_shows_the_picture(
    client, make_article, make_image, settings, with_stand_in
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 600
    for n in range(20):  # enough stories that each page takes a little while to make
        make_article(headline=f"Filler story {n}", slug=f"filler-{n}", hero_image=make_image())
    stand_in = make_image(alt_text="Stand-in on the real clock") if with_stand_in else None
    moment = timezone.now() + SECOND
    hero = make_image(alt_text="Ends on the real clock", expire_at=moment, replace_with=stand_in)
    story = make_article(headline="Real clock story", slug="real-clock-story", hero_image=hero)
    urls = [story.get_absolute_url(), "/feeds/latest/", "/"]
    assert time.time() < moment.timestamp(), "setting up took longer than the second"
    assert all(shows(client.get(url).content.decode(), hero) for url in urls)

    wrong, requests_after = [], 0
    while time.time() < moment.timestamp() + 1.5:
        for url in urls:
            started = time.time()
            text = client.get(url).content.decode()
            if started > moment.timestamp():
                requests_after += 1
                if shows(text, hero) or (stand_in and not shows(text, stand_in)):
                    wrong.append((url, round(started - moment.timestamp(), 3)))
    assert requests_after > 10
    assert not wrong, f"pages started after the licence ended still showed it: {wrong[:5]}"


def test_image_sitemap_lists_only_pictures_readers_may_see_now(client, scene, time_machine):
    time_machine.move_to(NINE, tick=False)
    sitemap = client.get("/sitemap-images.xml").content.decode()
    assert "<url>" not in sitemap  # every picture in the scene has ended, none has a stand-in
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-images.xml" in index


# --- Single use ----------------------------------------------------------------------------


@pytest.fixture
def single_use(make_article, make_image):
    picture = make_image(alt_text="Exclusive: the wedding", licence=Image.Licence.SINGLE_USE)
    first = make_article(headline="The wedding, first pictures", hero_image=picture)
    return picture, first


def test_a_single_use_picture_refuses_a_second_story(client, editor, make_article, single_use):
    picture, first = single_use
    second = make_article(headline="Second story", status="draft", publish_at=None)
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/article/{second.pk}/change/",
        change_form_data(second, hero_image=picture.pk),
    )
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["hero_image"])
    assert "licensed for a single use" in errors
    assert "“The wedding, first pictures”" in errors
    second.refresh_from_db()
    assert second.hero_image is None


def test_the_story_using_a_single_use_picture_keeps_it(client, editor, single_use):
    picture, first = single_use
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/article/{first.pk}/change/",
        change_form_data(first, hero_image=picture.pk, headline="The wedding, all the pictures"),
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.headline == "The wedding, all the pictures" and first.hero_image == picture


def test_single_use_is_checked_by_a_function_any_picker_can_call(
    make_article, make_image, make_person, single_use
):
    picture, first = single_use
    pictures.check_single_use(picture, first)  # where it is already used: fine
    with pytest.raises(ValidationError, match="The wedding, first pictures"):
        pictures.check_single_use(picture, make_article())
    reusable = make_image(licence=Image.Licence.SUBSCRIPTION)
    make_article(hero_image=reusable)
    pictures.check_single_use(reusable, make_article())  # reused as often as the desk likes
    portrait = make_image(licence=Image.Licence.SINGLE_USE)
    make_person(name="Ana de Armas", photo=portrait)
    with pytest.raises(ValidationError, match="photo of person “Ana de Armas”"):
        pictures.check_single_use(portrait, make_article())


def test_a_storys_picture_panel_shows_the_pictures_rights(client, editor, single_use):
    picture, first = single_use
    picture.licensor = "Wire Pictures"
    picture.excluded_territories = ["FR"]
    picture.usage_terms = "Editorial use only."
    picture.save()
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{first.pk}/change/").content.decode()
    expected = "Agency, single use; from Wire Pictures; not to be shown in FR; Editorial use only."
    assert expected in page


# --- The desk's dashboard ------------------------------------------------------------------


def test_dashboard_lists_pictures_whose_licence_ends_within_a_week_with_their_stories(
    client, editor, make_article, make_image, time_machine
):
    time_machine.move_to(NINE, tick=False)
    soon = make_image(
        alt_text="Ends on Friday", expire_at=NINE + datetime.timedelta(days=3), licensor="Wire"
    )
    soon.excluded_territories = ["FR", "DE"]
    soon.save()
    make_image(alt_text="Ends next month", expire_at=NINE + datetime.timedelta(days=30))
    make_image(alt_text="Ended yesterday", expire_at=NINE - datetime.timedelta(days=1))
    live = make_article(headline="Live story with it", hero_image=soon)
    draft = make_article(headline="Draft with it", hero_image=soon, status="draft")
    make_article(headline="Withdrawn with it", hero_image=soon, status="withdrawn")
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert "Pictures whose licence ends in the next 7 days" in page
    assert "Ends on Friday" in page and "not shown in FR, DE" in page and "Wire" in page
    assert "Then no picture is shown." in page
    assert "Ends next month" not in page and "Ended yesterday" not in page
    for story in (live, draft):
        assert f'href="/admin/articles/article/{story.pk}/change/"' in page
    assert "Withdrawn with it" not in page
    assert f'href="/admin/newsroom/image/{soon.pk}/change/"' in page
