"""The fact desk: agency copy in, names and ages checked, people linked."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import factdesk, mentions, workflow
from articles.models import Article
from people.models import Production

# The agency story the desk was designed around lives beside the project, not in it:
# in a "shared" folder next to the checkout or next to a folder holding it.
_BESIDE = [up / "shared" / "seed-article.txt" for up in Path(__file__).resolve().parents[3:]]
SEED_FILE = next((path for path in _BESIDE if path.exists()), _BESIDE[0])
SEED = SEED_FILE.read_text() if SEED_FILE.exists() else ""


@pytest.fixture(autouse=True)
def _needs_seed():
    if not SEED:
        if os.environ.get("CI"):
            pytest.fail(f"{SEED_FILE} is missing")
        pytest.skip(f"{SEED_FILE} is not beside the project")


D = datetime.date
JUNE_2023 = D(2023, 6, 20)
TODAY = D(2026, 11, 24)


@pytest.fixture
def people(make_person):
    rows = [
        ("Pom Klementieff", D(1986, 5, 3), None),
        ("Tom Cruise", D(1962, 7, 3), None),
        ("Christopher McQuarrie", D(1968, 10, 25), None),
        ("Hayley Atwell", D(1982, 4, 5), None),
        ("Leonard Nimoy", D(1931, 3, 26), D(2015, 2, 27)),
    ]
    return {
        name: make_person(
            name=name, slug=name.lower().replace(" ", "-"), birth_date=b, death_date=d
        )
        for name, b, d in rows
    }


@pytest.fixture
def imported(client, writer, section, people):
    client.force_login(writer)
    response = client.post("/admin/articles/article/agency/", {"copy": SEED, "section": section.pk})
    assert response.status_code == 302
    return Article.objects.get()


def test_import_makes_a_draft_from_wire_copy(imported, writer):
    assert imported.headline.startswith("'He wouldn't do it': Pom Klementieff urged Tom Cruise")
    assert imported.standfirst.startswith("Tom Cruise refused to kick Pom Klementieff")
    assert imported.hero_caption == "Pom Klementieff wanted Tom Cruise to kick her"
    assert "Pom Klementieff wanted Tom Cruise to kick her" not in imported.body
    assert imported.source == "Entertainment Weekly"
    assert imported.agency_copy == SEED  # the original, unchanged
    assert imported.status == "draft" and imported.created_by == writer
    assert imported.body.startswith("<p>Tom Cruise refused to kick Pom Klementieff")
    assert '<p>"I was squeezing abs.' in imported.body.replace("&quot;", '"')


def test_pasting_the_same_copy_twice_warns(client, imported, section):
    response = client.post("/admin/articles/article/agency/", {"copy": SEED, "section": section.pk})
    assert response.status_code == 200
    assert "A draft from this copy already exists" in response.text
    assert Article.objects.count() == 1
    client.post(
        "/admin/articles/article/agency/",
        {"copy": SEED, "section": section.pk, "create_anyway": "on"},
    )
    assert Article.objects.count() == 2


def findings(article, day, kind=None):
    return [f for f in factdesk.check(article, day).findings if kind in (None, f.kind)]


def test_seed_story_dated_june_2023_has_only_the_misspelt_name(imported):
    (finding,) = findings(imported, JUNE_2023)
    assert finding.kind == "name"
    assert (finding.wrong, finding.right) == ("Leonard Nomoy", "Leonard Nimoy")
    assert "Nomoy" in finding.sentence


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("Leonard Nomoy", "Leonard Nimoy"),
        ("Tom Cruz", "Tom Cruise"),
        ("Hayley Atwel", "Hayley Atwell"),
        ("Christopher McQuarry", "Christopher McQuarrie"),
    ],
)
def test_near_misses_are_caught(make_article, people, typed, right):
    article = make_article(body=f"<p>Yesterday {typed} spoke to reporters.</p>")
    assert [(f.wrong, f.right) for f in findings(article, JUNE_2023, "name")] == [(typed, right)]


def test_exact_names_possessives_first_names_places_and_characters_pass(make_article, people):
    article = make_article(
        headline="Tom Cruise and Pom Klementieff in Venice",
        body=(
            "<p>Tom's Ethan Hunt and Hayley Atwell's Grace drive a Fiat through Rome. "
            "Pom's character Paris follows in a Humvee. Christopher McQuarrie directs; "
            "Leonard Nimoy once played the Great Paris. Hayley loved Venice.</p>"
        ),
    )
    assert findings(article, JUNE_2023) == []


def test_ages_pass_on_the_day_and_are_flagged_today(imported):
    assert findings(imported, JUNE_2023, "age") == []
    messages = [f.message for f in findings(imported, TODAY, "age")]
    assert messages == [
        "Stated as 60, but Tom Cruise is 64 on 24 November 2026, born 3 July 1962.",
        "Stated as 37, but Pom Klementieff is 40 on 24 November 2026, born 3 May 1986.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "<p>Leonard Nimoy, 85, was there.</p>",
            "Stated as 85, but Leonard Nimoy died on 27 February 2015, aged 83",
        ),
        ("<p>The late Tom Cruise was there.</p>", "“the late” is wrong: Tom Cruise is 64"),
        ("<p>Tom Cruise, 61, was there.</p>", "Stated as 61, but Tom Cruise is 64"),
        ("<p>Hayley Atwell, aged 40, was there.</p>", "Stated as 40, but Hayley Atwell is 44"),
    ],
)
def test_stated_ages_and_the_late(make_article, people, text, expected):
    article = make_article(body=text)
    assert any(expected in f.message for f in findings(article, TODAY))


@pytest.mark.parametrize(
    "text",
    [
        "Leonard Nimoy died in 2015, aged 83.",
        "Leonard Nimoy, 83, was remembered by his Star Trek co-stars.",
        "Leonard Nimoy, who died aged 83, played the Great Paris.",
        "Leonard Nimoy was 83 when he died.",
        "Leonard Nimoy died at 83 in Los Angeles.",
        "Leonard Nimoy, who would have been 95 this year, played the Great Paris.",
        "Leonard Nimoy would have turned 90 in 2021.",
        "In 1969, the 38-year-old Leonard Nimoy joined the cast as the Great Paris.",
        "In 1996, the 33-year-old Tom Cruise first played Ethan Hunt.",
    ],
)
def test_an_age_is_checked_at_death_or_in_the_year_the_sentence_names(make_article, people, text):
    assert findings(make_article(body=f"<p>{text}</p>"), TODAY) == []


NIMOY_DIED = "Leonard Nimoy died on 27 February 2015, aged 83 (born 26 March 1931)"


@pytest.mark.parametrize(
    ("text", "message", "right"),
    [
        ("Leonard Nimoy died in 2015, aged 85.", f"Stated as 85, but {NIMOY_DIED}.", "83"),
        ("Leonard Nimoy was 85 when he died.", f"Stated as 85, but {NIMOY_DIED}.", "83"),
        ("Leonard Nimoy died at 84 in Los Angeles.", f"Stated as 84, but {NIMOY_DIED}.", "83"),
        (
            "Leonard Nimoy, who would have been 90 this year, played the Great Paris.",
            "Stated as 90, but Leonard Nimoy would have been 94 or 95 in 2026, born 26 March 1931.",
            "",
        ),
        (
            "In 1969, the 45-year-old Leonard Nimoy joined the cast.",
            f"Stated as 45, but {NIMOY_DIED}, and was 37 or 38 in 1969.",
            "",
        ),
    ],
)
def test_a_wrong_age_for_someone_who_has_died_is_flagged(
    make_article, people, text, message, right
):
    article = make_article(body=f"<p>{text}</p>")
    (finding,) = findings(article, TODAY)
    assert (finding.kind, finding.message, finding.right) == ("age", message, right)
    if right:  # the one-click fix puts the right age in
        assert factdesk.fix_age(article, finding.wrong, right, finding.sentence)
        assert findings(article, TODAY) == []


# On TODAY Tom Cruise is 64; Leonard Nimoy died aged 83.
@pytest.mark.parametrize(
    "text",
    [
        "Leonard Nimoy, 83, never worked with Tom Cruise.",
        "Tom Cruise, 64, has spoken of his admiration for Leonard Nimoy.",
        "Tom Cruise, 64, and Leonard Nimoy, 83, both played spies on screen.",
        "Leonard Nimoy, who died in 2015 aged 83, was a hero to Tom Cruise.",
        "Tom Cruise paid tribute to Leonard Nimoy, who died in 2015, aged 83.",
        "Tom Cruise praised Leonard Nimoy. The 64-year-old Cruise called Nimoy an inspiration.",
        "Leonard Nimoy inspired the 64-year-old Tom Cruise.",
        "Tom Cruise's 40-year-old co-star Pom Klementieff asked him to kick her.",
    ],
)
def test_a_right_age_passes_whoever_else_the_sentence_names(make_article, people, text):
    assert findings(make_article(body=f"<p>{text}</p>"), TODAY) == []


@pytest.mark.parametrize(
    ("text", "about", "right"),
    [
        ("Leonard Nimoy, 64, never worked with Tom Cruise.", NIMOY_DIED, "83"),
        ("Tom Cruise, 83, has spoken of his admiration for Leonard Nimoy.", "Tom Cruise is", "64"),
        ("Tom Cruise, 62, and Leonard Nimoy, 83, both played spies on screen.", "Tom Cruise", "64"),
        ("Tom Cruise paid tribute to Leonard Nimoy, who died in 2015, aged 64.", NIMOY_DIED, "83"),
        ("Leonard Nimoy inspired Tom Cruise. The 62-year-old Cruise wrote to Nimoy.", "Tom", "64"),
        ("Tom Cruise wrote to Leonard Nimoy. The 62-year-old Nimoy wrote back.", NIMOY_DIED, "83"),
        ("Leonard Nimoy inspired the 83-year-old Tom Cruise.", "Tom Cruise is 64", "64"),
        ("Tom Cruise's 64-year-old co-star Pom Klementieff waved.", "Pom Klementieff is 40", "40"),
    ],
)
def test_a_wrong_age_is_reported_against_the_person_it_is_next_to(
    make_article, people, text, about, right
):
    (finding,) = findings(make_article(body=f"<p>{text}</p>"), TODAY)
    assert finding.message.startswith(f"Stated as {finding.wrong}, but {about}")
    assert finding.right == right


def test_the_late_is_right_for_someone_who_has_died(make_article, people):
    assert findings(make_article(body="<p>The late Leonard Nimoy was loved.</p>"), TODAY) == []


def test_rescheduling_checks_against_the_new_date(make_article, people):
    article = make_article(
        status="approved", publish_at=None, body="<p>Tom Cruise, 64, smiled.</p>"
    )
    article.publish_at = timezone.make_aware(datetime.datetime(2027, 7, 4, 9))
    assert "Tom Cruise is 65 on 4 July 2027" in factdesk.check(article).findings[0].message


def test_publishing_with_an_open_finding_needs_publish_anyway_and_a_reason(
    make_article, people, publisher
):
    article = make_article(status="approved", publish_at=None, body="<p>Tom Cruz smiled.</p>")
    with pytest.raises(workflow.WorkflowError, match="publish anyway"):
        workflow.publish(article, by=publisher)
    with pytest.raises(workflow.WorkflowError, match="publish anyway"):
        workflow.publish(article, by=publisher, anyway=True)  # no reason given
    workflow.publish(article, by=publisher, anyway=True, note="Legal cleared the spelling")
    article.refresh_from_db()
    assert article.is_live()
    event = article.events.get(action="publish")
    assert "Published anyway" in event.note and "Legal cleared the spelling" in event.note


def test_publish_anyway_from_the_admin(client, make_article, people, publisher):
    article = make_article(status="approved", publish_at=None, body="<p>Tom Cruz smiled.</p>")
    client.force_login(publisher)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert "“Tom Cruz” looks like a misspelling of Tom Cruise." in page
    assert 'name="anyway"' in page
    url = f"/admin/articles/article/{article.pk}/workflow/"
    refused = client.post(url, {"action": "publish"}, follow=True)
    assert "open finding" in refused.text
    client.post(url, {"action": "publish", "anyway": "on", "note": "Checked with the agency"})
    article.refresh_from_db()
    assert article.status == "published"


def test_check_endpoint_is_for_the_story_s_own_people(
    client, make_article, people, writer, other_writer
):
    article = make_article(
        created_by=writer, status="draft", publish_at=None, body="<p>Tom Cruz.</p>"
    )
    url = f"/admin/articles/article/{article.pk}/checks.json"
    assert client.get(url).status_code == 302  # a reader is sent to sign in
    client.force_login(other_writer)
    assert client.get(url).status_code == 403
    client.force_login(writer)
    data = client.get(url).json()
    assert data["findings"][0]["right"] == "Tom Cruise"
    typed = client.post(url, {"body": "<p>Hayley Atwel waved.</p>"}).json()
    assert typed["findings"][0]["right"] == "Hayley Atwell"


def test_one_click_fix_and_link(client, make_article, people, writer):
    article = make_article(
        created_by=writer,
        status="draft",
        publish_at=None,
        headline="Leonard Nomoy remembered",
        body="<p>Leonard Nomoy played Paris.</p>",
    )
    client.force_login(writer)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert "Change to Leonard Nimoy" in page and "Link person" in page
    client.post(
        f"/admin/articles/article/{article.pk}/fix/",
        {
            "kind": "name",
            "wrong": "Leonard Nomoy",
            "right": "Leonard Nimoy",
            "sentence": "Leonard Nomoy remembered",
        },
    )
    article.refresh_from_db()
    assert article.headline == "Leonard Nimoy remembered"
    assert "Nomoy" not in article.body
    nimoy = people["Leonard Nimoy"]
    client.post(f"/admin/articles/article/{article.pk}/attach/", {"kind": "person", "id": nimoy.pk})
    assert list(article.people.all()) == [nimoy]
    assert factdesk.check(article).suggest_people == []


def test_productions_named_in_the_text_are_suggested(make_article, make_production):
    dead = make_production(title="Mission: Impossible – Dead Reckoning Part One", slug="dr")
    series = make_production(title="Mission: Impossible", slug="mi")
    make_production(title="Top Gun", slug="top-gun")
    article = make_article(body="<p>A scene in 'Mission: Impossible - Dead Reckoning Part 1'.</p>")
    assert factdesk.check(article).suggest_productions == [dead]
    article = make_article(body="<p>The original 'Mission: Impossible' TV series.</p>")
    assert series in factdesk.check(article).suggest_productions


def test_titles_named_unquoted_are_found_among_many_alike(make_article, make_production):
    for n in range(30):
        make_production(title=f"The Premiere Season {n}", slug=f"season-{n}")
    one_word = make_production(title="Maverick", slug="maverick")
    article = make_article(body="<p>Fans of Maverick queued for The Premiere Season 7.</p>")
    found = factdesk.check(article).suggest_productions
    assert set(found) == {one_word, Production.objects.get(slug="season-7")}
    # A production added afterwards is known to the very next check.
    later = make_production(title="The Late Show", slug="late-show")
    article = make_article(body="<p>She told The Late Show about it.</p>")
    assert factdesk.check(article).suggest_productions == [later]


def test_first_mention_is_linked_once_never_in_headings_or_links(client, make_article, people):
    cruise = people["Tom Cruise"]
    make_article(
        slug="linked",
        people=[cruise],
        body=(
            '<h2>Tom Cruise at work</h2><p>See <a href="https://example.org/">Tom Cruise</a>. '
            "Then Tom Cruise spoke, and Tom Cruise left.</p>"
        ),
    )
    text = client.get("/articles/linked/").text
    body = text[
        text.index('class="article__body') : text.index(
            "</div>", text.index('class="article__body')
        )
    ]
    assert body.count('href="/people/tom-cruise/"') == 1
    assert "<h2>Tom Cruise at work</h2>" in body
    assert re.search(r'Then <a href="/people/tom-cruise/"[^>]*>Tom Cruise</a> spoke', body)


@pytest.fixture
def mission(make_production):
    """The 1966 series and the 2023 film, both in the "Mission: Impossible" franchise."""
    series = make_production(
        title="Mission: Impossible",
        slug="mission-impossible-1966",
        kind="tv",
        release_date=D(1966, 9, 17),
        franchise="Mission: Impossible",
    )
    film = make_production(
        title="Mission: Impossible – Dead Reckoning Part One",
        slug="dead-reckoning-part-one",
        release_date=D(2023, 7, 12),
        franchise="Mission: Impossible",
    )
    return series, film


def links(html):
    """(the words linked, where to) for every link in `html`, in order."""
    return re.findall(r'<a href="/(?:people|productions)/([\w-]+)/"[^>]*>([^<]*)</a>', html)


@pytest.mark.parametrize("order", [1, -1])
def test_the_longest_title_is_linked_and_no_shorter_one_inside_it(mission, people, order):
    body = (
        "<p>Pom Klementieff fought Tom Cruise in "
        "'Mission: Impossible – Dead Reckoning Part One'.</p>"
        "<p>Her name is a tribute to Leonard Nimoy, who played the Great Paris in the original "
        "'Mission: Impossible' TV series. The 'Mission: Impossible' franchise began there.</p>"
    )
    html = mentions.link_first_mentions(body, [people["Tom Cruise"]], mission[::order])
    assert links(html) == [
        ("tom-cruise", "Tom Cruise"),
        ("dead-reckoning-part-one", "Mission: Impossible – Dead Reckoning Part One"),
        ("mission-impossible-1966", "Mission: Impossible"),
    ]
    assert 'original \'<a href="/productions/mission-impossible-1966/"' in html


@pytest.mark.parametrize(
    "text",
    [
        "Pom Klementieff fought Tom Cruise in 'Mission: Impossible - Dead Reckoning Part 1'.",
        "Pom Klementieff fought Tom Cruise in Mission: Impossible – Dead Reckoning Part One.",
        "Tom Cruise came back for 'Mission: Impossible Rogue Nation' in 2015.",
        "Tom Cruise came back for Mission: Impossible 2 in 2000.",
        "She is unlike every other actress in the 'Mission: Impossible' franchise.",
        "She is unlike every other actress in the <em>Mission: Impossible</em> films.",
    ],
)
def test_a_title_inside_a_longer_title_or_naming_the_franchise_is_not_linked(mission, text):
    series, _ = mission
    assert "href" not in mentions.link_first_mentions(f"<p>{text}</p>", [], [series])


def test_the_first_mention_that_names_the_production_is_linked(mission):
    series, film = mission
    body = (
        "<p>Every film in the 'Mission: Impossible' franchise, 'Mission: Impossible - Dead "
        "Reckoning Part One' included, borrows from the original "
        "<em>Mission: Impossible</em> television series.</p>"
    )
    html = mentions.link_first_mentions(body, [], [series, film])
    assert links(html) == [
        ("dead-reckoning-part-one", "Mission: Impossible - Dead Reckoning Part One"),
        ("mission-impossible-1966", "Mission: Impossible"),
    ]
    assert 'original <em><a href="/productions/mission-impossible-1966/"' in html


def test_check_articles_reports_stale_ages_in_live_stories(
    make_article, people, capsys, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.timezone.utc))
    make_article(headline="Old interview", body="<p>Tom Cruise, 60, laughed.</p>")
    make_article(headline="Draft", status="draft", publish_at=None, body="<p>Tom Cruise, 50.</p>")
    call_command("check_articles")
    out = capsys.readouterr().out
    assert "Old interview" in out and "Tom Cruise is 64 on 24 November 2026" in out
    assert "Draft" not in out
    assert "1 live story with findings." in out


def test_one_click_age_fix_changes_only_that_sentence(
    client, make_article, people, writer, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.timezone.utc))
    article = make_article(
        created_by=writer,
        status="draft",
        publish_at=None,
        body="<p>Tom Cruise smiled.</p><p>The 60-year-old actor waved.</p><p>Aged 60 too.</p>",
    )
    client.force_login(writer)
    (finding,) = [f for f in factdesk.check(article, TODAY).findings if f.wrong == "60"][:1]
    client.post(
        f"/admin/articles/article/{article.pk}/fix/",
        {"kind": "age", "wrong": "60", "right": finding.right, "sentence": finding.sentence},
    )
    article.refresh_from_db()
    assert f"The {finding.right}-year-old actor waved." in article.body
    assert "Aged 60 too." in article.body


def test_a_fix_not_offered_is_refused(client, make_article, people, writer):
    article = make_article(created_by=writer, status="draft", publish_at=None, body="<p>Hi.</p>")
    client.force_login(writer)
    response = client.post(
        f"/admin/articles/article/{article.pk}/fix/",
        {"kind": "name", "wrong": "Hi", "right": "Tom Cruise", "sentence": "Hi."},
        follow=True,
    )
    assert "no longer offered" in response.text
    article.refresh_from_db()
    assert article.body == "<p>Hi.</p>"


def test_publish_anyway_from_the_schedule(client, make_article, people, publisher):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    article = make_article(status="approved", publish_at=None, body="<p>Tom Cruz smiled.</p>")
    workflow.schedule(article, by=publisher, publish_at=tomorrow, anyway=True, note="As filed")
    client.force_login(publisher)
    page = client.get("/admin/articles/article/schedule/").text
    assert article.headline in page
    assert page.count('name="anyway"') == 2  # beside "Publish now" and beside the new time

    url = f"/admin/articles/article/{article.pk}/workflow/"
    client.post(url, {"action": "publish", "anyway": "on", "note": "Checked with the agency"})
    article.refresh_from_db()
    assert article.is_live()
