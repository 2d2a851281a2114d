"""A full disk: uploads refused with a message and nothing left behind; renditions made later.

The storage is the real local one with a disk that fills up (tests/newsroom/full_disk.py):
the file that no longer fits is cut short, as on a real full disk.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from newsroom import images, tasks
from newsroom.files import NoRoom
from newsroom.models import Image, Rendition
from tests.newsroom import pictures
from tests.newsroom.full_disk import fill_disk, make_room
from tests.newsroom.test_image_admin import ADD_URL, UPLOAD_URL, add_form, media_files, upload

NO_ROOM = "The server has no room for this picture"
WIDTHS = [320, 640, 960, 1280, 1920]


@pytest.fixture(autouse=True)
def _widths(settings):
    settings.NEWSROOM_RENDITION_WIDTHS = WIDTHS


def stored(settings):
    return {str(path.relative_to(settings.MEDIA_ROOT)) for path in media_files(settings)}


def add_image(data=None, **fields):
    data = data or pictures.phone_jpeg(size=(700, 500))
    fields = {"alt_text": "A picture", "credit": "Agency", **fields}
    return Image.objects.create(file=ContentFile(data, name="photo.jpg"), **fields)


def refusal(response):
    return " ".join(response.context["adminform"].form.errors.get("file", []))


# --- Uploads ---------------------------------------------------------------------------


# 700 px wide: a master, then WebP and JPEG at 320, 640 and 700, and the share crop.
@pytest.mark.parametrize(
    "room_for", [0, 1, 6], ids=["master cut short", "first rendition cut short", "half made"]
)
def test_upload_on_a_full_disk_is_refused_with_a_message_and_leaves_nothing(
    staff_client, settings, room_for
):
    fill_disk(settings, room_for)
    data = add_form(pictures.phone_jpeg(size=(700, 500)), caption="On the steps of the Met")
    response = staff_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert NO_ROOM in refusal(response)
    # Their words are still in the form.
    assert 'value="Taylor Swift waves to fans"' in response.text
    assert 'value="On the steps of the Met"' in response.text
    assert Image.objects.count() == 0 and Rendition.objects.count() == 0
    assert media_files(settings) == []


def test_upload_from_a_picture_picker_on_a_full_disk_is_refused_in_its_window(
    staff_client, settings
):
    fill_disk(settings, room_for=3)
    url = f"{ADD_URL}?_to_field=id&_popup=1"
    response = staff_client.post(url, {**add_form(pictures.phone_jpeg()), "_popup": "1"})
    assert response.status_code == 200
    assert response.context["is_popup"]
    assert NO_ROOM in refusal(response)
    assert Image.objects.count() == 0 and media_files(settings) == []


def test_upload_several_on_a_full_disk_stores_none_of_the_set(staff_client, settings):
    # Room for the first picture (a master and five renditions) and part of the second.
    fill_disk(settings, room_for=8)
    files = [upload(pictures.phone_jpeg(size=(600, 400)), f"set-{n}.jpg") for n in range(3)]
    response = staff_client.post(UPLOAD_URL, {"files": files, "credit": "Getty Images"})
    assert response.status_code == 200
    assert NO_ROOM in " ".join(response.context["form"].errors["files"])
    assert 'value="Getty Images"' in response.text
    assert Image.objects.count() == 0 and Rendition.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("change", "room_for"),
    [({}, 2), ({"focal_x": "0.9"}, 0)],  # a new file; a new focal point (a new share crop)
    ids=["new file", "new focal point"],
)
def test_change_on_a_full_disk_keeps_the_picture_as_it_was(
    staff_client, settings, make_image, change, room_for
):
    image = make_image(alt_text="Before")
    files, renditions = stored(settings), set(image.renditions.values_list("pk", "file"))
    fill_disk(settings, room_for)
    data = add_form(pictures.phone_jpeg(size=(700, 500)), alt_text="After", **change)
    if change:
        del data["file"]  # the picture stays; only its crop is remade
    response = staff_client.post(f"/admin/newsroom/image/{image.pk}/change/", data)
    assert response.status_code == 200
    assert NO_ROOM in refusal(response)
    assert 'value="After"' in response.text
    image.refresh_from_db()
    assert image.alt_text == "Before" and image.focal_x == 0.5
    assert set(image.renditions.values_list("pk", "file")) == renditions
    assert stored(settings) == files


def test_saving_on_a_full_disk_raises_no_room_and_leaves_nothing(db, settings):
    fill_disk(settings, room_for=4)
    with pytest.raises(NoRoom):
        add_image()
    assert Image.objects.count() == 0 and Rendition.objects.count() == 0
    assert media_files(settings) == []


# --- Renditions made for readers --------------------------------------------------------


def forget_renditions(image):
    """As if the widths changed: the picture has none of its renditions yet."""
    image.renditions.all().delete()
    Image.objects.filter(pk=image.pk).update(renditions_index=[])


def test_a_fallback_that_finds_no_room_is_still_a_picture_and_is_kept_once_there_is_room(
    client, settings, make_article
):
    image = add_image()
    article = make_article(hero_image=image)
    forget_renditions(image)
    image.refresh_from_db()
    files = stored(settings)
    fill_disk(settings, room_for=0)
    text = client.get(article.get_absolute_url()).text
    fallback = images.fallback_url(image)
    assert f'src="{fallback}"' in text  # never the master, while renditions lack
    answer = client.get(fallback)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert not Rendition.objects.filter(file="").exists()
    assert stored(settings) == files  # made in memory, nothing cut short left behind
    make_room(settings)
    assert client.get(fallback).status_code == 200
    text = client.get(article.get_absolute_url()).text
    assert ".webp 700w" in text and ".jpeg 320w" in text
    assert image.renditions.exclude(file="").count() == 2 * 3 + 4
    assert len(stored(settings)) == len(files) + 2 * 3 + 4


def test_a_rendition_left_empty_by_an_old_failure_is_made_again(client, make_article):
    image = add_image()
    article = make_article(hero_image=image)
    Rendition.objects.filter(image=image, format="webp").update(file="")
    images.record(image)
    text = client.get(article.get_absolute_url()).text
    assert ".jpeg 700w" in text and ".webp" not in text  # the best there is meanwhile
    tasks.make_renditions.enqueue(image.pk)
    assert ".webp 700w" in client.get(article.get_absolute_url()).text
    assert not image.renditions.filter(file="").exists()


def test_a_rendition_abandoned_long_ago_is_made_again(db):
    image = add_image()
    forget_renditions(image)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    image.renditions.create(kind="og", width=1200, height=630, format="jpeg", making_since=long_ago)
    made = images.make_renditions(image)
    assert ("og", 1200) in {(r.kind, r.width) for r in made}
    assert image.renditions.get(kind="og").file
