"""Print how many queries each given page costs, after one warming request each.

Admin pages are asked for as the editor named in BENCH_EDITOR.
"""

import os
import sys

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main(urls):
    reader, editor = Client(), Client()
    if os.environ.get("BENCH_EDITOR"):
        editor.force_login(get_user_model().objects.get(username=os.environ["BENCH_EDITOR"]))
    counts = []
    for url in urls:
        client = editor if url.startswith("/admin/") else reader
        client.get(url)  # warm the navigation cache, as on a running server
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    print(*counts)


if __name__ == "__main__":
    main(sys.argv[1:])
