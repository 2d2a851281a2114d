"""Synthetic newsroom content for benchmarks: bulk inserts, realistic shapes.

Everything goes in through bulk_create in large batches, then the search index is
filled in bulk, so 100,000 stories take minutes rather than hours.
"""

import datetime
import io
import random

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image as PILImage
from taggit.models import Tag, TaggedItem

from articles.models import Article, SearchEntry, Section
from newsroom.database import refresh_statistics
from newsroom.models import Image
from people.models import Credit, Person, Production, filing_name

FIRST = (
    "Ava Ben Cara Dev Eli Fay Gus Hana Ivo Jade Kai Lola Milo Nia Otto Pia Quin Rosa Sami Tia "
    "Uma Vic Wren Xan Yara Zed Alba Bram Cleo Dario Esme Finn Greta Hugo Iris Jonah Kira Leo"
).split()
LAST = (
    "Stone Rivers Hale Marsh Quill Vance Oakes Penn Ridley Sato Varga Lund Okafor Moreau Castell "
    "Brandt Ivers Kowal Duarte Feld Haddad Ellery Novak Amari Lindqvist Ferro Achebe Blom Carver "
    "Dunmore Eastwick Fairlie Grange Holloway Ishida Jessop Kerrigan Lowther Mancini Nakamura"
).split()
WORDS = (
    "premiere red carpet award season sequel trailer casting director studio tour album single "
    "chart festival interview rumour engagement wedding split reunion stunt scene shoot script "
    "franchise sequel spinoff streaming ratings finale episode series stage musical gala fashion "
    "designer gown look style royal palace visit charity fans social media post statement "
    "representative confirmed source close insider revealed surprised delighted emotional night "
    "crowd cheered backstage rehearsal soundtrack producer budget box office weekend opening"
).split()
SECTIONS = ["Film", "TV", "Music", "Royals", "Style", "Theatre", "Awards", "Streaming"]


