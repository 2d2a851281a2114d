"""How many cached pages one story edit throws away, against how many are cached.

Builds a small site in a throwaway in-memory database (BENCH_STORIES stories spread
over sections, tags, people, productions and authors), caches every public page, then
edits one story at a time and counts the pages that had to be made again. Before
purging by key, every edit threw away every page.

    DJANGO_DEBUG=1 .venv/bin/python -m bench.purge_precision
"""

import datetime
import os
import random

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)
from django.utils import timezone  # noqa: E402

STORIES = int(os.environ.get("BENCH_STORIES", 300))
EDITS = int(os.environ.get("BENCH_EDITS", 10))


def build(rng):
    from articles.bylines import set_bylines
    from articles.models import Article, Section
    from authors.models import Author
    from people.models import Person, Production

    sections = [
        Section.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Bench {n}"})[0]
        for n in range(8)
    ]
    people = [Person.objects.create(name=f"Person {n}", slug=f"person-{n}") for n in range(120)]
    productions = [
        Production.objects.create(title=f"Production {n}", slug=f"production-{n}")
        for n in range(40)
    ]
    authors = [Author.objects.create(name=f"Author {n}", slug=f"author-{n}") for n in range(20)]
    tags = [f"tag {n}" for n in range(80)]
    stories = []
    for n in range(STORIES):
        story = Article.objects.create(
            headline=f"Story {n}",
            slug=f"story-{n}",
            standfirst=f"Standfirst {n}.",
            body=f"<p>Body {n}.</p>",
            section=rng.choice(sections),
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() - datetime.timedelta(minutes=n + 1),
        )
        story.tags.add(*rng.sample(tags, 3))
        story.people.add(*rng.sample(people, 2))
        story.productions.add(rng.choice(productions))
        set_bylines(story, [rng.choice(authors)])
        stories.append(story)
    urls = ["/", "/feeds/latest/", "/news-sitemap.xml", "/people/", "/productions/"]
    urls += [s.get_absolute_url() for s in stories]
    urls += [s.get_absolute_url() for s in sections]
    urls += [f"/tags/{tag.replace(' ', '-')}/" for tag in tags]
    urls += [p.get_absolute_url() for p in people + productions + authors]
    urls += [f"/feeds/people/{p.slug}/" for p in people]
    return stories, urls


def made_afresh(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return any("newsroom_pagegeneration" not in query["sql"] for query in queries)


def main():
    rng = random.Random(1)
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    with override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300, NEWSROOM_PURGE_FILE=""):
        stories, urls = build(rng)
        client = Client()
        cached = [url for url in urls if client.get(url).status_code == 200]
        thrown = []
        for story in rng.sample(stories, EDITS):
            for url in cached:
                client.get(url)  # everything cached again
            story.headline += " (updated)"
            story.save()
            thrown.append(sum(made_afresh(client, url) for url in cached))
    average = sum(thrown) / len(thrown)
    print(
        f"{len(cached)} pages cached; one story edit threw away {min(thrown)}–{max(thrown)} "
        f"(average {average:.1f}, {100 * average / len(cached):.1f}%); before: all "
        f"{len(cached)}. Cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1]}."
    )


if __name__ == "__main__":
    main()
