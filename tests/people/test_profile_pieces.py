"""A person's kept wins and credits never outlive what made them public."""

import datetime

from django.utils import timezone


def test_a_credit_leaves_the_page_the_second_the_only_story_naming_it_expires(
    client, settings, make_article, make_person, make_production, make_credit, time_machine
):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    star = make_person(name="Ada Star", slug="ada-star", shown_publicly=True)
    secret = make_production(title="The Quiet Project", slug="quiet", shown_publicly=False)
    make_credit(star, secret, character="Lead")
    make_article(
        productions=[secret],
        publish_at=start - datetime.timedelta(hours=1),
        expire_at=start + datetime.timedelta(minutes=2),
    )
    assert "The Quiet Project" in client.get("/people/ada-star/").text

    time_machine.move_to(start + datetime.timedelta(minutes=2), tick=False)
    assert "The Quiet Project" not in client.get("/people/ada-star/").text
