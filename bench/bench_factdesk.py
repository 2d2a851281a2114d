"""How long the fact desk takes on a 2,000-word story against 20,000 people.

Run: DJANGO_DEBUG=1 .venv/bin/python bench/bench_factdesk.py
Uses a throwaway SQLite database; prints the time for the first check (which builds
the people index) and the median of later checks (the index reused).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles import factdesk  # noqa: E402
from articles.models import Article, Section  # noqa: E402
from people.models import Person, filing_name  # noqa: E402

FIRST = (
    "Ava Ben Cara Dev Eli Fay Gus Hana Ivo Jade Kai Lola Milo Nia Otto Pia Quin Rosa Sami Tia"
).split()
LAST = (
    "Stone Rivers Hale Marsh Quill Vance Oakes Penn Ridley Sato Varga Lund Okafor Moreau "
    "Castell Brandt Ivers Kowal Duarte Feld Haddad Ellery Novak Amari Lindqvist Ferro"
).split()
FILLER = "the film crew said that after a long day on set everyone went out for dinner and".split()


def make_people(count, rng):
    people, seen = [], set()
    while len(people) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}{rng.randint(1, 9999):04d}"
        if name in seen:
            continue
        seen.add(name)
        birth = f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        people.append(
            Person(name=name, slug=f"p{len(people)}", sort_name=filing_name(name), birth_date=birth)
        )
    Person.objects.bulk_create(people, batch_size=2000)
    return people


def make_story(people, rng, words=2000):
    text, count = [], 0
    while count < words:
        person = rng.choice(people)
        name = person.name
        if rng.random() < 0.1:
            name = name[:-1] + "x"  # a misspelling
        sentence = f"{name}, {rng.randint(20, 80)}, " + " ".join(rng.choices(FILLER, k=14)) + "."
        text.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(text[i : i + 4]) for i in range(0, len(text), 4)]
    return "".join(f"<p>{p}</p>" for p in paragraphs), count


def main():
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    people = make_people(20_000, rng)
    body, words = make_story(people, rng)
    section = Section.objects.create(name="Film", slug="film")
    article = Article.objects.create(
        headline="Benchmark story", slug="bench", body=body, section=section
    )
    start = time.perf_counter()
    report = factdesk.check(article)
    cold = time.perf_counter() - start
    timings = []
    for _ in range(10):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            factdesk.check(article)
            timings.append(time.perf_counter() - start)
    print(
        f"story: {words} words; people: {Person.objects.count()}; findings: {len(report.findings)}"
    )
    print(f"first check (builds the people index): {cold * 1000:.0f} ms")
    print(
        f"later checks, median of 10: {statistics.median(timings) * 1000:.0f} ms "
        f"({len(queries)} queries each, none per name)"
    )


if __name__ == "__main__":
    main()
