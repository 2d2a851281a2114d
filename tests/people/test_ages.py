import datetime

import pytest

from people.models import Person


def person(birth, death=None):
    return Person(name="Someone", slug="someone", birth_date=birth, death_date=death)


D = datetime.date


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (D(1962, 7, 3), D(2023, 6, 20), 60),
        (D(1962, 7, 3), D(2023, 7, 2), 60),
        (D(1962, 7, 3), D(2023, 7, 3), 61),
        (D(1962, 7, 3), D(2026, 11, 24), 64),
        (D(1986, 5, 3), D(2023, 6, 20), 37),
        (D(2000, 1, 1), D(2000, 1, 1), 0),
    ],
)
def test_age_on_a_day(birth, day, age):
    assert person(birth).age_on(day) == age


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (D(2001, 2, 28), 0),  # a common year: the birthday has not come yet
        (D(2001, 3, 1), 1),  # ... and counts from 1 March
        (D(2004, 2, 28), 3),
        (D(2004, 2, 29), 4),  # a leap year: the real birthday
    ],
)
def test_leap_day_birthday(day, age):
    assert person(D(2000, 2, 29)).age_on(day) == age


def test_no_age_before_birth_or_without_a_birth_date():
    assert person(D(2000, 1, 1)).age_on(D(1999, 12, 31)) is None
    assert person(None).age_on(D(2020, 1, 1)) is None
    assert person(None).age is None


def test_person_who_has_died_has_an_age_at_death():
    nimoy = person(D(1931, 3, 26), death=D(2015, 2, 27))
    assert nimoy.is_dead
    assert nimoy.age_at_death == 83
    assert nimoy.age == 83
    assert nimoy.age_on(D(1966, 9, 17)) == 35
    assert nimoy.age_on(D(2020, 1, 1)) is None  # no age after death


def test_age_today_uses_the_newsroom_date(time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 2, 23, 30, tzinfo=datetime.timezone.utc))
    # 00:30 on 3 July in London: the birthday has arrived there.
    assert person(D(1962, 7, 3)).age == 64


def test_person_page_shows_age_and_age_at_death(client, make_person, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.timezone.utc))
    cruise = make_person(name="Tom Cruise", slug="tom-cruise", birth_date=D(1962, 7, 3))
    nimoy = make_person(
        name="Leonard Nimoy",
        slug="leonard-nimoy",
        birth_date=D(1931, 3, 26),
        death_date=D(2015, 2, 27),
    )
    text = client.get(cruise.get_absolute_url()).content.decode()
    assert "<dt>Age</dt><dd>64</dd>" in text
    text = client.get(nimoy.get_absolute_url()).content.decode()
    assert "(aged 83)" in text
    assert "<dt>Age</dt>" not in text