def sentence(rng, words=14):
    text = " ".join(rng.choices(WORDS, k=words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, names=()):
    parts = [sentence(rng) for _ in range(rng.randint(2, 4))]
    if names:
        parts.insert(
            rng.randint(0, len(parts)),
            f"{rng.choice(names)} said the {rng.choice(WORDS)} was {rng.choice(WORDS)}.",
        )
    return " ".join(parts)


def make_images(count):
    images = []
    for n in range(count):
        buffer = io.BytesIO()
        colour = ((n * 37) % 256, (n * 91) % 256, (n * 53) % 256)
        PILImage.new("RGB", (1200, 800), colour).save(buffer, "JPEG", quality=70)
        image = Image(alt_text=f"Benchmark picture {n}", caption=f"Picture {n}", credit="Bench")
        image.file.save(f"bench-{n}.jpg", ContentFile(buffer.getvalue()), save=False)
        image.save()
        images.append(image)
    return images


def generate(articles=100_000, people=20_000, out=print, seed=1, image_count=40):
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        sections = [
            Section.objects.get_or_create(slug=name.lower(), defaults={"name": name, "order": i})[0]
            for i, name in enumerate(SECTIONS)
        ]
    out("sections ready")
    images = make_images(image_count)
    out("images ready")

    start = Person.objects.count()
    batch = []
    for n in range(people):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{start + n}"
        birth = datetime.date(rng.randint(1935, 2005), rng.randint(1, 12), rng.randint(1, 28))
        batch.append(
            Person(
                name=name,
                slug=f"person-{start + n}",
                sort_name=filing_name(name),
                birth_date=birth,
                bio=paragraph(rng),
                photo=rng.choice(images) if n % 5 == 0 else None,
            )
        )
    Person.objects.bulk_create(batch, batch_size=2000)
    person_ids = list(Person.objects.order_by("-pk").values_list("pk", flat=True)[:people])
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    out(f"{people} people")

    productions = []
    base = Production.objects.count()
    for n in range(max(1, people // 4)):
        year = rng.randint(1960, 2026)
        productions.append(
            Production(
                title=f"The {rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {base + n}",
                slug=f"production-{base + n}",
                kind=rng.choice(["film", "tv", "stage", "album"]),
                release_year=year,
                synopsis=paragraph(rng),
                shown_publicly=True,  # a known title has a page before any story names it
            )
        )
    Production.objects.bulk_create(productions, batch_size=2000)
    production_ids = list(
        Production.objects.order_by("-pk").values_list("pk", flat=True)[: len(productions)]
    )
    credits = {
        (rng.choice(person_ids), pid, "actor", f"Role {i}")
        for i, pid in enumerate(production_ids * 8)
    }
    Credit.objects.bulk_create(
        [
            Credit(person_id=p, production_id=pr, role=r, character=c, billing=i % 20)
            for i, (p, pr, r, c) in enumerate(credits)
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    out(f"{len(productions)} productions, {len(credits)} credits")

    tags = [
        Tag.objects.get_or_create(name=f"{w} {i}", defaults={"slug": f"{w}-{i}"})[0]
        for i, w in enumerate(rng.sample(WORDS, 40) * 10)
    ]
    article_type = ContentType.objects.get_for_model(Article)
    first = Article.objects.count()
    done = 0
    while done < articles:
        size = min(5000, articles - done)
        rows = []
        for n in range(first + done, first + done + size):
            live = n % 20 != 0
            publish_at = now - datetime.timedelta(minutes=rng.randint(5, 60 * 24 * 365 * 3))
            about = rng.sample(person_ids, rng.randint(1, 3))
            body = "".join(f"<p>{paragraph(rng, [names[p] for p in about])}</p>" for _ in range(6))
            headline = f"{names[about[0]]} {rng.choice(WORDS)} {rng.choice(WORDS)} {n}"
            rows.append(
                (
                    Article(
                        headline=headline,
                        slug=f"story-{n}",
                        standfirst=sentence(rng, 20),
                        body=body,
                        section=rng.choice(sections),
                        hero_image=rng.choice(images) if n % 3 else None,
                        status="published" if live else rng.choice(["draft", "review", "approved"]),
                        publish_at=publish_at if live else None,
                        first_published_at=publish_at if live else None,
                        is_lead=n % 50 == 0,
                    ),
                    about,
                    rng.sample(tags, rng.randint(1, 4)),
                    rng.sample(production_ids, n % 2),
                )
            )
        with transaction.atomic():
            created = Article.objects.bulk_create([row[0] for row in rows], batch_size=1000)
            if connection.vendor == "sqlite" or created[0].pk is None:
                # SQLite before 3.35 cannot return ids from a bulk insert; look them up.
                ids = dict(
                    Article.objects.filter(slug__in=[a.slug for a in created]).values_list(
                        "slug", "pk"
                    )
                )
                for article in created:
                    article.pk = ids[article.slug]
            Article.people.through.objects.bulk_create(
                [
                    Article.people.through(article_id=a.pk, person_id=p)
                    for a, (_, about, _, _) in zip(created, rows, strict=True)
                    for p in about
                ],
                batch_size=5000,
            )
            TaggedItem.objects.bulk_create(
                [
                    TaggedItem(tag=t, content_type=article_type, object_id=a.pk)
                    for a, (_, _, chosen, _) in zip(created, rows, strict=True)
                    for t in chosen
                ],
                batch_size=5000,
            )
            Article.productions.through.objects.bulk_create(
                [
                    Article.productions.through(article_id=a.pk, production_id=p)
                    for a, (_, _, _, films) in zip(created, rows, strict=True)
                    for p in films
                ],
                batch_size=5000,
            )
            index_in_bulk(created, rows, names)
        done += size
        out(f"{done} articles")
    index_people_in_bulk(person_ids, names)
    out("search index filled")
    refresh_statistics()
    out("planner statistics refreshed")


def index_in_bulk(created, rows, names):
    from articles.search import plain_text

    entries = [
        SearchEntry(
            article_id=a.pk,
            headline=a.headline,
            standfirst=a.standfirst,
            body=plain_text(a.body),
            tags=" ".join(t.name for t in chosen),
            people=" ".join(names[p] for p in about),
        )
        for a, (_, about, chosen, _) in zip(created, rows, strict=True)
    ]
    SearchEntry.objects.bulk_create(entries, batch_size=2000)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO article_fts(rowid, headline, standfirst, body, tags, people) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (e.article_id, e.headline, e.standfirst, e.body, e.tags, e.people)
                    for e in entries
                ],
            )


def index_people_in_bulk(person_ids, names):
    if connection.vendor != "sqlite":
        return  # PostgreSQL's trigram indexes follow the table by themselves
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO person_fts(rowid, name, also_known_as) VALUES (%s, %s, '')",
            [(pk, names[pk]) for pk in person_ids],
        )
