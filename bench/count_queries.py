"""Print how many queries each given page costs, after one warming request each."""

import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main(urls):
    client = Client()
    counts = []
    for url in urls:
        client.get(url)  # warm the navigation cache, as on a running server
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    print(*counts)


if __name__ == "__main__":
    main(sys.argv[1:])
