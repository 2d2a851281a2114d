"""On the real clock: a page being made while a story goes live is never kept past it.

The frozen-clock tests cannot see this: the page's deadline has to be taken before it
is made, and only a request that starts before the moment and ends after it shows
whether it was.
"""

import datetime
import time

import pytest
from django.utils import timezone

SURFACES = ["/", "/feeds/latest/", "/articles/older-story/"]


@pytest.mark.parametrize("moment_is", ["go-live", "expiry"])
def test_no_page_made_after_the_moment_shows_the_old_state(
    client, make_article, settings, moment_is
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 600
    # Enough stories that every page takes a little while to make.
    for n in range(25):
        make_article(headline=f"Filler story {n}", tags=["Premieres"], slug=f"filler-{n}")
    make_article(headline="Older story", slug="older-story", tags=["Premieres"])
    moment = timezone.now() + datetime.timedelta(seconds=1)
    times = {"publish_at": moment} if moment_is == "go-live" else {"expire_at": moment}
    story = make_article(
        headline="Boundary scoop", slug="boundary-scoop", tags=["Premieres"], **times
    )
    expect_story = moment_is == "go-live"

    wrong, requests_after = [], 0
    end = moment.timestamp() + 1.5
    while time.time() < end:
        for url in SURFACES:
            started = time.time()
            shows = story.slug in client.get(url).content.decode()
            if started > moment.timestamp():
                requests_after += 1
                if shows != expect_story:
                    wrong.append((url, round(started - moment.timestamp(), 3)))
    assert requests_after > 10
    assert not wrong, f"pages started after the moment still in the old state: {wrong[:5]}"
