"""The demo has an award night covered live, so a newcomer sees live coverage at once."""

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

STORY = "/articles/golden-fuse-awards-2027-live/"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def words(response):
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_the_demo_has_an_award_night_covered_live(client, demo):
    assert "Golden Fuse Awards 2027 live" in words(client.get("/"))
    page = words(client.get(STORY))
    assert "Live Last update" in page
    assert "Key points" in page and "Pinned" in page and "Corrected" in page
    assert "Tom Cruise wins Best Stunt Performer" in page
    answer = client.get(f"{STORY}updates.json").json()
    assert len(answer["entries"]) >= 3
    assert client.get("/feeds/live/golden-fuse-awards-2027-live/").status_code == 200


def test_the_demo_winners_are_on_their_pages(client, demo):
    assert "Winner Tom Cruise" in words(client.get("/awards/2027-golden-fuse-awards/"))
    assert "Won Best Stunt Performer at the 2027 Golden Fuse Awards" in words(
        client.get("/people/tom-cruise/")
    )
    production = words(client.get("/productions/mission-impossible-dead-reckoning-part-one/"))
    assert "Christopher McQuarrie won Best Director of Action" in production
