"""Media on S3-compatible storage: uploads and renditions go through Django's storage API.

A stand-in S3 service (moto) answers in the test, so the real S3 client code runs.
"""

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from moto import mock_aws

from newsroom.models import Image
from tests.conftest import jpeg_bytes

BUCKET = "newsroom-media"


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-2")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "querystring_auth": False,
                    "file_overwrite": False,
                },
            },
        }
        yield client


def test_uploaded_picture_and_its_renditions_live_in_the_bucket(s3, db):
    image = Image.objects.create(
        file=ContentFile(jpeg_bytes(size=(1600, 1000)), name="carpet.jpg"),
        alt_text="On the red carpet",
        credit="Agency",
    )
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert image.file.name in keys
    assert any(key != image.file.name for key in keys), keys  # renditions stored there too
    assert image.file.url.startswith("https://")
    assert storages["default"].exists(image.file.name)
