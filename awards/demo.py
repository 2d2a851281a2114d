"""The demo's award night: a live story with a few updates, and the event it covers,
some winners already called. Loaded by `manage.py load_demo`; safe to run again.

The ceremony is invented for the demo (the people and films are the demo's own), and
says so on its page.
"""

import datetime

from django.utils import timezone

from articles.models import Article
from awards.calls import name_in_story, winner_update
from awards.models import AwardEvent, Category, Nomination, WinnerCall
from live.models import Coverage, Entry, EntryCorrection

STORY = "golden-fuse-awards-2027-live"
EVENT = "2027-golden-fuse-awards"

# (category, [(person slug or None, production slug or None, detail, won)])
CATEGORIES = [
    (
        "Best Director of Action",
        [("christopher-mcquarrie", "mission-impossible-dead-reckoning-part-one", "", True)],
    ),
    (
        "Best Stunt Performer",
        [
            ("tom-cruise", "mission-impossible-dead-reckoning-part-one", "", True),
            ("pom-klementieff", "mission-impossible-dead-reckoning-part-one", "", False),
        ],
    ),
    (
        "Best Supporting Performance",
        [
            ("pom-klementieff", "mission-impossible-dead-reckoning-part-one", "", False),
            ("hayley-atwell", "mission-impossible-dead-reckoning-part-one", "", False),
        ],
    ),
    (
        "Best Theme",
        [(None, "mission-impossible-1966", "The theme in five beats to the bar", False)],
    ),
]

KEY_POINTS = """Tom Cruise wins Best Stunt Performer for Dead Reckoning Part One
Christopher McQuarrie is named Best Director of Action
Best Supporting Performance, between Pom Klementieff and Hayley Atwell, is still to come"""

WELCOME = (
    "<p>Good evening from the Golden Fuse Awards, the night for stunts and action. We bring "
    "you every winner as it is called, and the best of the red carpet.</p>"
)
RED_CARPET = (
    "<p>Pom Klementieff arrives in black leather and kohl: Paris, the assassin she plays in "
    "<em>Dead Reckoning Part One</em>, would approve.</p>"
)
ATWELL = (
    "<p>Hayley Atwell announced the nominees for Best Stunt Performer, and joked that she "
    "had spent most of the Rome shoot in the passenger seat of a very small car.</p>"
)
ATWELL_BEFORE = ATWELL.replace("announced the nominees for", "presented")


def load_awards_night(now, found, created):
    """Create the award night if its story is missing (`found` holds the demo's rows)."""
    if Article.objects.filter(slug=STORY).exists():
        return
    people, productions = found["people"], found["productions"]
    started = now - datetime.timedelta(minutes=55)
    story = Article.objects.create(
        headline="Golden Fuse Awards 2027 live: every winner as it is called",
        slug=STORY,
        standfirst="The night for stunts and action: winners, speeches and the red carpet, "
        "as they happen.",
        body="<p>The Golden Fuse Awards honour the year's stunts and action films. Follow the "
        "ceremony here: the newest updates come first.</p>",
        section=found["sections"]["film"],
        hero_image=found["images"].get("demo-hero.jpg"),
        status=Article.Status.PUBLISHED,
        publish_at=started,
        is_live_coverage=True,
    )
    story.tags.add("Awards", "Mission: Impossible")
    story.people.set([people[slug] for slug in ("tom-cruise", "pom-klementieff", "hayley-atwell")])
    story.productions.set([productions["mission-impossible-dead-reckoning-part-one"]])
    Article.objects.filter(pk=story.pk).update(updated_at=started, first_published_at=started)
    Coverage.objects.create(
        story=story, key_points=KEY_POINTS, ends_at=now + datetime.timedelta(hours=3)
    )
    created["articles"] += 1

    event = AwardEvent.objects.create(
        name="2027 Golden Fuse Awards",
        slug=EVENT,
        date=timezone.localdate(now),
        ceremony="The first Golden Fuse Awards, a ceremony invented for this demo",
        venue="The Fuse Hall, London",
        live_story=story,
        is_public=True,
    )
    created["award events"] += 1

    def entry(minutes_ago, body, headline="", **fields):
        moment = now - datetime.timedelta(minutes=minutes_ago)
        made = Entry.objects.create(
            story=story,
            headline=headline,
            body=body,
            status=Entry.Status.PUBLISHED,
            published_at=moment,
            created_at=moment,
            **fields,
        )
        created["live entries"] += 1
        return made

    entry(55, WELCOME, "Welcome to the Golden Fuse Awards", is_pinned=True)
    entry(48, RED_CARPET, "Red carpet: Paris would approve")
    calls = {}
    for order, (name, nominees) in enumerate(CATEGORIES, start=1):
        category = Category.objects.create(event=event, name=name, order=order * 10)
        for rank, (person, production, detail, won) in enumerate(nominees, start=1):
            nomination = Nomination.objects.create(
                category=category,
                person=people.get(person),
                production=productions.get(production),
                detail=detail,
                order=rank,
            )
            if won:
                calls[name] = nomination
    for minutes_ago, name in ((35, "Best Director of Action"), (12, "Best Stunt Performer")):
        nomination = calls[name]
        posted = entry(minutes_ago, winner_update(nomination), f"{name}: {nomination.nominee}")
        moment = posted.published_at
        Nomination.objects.filter(pk=nomination.pk).update(won_at=moment)
        name_in_story(nomination)  # as a call on the night does
        WinnerCall.objects.create(
            nomination=nomination, action=WinnerCall.Action.WINNER, created_at=moment, entry=posted
        )
    corrected = entry(20, ATWELL, "Atwell: a very small car")
    EntryCorrection.objects.create(
        entry=corrected,
        note="An earlier version of this update said Hayley Atwell presented the award; she "
        "announced the nominees.",
        previous_headline=corrected.headline,
        previous_body=ATWELL_BEFORE,
        created_at=now - datetime.timedelta(minutes=15),
    )
