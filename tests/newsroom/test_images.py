"""The image library: cleaned masters, renditions, crops, and pages that do no picture work."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage

from newsroom import images
from newsroom.models import Image, Rendition
from tests.newsroom import pictures

WIDTHS = [320, 640, 960, 1280, 1920]


@pytest.fixture(autouse=True)
def _widths(settings):
    settings.NEWSROOM_RENDITION_WIDTHS = WIDTHS


def add_image(data, name="photo.jpg", **fields):
    fields = {"alt_text": "A picture", "credit": "Agency", **fields}
    return Image.objects.create(file=ContentFile(data, name=name), **fields)


def served_files(image):
    """Every file a reader could be given for `image`: the master and each rendition."""
    return [image.file, *(r.file for r in image.renditions.all())]


def read(field_file):
    with field_file.open("rb") as stored:
        return stored.read()


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- Safety and privacy --------------------------------------------------------------


def test_no_served_file_carries_location_or_camera_data(db):
    image = add_image(pictures.phone_jpeg(size=(2000, 1500)), name="IMG_0042.jpg")
    files = served_files(image)
    # master, WebP + JPEG per width, four crops (share card, 16:9, 4:3, 1:1)
    assert len(files) == 1 + 2 * len(WIDTHS) + 4
    for field_file in files:
        data = read(field_file)
        picture = PILImage.open(io.BytesIO(data))
        assert not picture.getexif().get_ifd(pictures.GPS_IFD), field_file.name
        # Renditions carry the credit (Artist) and nothing else of EXIF: see test_picture_rights.
        assert set(picture.getexif()) <= {pictures.EXIF_ARTIST}, field_file.name
        # Whole words: three letters such as "GPS" turn up by chance in compressed noise.
        assert b"GPSLatitude" not in data and b"WGS-84" not in data and b"PhoneMaker" not in data
        assert "icc_profile" not in picture.info, field_file.name
    master = PILImage.open(io.BytesIO(read(image.file)))
    assert not master.getexif() and not {"exif", "xmp"} & set(master.info)


def test_stored_names_are_generated_and_the_uploaders_name_kept_as_data(db):
    image = add_image(pictures.phone_jpeg(), name="Kim at the Met Gala (exclusive).jpg")
    assert image.original_filename == "Kim at the Met Gala (exclusive).jpg"
    for field_file in served_files(image):
        assert "Kim" not in field_file.name and "Gala" not in field_file.name


def test_orientation_6_is_served_upright(db):
    # Stored 400 wide and 300 high; the camera says "turn 90° clockwise to view".
    image = add_image(pictures.marked_jpeg((400, 300), orientation=6))
    assert (image.width, image.height) == (300, 400)
    master = PILImage.open(io.BytesIO(read(image.file)))
    assert master.size == (300, 400)
    # The stored top-left corner is now the top-right one.
    assert master.getpixel((280, 20))[0] > 200
    assert master.getpixel((20, 20))[2] > 200
    for rendition in image.renditions.filter(kind=Rendition.Kind.WIDTH):
        served = PILImage.open(io.BytesIO(read(rendition.file)))
        assert served.height > served.width


def test_colour_profile_is_converted_to_srgb(db):
    # Red pixels in a profile whose "red" is sRGB's green: a browser shows them green.
    image = add_image(pictures.red_in_swapped_profile(), name="tagged.png")
    for field_file in served_files(image):
        served = PILImage.open(io.BytesIO(read(field_file))).convert("RGB")
        red, green, blue = served.getpixel((served.width // 2, served.height // 2))
        assert green > 200 and red < 60, field_file.name
        assert "icc_profile" not in served.info


def test_transparent_png_keeps_transparency_in_master_and_webp(db):
    picture = PILImage.new("RGBA", (700, 500), (255, 0, 0, 0))
    image = add_image(pictures.encode(picture, "PNG"), name="logo.png")
    assert image.file.name.endswith(".png")
    webp = image.renditions.filter(format=Rendition.Format.WEBP).first()
    assert PILImage.open(io.BytesIO(read(webp.file))).mode == "RGBA"


# --- Renditions ------------------------------------------------------------------------


def test_renditions_come_in_each_width_as_webp_and_jpeg_plus_four_crops(db):
    image = add_image(pictures.phone_jpeg(size=(2400, 1600)))
    made = {(r.kind, r.width, r.height, r.format) for r in image.renditions.all()}
    expected = {
        ("width", w, round(1600 * w / 2400), f) for w in WIDTHS for f in ("webp", "jpeg")
    } | {
        ("og", 1200, 630, "jpeg"),
        ("wide", 1200, 675, "jpeg"),
        ("standard", 1200, 900, "jpeg"),
        ("square", 1200, 1200, "jpeg"),
    }
    assert made == expected
    for rendition in image.renditions.all():
        served = PILImage.open(io.BytesIO(read(rendition.file)))
        assert served.size == (rendition.width, rendition.height)
        assert served.format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]


def test_a_small_picture_is_never_enlarged_but_gets_its_own_width(db):
    image = add_image(pictures.phone_jpeg(size=(500, 400)))
    widths = sorted({r.width for r in image.renditions.filter(kind="width")})
    assert widths == [320, 500]


@pytest.mark.parametrize("focal", [(0.5, 0.5), (0.0, 0.0), (1.0, 1.0), (0.9, 0.1), (0.05, 0.95)])
@pytest.mark.parametrize("size", [(6000, 4000), (1000, 3000), (1200, 630), (50, 40)])
@pytest.mark.parametrize("ratio", [1200 / 630, 1.0, 4 / 5])
def test_every_crop_keeps_the_focal_point_in_frame(focal, size, ratio):
    left, top, right, bottom = images.crop_box(size, focal, ratio)
    assert 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]
    assert left <= focal[0] * size[0] <= right
    assert top <= focal[1] * size[1] <= bottom
    assert (right - left) / (bottom - top) == pytest.approx(ratio, rel=0.05)
    # As large as fits: one side uses the whole picture.
    assert right - left == size[0] or bottom - top == size[1]


def test_og_crop_is_1200_by_630_around_the_focal_point(db):
    # A very wide picture with a red dot far to the right: a centred crop would miss it.
    size, dot = (3600, 1000), (0.92, 0.3)
    image = add_image(pictures.dot_jpeg(size, dot), focal_x=dot[0], focal_y=dot[1])
    og = image.renditions.get(kind="og")
    crop = PILImage.open(io.BytesIO(read(og.file)))
    assert crop.size == (1200, 630)
    left, top, right, bottom = images.crop_box(size, dot, 1200 / 630)
    scale = 1200 / (right - left)
    x, y = (dot[0] * size[0] - left) * scale, (dot[1] * size[1] - top) * scale
    red, green, _ = crop.getpixel((round(x), round(y)))
    assert red > 200 and green < 80


def test_moving_the_focal_point_remakes_only_the_og_crop(db):
    image = add_image(pictures.phone_jpeg(size=(2400, 1000)))
    widths_before = set(image.renditions.filter(kind="width").values_list("file", flat=True))
    og_before = image.renditions.get(kind="og").file.name
    image.focal_x = 0.1
    image.save()
    assert image.renditions.get(kind="og").file.name != og_before
    assert set(image.renditions.filter(kind="width").values_list("file", flat=True)) == (
        widths_before
    )


def test_og_image_url_is_absolute_and_points_at_the_crop(db, settings):
    image = add_image(pictures.phone_jpeg())
    url = images.og_image_url(image)
    assert url.startswith(settings.SITE_URL + "/media/images/renditions/")
    assert url.endswith(image.renditions.get(kind="og").file.name.rsplit("/", 1)[1])
    assert images.og_image_url(None) == ""


def test_a_rendition_being_made_elsewhere_is_not_made_again(db):
    image = add_image(pictures.phone_jpeg(size=(500, 360)))
    image.renditions.all().delete()
    # Another request has claimed the 320 WebP: its row exists, its file not yet.
    taken = image.renditions.create(
        kind="width", width=320, height=230, format="webp", making_since=timezone.now()
    )
    made = images.make_renditions(image)
    assert taken.pk not in [r.pk for r in made] and len(made) == 7
    assert image.renditions.count() == 2 * 2 + 4
    assert images.make_renditions(image) == []  # nothing left to make
    assert " 320w" not in images.responsive_picture(image).webp_srcset  # not ready yet


def test_renditions_are_stored_through_the_storage_api(db, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    image = add_image(pictures.phone_jpeg(size=(800, 600)))
    assert image.renditions.count() == 2 * 3 + 4
    assert all(read(field_file) for field_file in served_files(image))
    assert media_files(settings) == []  # nothing touched the local disk


def test_rebuild_renditions_follows_new_widths_and_removes_old_files(
    db, settings, django_capture_on_commit_callbacks
):
    image = add_image(pictures.phone_jpeg(size=(2000, 1000)))
    old_files = set(media_files(settings)) - {settings.MEDIA_ROOT / image.file.name}
    settings.NEWSROOM_RENDITION_WIDTHS = [400, 800]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_renditions", verbosity=0)
    assert sorted(image.renditions.filter(kind="width").values_list("width", flat=True)) == [
        400,
        400,
        800,
        800,
    ]
    assert not old_files & set(media_files(settings))
    assert all(read(r.file) for r in image.renditions.all())


def test_rebuild_renditions_cleans_a_master_stored_before_cleaning_existed(db, settings):
    image = add_image(pictures.phone_jpeg(size=(600, 400)))
    legacy = image.file.storage.save("images/legacy.jpg", ContentFile(pictures.phone_jpeg()))
    Image.objects.filter(pk=image.pk).update(file=legacy)
    call_command("rebuild_renditions", str(image.pk), verbosity=0)
    image.refresh_from_db()
    assert image.file.name != legacy
    for field_file in served_files(image):
        data = read(field_file)
        assert b"GPSLatitude" not in data and b"WGS-84" not in data


# --- Pages -------------------------------------------------------------------------------


def test_picture_partial_offers_webp_and_jpeg_widths_with_size_and_lazy_loading(db):
    image = add_image(pictures.phone_jpeg(size=(2400, 1600)), alt_text="Zendaya on the carpet")
    image = Image.objects.get(pk=image.pk)
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string(
            "partials/_picture.html", {"image": image, "class": "card__image", "sizes": "50vw"}
        )
    assert len(queries) == 0  # the renditions are listed on the image's own row
    assert "<picture>" in html
    assert '<source type="image/webp" srcset="' in html
    for width in WIDTHS:
        assert f".webp {width}w" in html and f".jpeg {width}w" in html
    assert 'sizes="50vw"' in html
    assert 'width="2400" height="1600"' in html
    assert 'loading="lazy"' in html and 'decoding="async"' in html
    assert 'alt="Zendaya on the carpet"' in html
    assert "object-position: 50% 50%" in html


def test_picture_partial_defaults_to_full_width_and_eager_when_asked(db):
    image = Image.objects.get(pk=add_image(pictures.phone_jpeg()).pk)
    html = render_to_string("partials/_picture.html", {"image": image, "eager": True})
    assert 'sizes="100vw"' in html
    assert 'fetchpriority="high"' in html and 'loading="lazy"' not in html


def test_a_picture_whose_renditions_are_being_made_falls_back_on_the_clean_master(db):
    image = add_image(pictures.phone_jpeg(size=(500, 360)))
    # Claimed by another request, not finished yet.
    Rendition.objects.filter(image=image).update(file="", making_since=timezone.now())
    images.record(image)
    html = render_to_string("partials/_picture.html", {"image": image})
    assert f'src="{image.file.url}"' in html and "srcset" not in html
    assert Rendition.objects.filter(image=image, file="").count() == 8  # not made twice


def test_second_page_view_makes_no_renditions_and_costs_the_same_queries(
    client, settings, make_article
):
    image = add_image(pictures.phone_jpeg(size=(1000, 700)))
    article = make_article(hero_image=image)
    # As if stored before renditions existed.
    Rendition.objects.all().delete()
    Image.objects.update(renditions_index=[])
    with CaptureQueriesContext(connection) as first:
        assert client.get(article.get_absolute_url()).status_code == 200
    rows, files = Rendition.objects.count(), media_files(settings)
    assert rows == 2 * 4 + 4  # made once, at the first request
    with CaptureQueriesContext(connection) as second:
        text = client.get(article.get_absolute_url()).text
    assert Rendition.objects.count() == rows and media_files(settings) == files
    assert not [q for q in second.captured_queries if "INSERT" in q["sql"]]
    assert len(second) < len(first)
    with CaptureQueriesContext(connection) as third:
        client.get(article.get_absolute_url())
    assert len(third) == len(second)
    assert ".webp 1000w" in text


def test_home_page_query_count_does_not_grow_with_pictures(client, make_article, make_image):
    make_article(hero_image=make_image())
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for _ in range(8):
        make_article(hero_image=make_image())
    with CaptureQueriesContext(connection) as nine:
        text = client.get("/").text
    assert len(nine) == len(one)
    assert text.count("<picture>") >= 9


def test_reader_pages_never_query_renditions(client, make_article, make_person, make_image):
    person = make_person(photo=make_image())
    article = make_article(hero_image=make_image(), people=[person])
    for url in ["/", article.get_absolute_url(), person.get_absolute_url()]:
        with CaptureQueriesContext(connection) as queries:
            text = client.get(url).text
        assert "<picture>" in text
        assert not [q for q in queries.captured_queries if "newsroom_rendition" in q["sql"]]


def test_saving_a_copy_loaded_before_a_rebuild_keeps_the_new_renditions(db):
    image = add_image(pictures.phone_jpeg(size=(700, 500)))
    stale = Image.objects.get(pk=image.pk)
    call_command("rebuild_renditions", verbosity=0)
    stale.alt_text = "New words"
    stale.save()
    image.refresh_from_db()
    assert image.alt_text == "New words"
    listed = {entry["file"] for entry in image.renditions_index}
    assert listed == set(image.renditions.values_list("file", flat=True))
