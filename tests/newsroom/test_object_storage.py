"""Media on S3-compatible storage: uploads and renditions go through Django's storage API.

A real S3 server (SeaweedFS, tests/newsroom/seaweedfs.py) answers, so the requests the
desk makes, and the URLs readers are given, are tried for real.
"""

import io
import re
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from PIL import Image as PILImage

from newsroom import images
from newsroom.models import Image
from tests.conftest import jpeg_bytes
from tests.newsroom.conftest import BUCKET
from tests.newsroom.seaweedfs import ACCESS_KEY, REGION, SECRET_KEY, free_ports
from tests.newsroom.test_settings import manage

FAR_FUTURE = "public, max-age=31536000, immutable"


def bucket_keys(s3):
    return {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def stored_names(image):
    image.refresh_from_db()
    return {image.file.name, *image.renditions.values_list("file", flat=True)}


def fetch(url):
    """What a reader's browser gets: no credentials."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read(), response.headers


@pytest.fixture
def picture(s3, db):
    return Image.objects.create(
        file=ContentFile(jpeg_bytes(size=(700, 420)), name="carpet.jpg"),
        alt_text="On the red carpet",
        credit="Agency",
    )


def test_uploaded_picture_and_its_renditions_live_in_the_bucket(s3, picture):
    names = stored_names(picture)
    assert len(names) == 1 + len(images.wanted(picture))
    assert bucket_keys(s3) == names
    assert {entry["file"] for entry in picture.renditions_index} == names - {picture.file.name}
    assert storages["default"].exists(picture.file.name)


def test_stored_master_is_the_clean_picture_with_far_future_cache_headers(s3, picture):
    stored = s3.get_object(Bucket=BUCKET, Key=picture.file.name)
    assert stored["ContentType"] == "image/jpeg"
    assert stored["CacheControl"] == FAR_FUTURE
    assert PILImage.open(io.BytesIO(stored["Body"].read())).size == (700, 420)


def test_picture_urls_on_a_story_page_are_served_by_the_bucket_to_anyone(
    client, make_article, s3, picture, seaweedfs
):
    article = make_article(hero_image=picture)
    page = client.get(article.get_absolute_url()).text
    urls = set(re.findall(rf"{re.escape(seaweedfs.endpoint_url)}/{BUCKET}/[^\s\"',]+", page))
    assert len(urls) > 2, page  # the srcsets' widths, the share card's crop
    for url in urls:
        body, headers = fetch(url)
        assert url.removeprefix(f"{seaweedfs.endpoint_url}/{BUCKET}/") in bucket_keys(s3)
        assert PILImage.open(io.BytesIO(body)).width > 0
        assert headers["Cache-Control"] == FAR_FUTURE


def with_options(settings, **options):
    """Change the S3 storage's options (Django makes the storage again)."""
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], **options}},
    }


def test_urls_name_the_cdn_host_when_one_is_set(s3, picture, settings):
    with_options(settings, custom_domain="media.example.org")
    assert storages["default"].url(picture.file.name) == (
        f"https://media.example.org/{picture.file.name}"
    )


def test_deleting_a_picture_removes_it_and_its_renditions_from_the_bucket(
    s3, picture, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    assert bucket_keys(s3) == set()


def test_a_new_upload_replaces_the_old_files_in_the_bucket(
    s3, picture, django_capture_on_commit_callbacks
):
    before = stored_names(picture)
    picture.file = ContentFile(jpeg_bytes(size=(900, 600)), name="again.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        picture.save()
    after = stored_names(picture)
    assert not before & after
    assert bucket_keys(s3) == after


def test_moving_the_focal_point_replaces_only_the_crops_in_the_bucket(
    s3, picture, django_capture_on_commit_callbacks
):
    widths = set(picture.renditions.filter(kind="width").values_list("file", flat=True))
    crops = set(picture.renditions.exclude(kind="width").values_list("file", flat=True))
    picture.focal_x = 0.1
    with django_capture_on_commit_callbacks(execute=True):
        picture.save()
    new_crops = set(picture.renditions.exclude(kind="width").values_list("file", flat=True))
    assert len(new_crops) == len(crops) and not new_crops & crops
    assert bucket_keys(s3) == {picture.file.name, *widths, *new_crops}


def test_the_environment_variables_put_media_in_the_bucket(s3, seaweedfs):
    env = {
        "DJANGO_SECRET_KEY": "test-only-key-not-for-production-0123456789abcdefghijklmnop",
        "NEWSROOM_S3_BUCKET": BUCKET,
        "NEWSROOM_S3_ENDPOINT_URL": seaweedfs.endpoint_url,
        "NEWSROOM_S3_REGION": REGION,
        "NEWSROOM_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "NEWSROOM_S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }
    save = (
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "print(s.url(s.save('images/ab/settings.jpg', ContentFile(b'pixels'))))"
    )
    result = manage("shell", "--no-imports", "-c", save, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{seaweedfs.endpoint_url}/{BUCKET}/images/ab/settings.jpg"
    stored = s3.get_object(Bucket=BUCKET, Key="images/ab/settings.jpg")
    assert stored["Body"].read() == b"pixels"
    assert stored["CacheControl"] == FAR_FUTURE


def test_a_save_while_the_storage_is_unreachable_fails_and_leaves_no_row(s3, db, settings):
    with_options(settings, endpoint_url=f"http://127.0.0.1:{free_ports(1)[0]}")
    with pytest.raises(Exception, match="Could not connect"):
        Image.objects.create(file=ContentFile(jpeg_bytes(), name="lost.jpg"), alt_text="Lost")
    assert not Image.objects.exists()
