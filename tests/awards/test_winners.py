"""One press on the desk calls a winner: marked, posted to the live story, on the winners
page and on the winner's person and production pages (and their structured data).
Undoing a call is recorded, and readers are told."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from awards import calls
from awards.models import AwardEvent, Category, Nomination, WinnerCall
from live.models import Coverage, Entry

WON = "won Best Actor at the 2027 Academy Awards"


@pytest.fixture
def night(make_article, make_person, make_production):
    story = make_article(headline="Oscars live", slug="oscars-live", is_live_coverage=True)
    Coverage.objects.create(story=story)
    film = make_production(title="The Reckoning", slug="the-reckoning")
    tom = make_person(name="Tom Cruise", slug="tom-cruise")
    other = make_person(name="Another Actor", slug="another-actor")
    event = AwardEvent.objects.create(
        name="2027 Academy Awards",
        slug="2027-academy-awards",
        date=datetime.date(2027, 3, 14),
        ceremony="The 99th Academy Awards",
        venue="Dolby Theatre, Los Angeles",
        live_story=story,
        is_public=True,
    )
    actor = Category.objects.create(event=event, name="Best Actor", order=1)
    return {
        "story": story,
        "event": event,
        "film": film,
        "tom": Nomination.objects.create(category=actor, person=tom, production=film),
        "other": Nomination.objects.create(category=actor, person=other),
        "picture": Nomination.objects.create(
            category=Category.objects.create(event=event, name="Best Picture", order=2),
            production=film,
        ),
    }


def text(response):
    return " ".join(strip_tags(response.content.decode()).split())


def says(response, phrase):
    return phrase.lower() in text(response).lower()


def json_ld(response, kind):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    (found,) = [item for item in map(json.loads, blocks) if item["@type"] == kind]
    return found


def test_calling_a_winner_reaches_the_live_story_winners_page_and_their_pages(
    client, night, editor
):
    calls.call_winner(night["tom"], editor)

    assert Nomination.objects.get(pk=night["tom"].pk).is_winner
    entry = Entry.objects.get(story=night["story"])
    assert entry.status == Entry.Status.PUBLISHED
    assert entry.headline == "Best Actor: Tom Cruise"
    story = client.get("/articles/oscars-live/")
    assert "Tom Cruise wins Best Actor at the 2027 Academy Awards for The Reckoning." in text(story)
    assert 'href="/people/tom-cruise/"' in story.text

    winners = client.get("/awards/2027-academy-awards/")
    assert "Winner Tom Cruise" in text(winners)
    assert "Winner Another Actor" not in text(winners)

    person = client.get("/people/tom-cruise/")
    assert says(person, f"{WON} for The Reckoning")
    assert json_ld(person, "Person")["award"] == ["Best Actor, 2027 Academy Awards"]
    production = client.get("/productions/the-reckoning/")
    assert f"Tom Cruise {WON}" in text(production)
    assert json_ld(production, "Movie")["award"] == ["Best Actor, 2027 Academy Awards"]
    assert not says(client.get("/people/another-actor/"), WON)


def test_a_production_can_win_on_its_own(client, night, editor):
    calls.call_winner(night["picture"], editor)
    assert "Won Best Picture at the 2027 Academy Awards" in text(
        client.get("/productions/the-reckoning/")
    )


def test_a_call_makes_afresh_only_the_pages_that_show_it(client, night, editor, settings, world):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    elsewhere = ["/", world["live"].get_absolute_url(), world["person"].get_absolute_url()]
    shown = ["/articles/oscars-live/", "/awards/2027-academy-awards/", "/people/tom-cruise/"]
    for url in [*elsewhere, *shown, "/productions/the-reckoning/"]:
        client.get(url)
    calls.call_winner(night["tom"], editor)
    assert says(client.get("/people/tom-cruise/"), WON)
    assert f"Tom Cruise {WON}" in text(client.get("/productions/the-reckoning/"))
    assert "Winner Tom Cruise" in text(client.get("/awards/2027-academy-awards/"))
    assert "Tom Cruise wins" in text(client.get("/articles/oscars-live/"))
    for url in elsewhere:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        # With a shared cache, a worker also reads the database's generation once a second.
        assert all("newsroom_pagegeneration" in q["sql"] for q in queries), url


def test_undoing_a_call_is_recorded_and_readers_are_told(client, night, editor):
    calls.call_winner(night["tom"], editor)
    calls.undo_winner(night["tom"], editor)

    assert not Nomination.objects.get(pk=night["tom"].pk).is_winner
    record = list(WinnerCall.objects.filter(nomination=night["tom"]).order_by("pk"))
    assert [(c.action, c.actor) for c in record] == [("winner", editor), ("undo", editor)]
    winner_entry, correction = record[0].entry, record[1].entry
    winner_entry.refresh_from_db()
    assert winner_entry.status == Entry.Status.WITHDRAWN
    assert correction.headline == "Correction: Best Actor"
    page = text(client.get("/articles/oscars-live/"))
    assert "Tom Cruise wins" not in page
    assert "We named Tom Cruise as the winner of Best Actor in error." in page
    assert not says(client.get("/people/tom-cruise/"), WON)
    assert "award" not in json_ld(client.get("/people/tom-cruise/"), "Person")
    # Then the right winner is called.
    calls.call_winner(night["other"], editor)
    assert "Winner Another Actor" in text(client.get("/awards/2027-academy-awards/"))


def test_a_category_has_one_winner_until_the_call_is_undone(night, editor):
    calls.call_winner(night["tom"], editor)
    with pytest.raises(calls.CallError, match="undo that call first"):
        calls.call_winner(night["other"], editor)
    with pytest.raises(calls.CallError, match="already the winner"):
        calls.call_winner(night["tom"], editor)
    assert WinnerCall.objects.count() == 1


@pytest.mark.parametrize("role", ["writer", "publisher"])
def test_only_editors_call_winners(night, request, role):
    with pytest.raises(calls.CallError, match="not allowed"):
        calls.call_winner(night["tom"], request.getfixturevalue(role))
    assert not Nomination.objects.get(pk=night["tom"].pk).is_winner


def test_an_event_under_embargo_shows_nowhere(client, night, editor):
    AwardEvent.objects.filter(pk=night["event"].pk).update(is_public=False)
    calls.call_winner(night["tom"], editor)
    assert client.get("/awards/2027-academy-awards/").status_code == 404
    assert not says(client.get("/people/tom-cruise/"), WON)


def test_a_winner_called_before_the_live_story_is_live_stays_off_it(client, night, editor):
    type(night["story"]).objects.filter(pk=night["story"].pk).update(status="review")
    night["event"].live_story.refresh_from_db()
    calls.call_winner(night["tom"], editor)
    assert client.get("/articles/oscars-live/").status_code == 404
    assert client.get("/articles/oscars-live/updates.json").status_code == 404
    # The winners page does not link to a story readers cannot open.
    assert "/articles/oscars-live/" not in client.get("/awards/2027-academy-awards/").text


def test_without_a_live_story_the_winner_is_marked_and_the_desk_is_told(night, editor):
    AwardEvent.objects.filter(pk=night["event"].pk).update(live_story=None)
    nomination, warning = calls.call_winner(Nomination.objects.get(pk=night["tom"].pk), editor)
    assert nomination.is_winner and "no live story" in warning
    assert not Entry.objects.exists()


def test_the_winner_button_on_the_desk(client, night, editor, writer):
    url = reverse("admin:awards_nomination_call", args=[night["tom"].pk, "winner"])
    client.force_login(writer)
    client.post(url)
    assert not Nomination.objects.get(pk=night["tom"].pk).is_winner
    client.force_login(editor)
    desk = client.get(reverse("admin:awards_awardevent_winners", args=[night["event"].pk]))
    assert desk.status_code == 200 and url in desk.text
    answer = client.post(url, follow=True)
    assert f"Tom Cruise {WON}: posted and on their pages." in answer.text
    assert Nomination.objects.get(pk=night["tom"].pk).is_winner
    undo = reverse("admin:awards_nomination_call", args=[night["tom"].pk, "undo"])
    assert undo in answer.text
    assert "Called the winner: Tom Cruise, Best Actor" in answer.text


def test_the_winners_page_is_an_event_for_crawlers(client, night):
    event = json_ld(client.get("/awards/2027-academy-awards/"), "Event")
    assert event["name"] == "2027 Academy Awards"
    assert event["startDate"] == "2027-03-14"
    assert event["location"] == {"@type": "Place", "name": "Dolby Theatre, Los Angeles"}


@pytest.fixture
def newcomer(night, make_person):
    """A nominee added for the night, with no public page of their own yet."""
    person = make_person(name="Rising Star", slug="rising-star", shown_publicly=False)
    category = Category.objects.create(event=night["event"], name="Best Newcomer", order=3)
    return Nomination.objects.create(category=category, person=person, production=night["film"])


def test_a_nominee_without_a_public_page_is_named_but_not_linked(client, night, newcomer):
    winners = client.get("/awards/2027-academy-awards/")
    assert "Rising Star" in text(winners)
    assert "/people/rising-star/" not in winners.text
    assert 'href="/people/tom-cruise/"' in winners.text


def test_the_live_story_naming_a_winner_gives_them_a_public_page(client, night, newcomer, editor):
    assert client.get("/people/rising-star/").status_code == 404
    calls.call_winner(newcomer, editor)
    assert night["story"].people.filter(slug="rising-star").exists()
    person = client.get("/people/rising-star/")
    assert person.status_code == 200
    assert says(person, "won Best Newcomer at the 2027 Academy Awards")
    assert "Rising Star" in text(client.get("/people/"))
    assert 'href="/people/rising-star/"' in client.get("/awards/2027-academy-awards/").text


def test_a_winner_called_under_the_live_storys_embargo_stays_unknown_until_it_lifts(
    client, night, newcomer, editor, time_machine
):
    time_machine.move_to(timezone.now())
    lifts = timezone.now() + datetime.timedelta(hours=1)
    type(night["story"]).objects.filter(pk=night["story"].pk).update(embargo_until=lifts)
    night["event"].live_story.refresh_from_db()
    calls.call_winner(newcomer, editor)
    assert client.get("/people/rising-star/").status_code == 404
    assert client.get("/articles/oscars-live/updates.json").status_code == 404
    # The film's page does not give the win away either.
    assert "Rising Star" not in text(client.get("/productions/the-reckoning/"))
    assert "/people/rising-star/" not in client.get("/awards/2027-academy-awards/").text

    time_machine.move_to(lifts + datetime.timedelta(seconds=1))
    assert says(client.get("/people/rising-star/"), "won Best Newcomer")
    assert "Rising Star won Best Newcomer" in text(client.get("/productions/the-reckoning/"))
    updates = client.get("/articles/oscars-live/updates.json").json()["entries"]
    assert ["Rising Star wins" in strip_tags(entry["html"]) for entry in updates] == [True]


def test_a_win_without_a_live_story_shows_only_where_its_winner_is_public(
    client, night, newcomer, editor
):
    AwardEvent.objects.filter(pk=night["event"].pk).update(live_story=None)
    calls.call_winner(Nomination.objects.get(pk=newcomer.pk), editor)
    assert client.get("/people/rising-star/").status_code == 404
    assert "Rising Star" not in text(client.get("/productions/the-reckoning/"))
    winner = type(newcomer.person).objects.get(pk=newcomer.person_id)
    winner.shown_publicly = True
    winner.save()  # as the desk does it, so the pages showing them are purged
    assert "Rising Star won Best Newcomer" in text(client.get("/productions/the-reckoning/"))
