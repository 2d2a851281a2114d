"""How long search takes on the benchmark database, as the search page asks it.

Run by `make bench` after the load test; alone:
    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.bench_search
Works on SQLite (FTS5) and PostgreSQL alike. Each query is asked as the search page
asks it (matching stories and people, then the first page of hits with snippets);
prints the median and the slowest of several runs, in milliseconds.
"""

import statistics
import time

import django

django.setup()

from django.db import connection  # noqa: E402

from articles import search  # noqa: E402
from articles.models import Article  # noqa: E402
from people.models import Person  # noqa: E402

RUNS = 7


def queries():
    """Kinds of search a reader makes, built from words this database holds."""
    story = Article.objects.live().filter(people__isnull=False).order_by("-pk").first()
    person = story.people.first()
    plain = [w for w in story.headline.split() if w.isalpha() and w not in person.name]
    name = person.name.split("-")[0]  # the made-up people are "Greta Ellery-13289"
    surname = name.split()[-1]
    return [
        ("a common word", plain[-1]),
        ("two common words", " ".join(plain[:2])),
        ("a person's name", name),
        ("a half-typed name", surname[: max(3, len(surname) - 2)]),
        ("a misspelt name", name[:-1] + "x"),
        ("nothing matches", "zzyzzx"),
    ]


def ask(query):
    results = search.search(query)
    hits = search.hits_for(results.hits[:20], results)
    return len(results.hits), len(hits)


def timings():
    lines = []
    for kind, query in queries():
        seconds = []
        for _ in range(RUNS):
            start = time.perf_counter()
            found = ask(query)
            seconds.append(time.perf_counter() - start)
        lines.append(
            f"| {kind} | `{query}` | {found[0]} | {statistics.median(seconds) * 1000:.1f} "
            f"| {max(seconds) * 1000:.1f} |"
        )
    return lines


def main():
    stories, people = Article.objects.count(), Person.objects.count()
    print(
        f"Search on {connection.vendor}: {stories:,} stories, {people:,} people, "
        f"{RUNS} runs each, in-process.\n\n"
        "| search | for | hits | median ms | slowest ms |\n| --- | --- | ---: | ---: | ---: |"
    )
    print("\n".join(timings()))


if __name__ == "__main__":
    main()
