"""Search over stories and people, on the database's own full-text engine.

One small interface (`search`, `index_article`, `index_person`, `rebuild`) with two
backends: SQLite FTS5 and PostgreSQL full-text search with trigram similarity. A
story's save queues `index_stories`, run off the request path. The index holds every
story; whether a match may be shown is decided by live() at query time, so publishing,
withdrawing and expiry need no re-indexing.
"""

import html
import itertools
import re
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django_tasks import task
from rapidfuzz import fuzz

from articles import cachekeys
from articles.models import Article, SearchEntry
from newsroom import pagecache
from people.models import Person

CANDIDATES = 500  # best-ranked matches considered before the live() filter
# Only the newest matches are ranked: a word most stories contain would otherwise mean
# scoring the whole archive on every search. Rarer words rank every match they have.
NEWEST_MATCHES = 1000
MIN_PREFIX = 3  # "se" could be the start of half the dictionary; the index starts at three
START, STOP = "\x02", "\x03"  # highlight markers, turned into <mark> after escaping
WORD = re.compile(r"\w+", re.UNICODE)
NAME_MATCH = 0.6  # how close a misspelt name must be to count as the same person
# A story whose headline or people (whom it is about) hold every searched word comes
# before the stories that only mention them: bm25 lets a short story naming someone a
# few times beat a long feature with them in the headline, ts_rank one naming them often.
ABOUT = ("headline", "people")


@dataclass
class Hit:
    article: Article
    snippet: str


@dataclass
class Results:
    hits: list  # of ids, paginated by the view, turned into Hits by `hits_for`
    people: list
    corrected: str = ""
    words: list = field(default_factory=list)  # what was searched for, after any correction
    prefix: bool = False  # whether the last word was taken as the start of a longer one


def plain_text(html_text):
    return html.unescape(strip_tags(re.sub(r"<(br|/p|/li|/h\d)[^>]*>", " ", html_text or "")))


def highlight(text):
    """Escape a snippet, then turn the engine's markers into <mark>."""
    safe = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(safe)


# Keeping the index in step ---------------------------------------------------------------


def index_article(article):
    people = article.people.all()
    names = " ".join([p.name for p in people] + [a for p in people for a in p.aliases])
    fields = {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": plain_text(article.body),
        "tags": " ".join(article.tags.names()),
        "people": names,
    }
    SearchEntry.objects.update_or_create(article=article, defaults=fields)
    backend().store_article(article.pk, fields)


@task()
def index_stories(article_ids):
    """Bring the index of these stories up to date: the task a save queues (articles.signals)."""
    stories = Article.objects.filter(pk__in=article_ids).prefetch_related("people", "tags")
    for article in stories:
        index_article(article)
    index_changed()
    return len(stories)


def index_changed():
    """Search pages made from the index as it was are made again (cachekeys.SEARCH).

    What they showed is still public (a story leaving readers purges them at once), so
    readers may have the old copy while one worker makes the new one.
    """
    pagecache.purge_keys(cachekeys.SEARCH, stale_ok=True)


def unindex_article(pk):
    SearchEntry.objects.filter(article_id=pk).delete()
    backend().remove_article(pk)


def index_person(person):
    backend().store_person(person)


def unindex_person(pk):
    backend().remove_person(pk)


def rebuild():
    """Index every story and person again (after bulk loads that bypass save())."""
    for article in Article.objects.prefetch_related("people", "tags").iterator(chunk_size=500):
        index_article(article)
    for person in Person.objects.iterator(chunk_size=1000):
        index_person(person)


def refill():
    """Fill the engine's own index from the stored entries and people (after a restore)."""
    backend().refill()


# Asking ---------------------------------------------------------------------------------


def search(query):
    """Ranked ids of live matching stories, and the people the query names."""
    words = WORD.findall(query.lower())
    if not words:
        return Results(hits=[], people=[])
    engine = backend()
    people = find_people(engine, query, words)
    ids, prefix = find_stories(engine, words)
    corrected = ""
    if not ids and people and people[0].name.lower() != query.lower():
        # "Tom Cruz": no story says that, but the stories about Tom Cruise are wanted.
        corrected = people[0].name
        words = WORD.findall(corrected.lower())
        ids, prefix = find_stories(engine, words)
    return Results(hits=ids, people=people, corrected=corrected, words=words, prefix=prefix)


def find_stories(engine, words):
    """Ranked live ids for `words`, and whether the last word was read as a prefix.

    The last word counts as the start of a longer one ("Klementi") only when, whole,
    it finds nothing and has at least three letters: expanding a prefix means merging
    the lists of every word that starts with it (indexed on SQLite up to five
    letters), far dearer than looking one word up.
    """
    ids = live_in_order(engine.article_ids(words, CANDIDATES, prefix=False))
    if ids or len(words[-1]) < MIN_PREFIX:
        return ids, False
    return live_in_order(engine.article_ids(words, CANDIDATES, prefix=True)), True


def live_in_order(ranked_ids):
    live = set(Article.objects.live().filter(pk__in=ranked_ids).values_list("pk", flat=True))
    return [pk for pk in ranked_ids if pk in live]


def best_snippet(texts, headline):
    """Where the story's own words match, else the headline if it does, else the opening.

    Never the tags or the people column, which are bare lists of names.
    """
    best = max(texts, key=lambda text: text.count(START))
    if START in best:
        return best
    if START in headline:
        return headline
    return next((text for text in texts if text), "")


def hits_for(ids, results):
    """The stories for one page of results, in rank order, with highlighted snippets."""
    articles = Article.objects.live().for_cards().filter(pk__in=ids).in_bulk()
    snippets = backend().snippets(results.words, ids, prefix=results.prefix)
    return [Hit(articles[pk], highlight(snippets.get(pk, ""))) for pk in ids if pk in articles]


def find_people(engine, query, words, limit=10):
    """People whose name or other names match, closest first; misspellings included."""
    candidates = engine.person_ids(query, words, limit * 5)
    people = Person.objects.public().filter(pk__in=candidates).select_related("photo")
    scored = []
    for person in people:
        names = [person.name, *person.aliases]
        score = max(
            fuzz.ratio(query.lower(), name.lower()) / 100
            for name in [*names, *(word for name in names for word in name.split())]
        )
        if score >= NAME_MATCH or query.lower() in person.name.lower():
            scored.append((-score, person.name, person))
    return [person for *_, person in sorted(scored)[:limit]]


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


class SqliteBackend:
    """FTS5: stemmed words for stories, trigrams for names."""

    # bm25 column weights: headline, standfirst, body, tags, people.
    WEIGHTS = "10.0, 3.0, 1.0, 5.0, 8.0"

    def _execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def store_article(self, pk, fields):
        self.remove_article(pk)
        self._execute(
            "INSERT INTO article_fts(rowid, headline, standfirst, body, tags, people) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [pk, *fields.values()],
        )

    def remove_article(self, pk):
        self._execute("DELETE FROM article_fts WHERE rowid = %s", [pk])

    def store_person(self, person):
        self.remove_person(person.pk)
        self._execute(
            "INSERT INTO person_fts(rowid, name, also_known_as) VALUES (%s, %s, %s)",
            [person.pk, person.name, " ".join(person.aliases)],
        )

    def remove_person(self, pk):
        self._execute("DELETE FROM person_fts WHERE rowid = %s", [pk])

    def refill(self):
        self._execute("DELETE FROM article_fts")
        self._execute(
            "INSERT INTO article_fts(rowid, headline, standfirst, body, tags, people) "
            "SELECT article_id, headline, standfirst, body, tags, people FROM articles_searchentry"
        )
        self._execute("DELETE FROM person_fts")
        people = Person.objects.only("name", "also_known_as").order_by("pk").iterator(2000)
        while batch := list(itertools.islice(people, 2000)):
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO person_fts(rowid, name, also_known_as) VALUES (%s, %s, %s)",
                    [(person.pk, person.name, " ".join(person.aliases)) for person in batch],
                )

    @staticmethod
    def match_expression(words, prefix, columns=()):
        # Every word must appear (in one of `columns`, if given); the last one may be
        # the start of a longer word.
        quoted = [f'"{word}"' for word in words]
        if prefix:
            quoted[-1] += "*"
        if columns:
            quoted = [f"{{{' '.join(columns)}}} : {phrase}" for phrase in quoted]
        return " ".join(quoted)

    def article_ids(self, words, limit, prefix):
        # Story ids grow as stories are written: the highest are the newest. The
        # headline-or-people test reads only as far back as the oldest of them.
        rows = self._execute(
            f"WITH newest AS (SELECT rowid, bm25(article_fts, {self.WEIGHTS}) AS rank "
            f"FROM article_fts WHERE article_fts MATCH %s ORDER BY rowid DESC LIMIT %s) "
            f"SELECT rowid FROM newest ORDER BY rowid IN (SELECT rowid FROM article_fts "
            f"WHERE article_fts MATCH %s AND rowid >= (SELECT min(rowid) FROM newest)) DESC, "
            f"rank, rowid DESC LIMIT %s",
            [
                self.match_expression(words, prefix),
                NEWEST_MATCHES,
                self.match_expression(words, prefix, columns=ABOUT),
                limit,
            ],
        )
        return [row[0] for row in rows]

    def snippets(self, words, ids, prefix):
        if not ids or not words:
            return {}
        marks = ", ".join(["%s"] * len(ids))
        # Columns 1, 2 and 0: standfirst, body, headline.
        rows = self._execute(
            f"SELECT rowid, snippet(article_fts, 1, %s, %s, '…', 24), "
            f"snippet(article_fts, 2, %s, %s, '…', 24), "
            f"snippet(article_fts, 0, %s, %s, '…', 24) FROM article_fts "
            f"WHERE article_fts MATCH %s AND rowid IN ({marks})",
            [*[START, STOP] * 3, self.match_expression(words, prefix), *ids],
        )
        return {
            pk: best_snippet([standfirst, body], headline)
            for pk, standfirst, body, headline in rows
        }

    def person_ids(self, query, words, limit):
        grams = {word[i : i + 3] for word in words for i in range(max(1, len(word) - 2))}
        expression = " OR ".join(f'"{gram}"' for gram in sorted(grams) if len(gram) == 3)
        if not expression:
            return []
        rows = self._execute(
            "SELECT rowid FROM person_fts WHERE person_fts MATCH %s ORDER BY bm25(person_fts) "
            "LIMIT %s",
            [expression, limit],
        )
        return [row[0] for row in rows]


class PostgresBackend:
    """A weighted tsvector for stories; pg_trgm similarity for names."""

    def store_article(self, pk, fields):
        pass  # the tsvector column is generated from the SearchEntry row

    def remove_article(self, pk):
        pass

    def store_person(self, person):
        pass  # trigram indexes on the people table keep themselves up to date

    def remove_person(self, pk):
        pass

    def refill(self):
        pass  # the tsvector column and the trigram indexes follow their tables

    @staticmethod
    def tsquery(words, prefix, weights="", any_word=False):
        # Every word must appear (any one of them, if `any_word`; with one of `weights`,
        # if given); the last one may be the start of a longer word.
        terms = [re.sub(r"\W", "", word) for word in words]
        terms = [term for term in terms if term]
        if terms and prefix:
            terms[-1] += ":*"
        if weights:  # "tom" becomes "tom:A", "cruis:*" becomes "cruis:*A"
            terms = [term + weights if ":" in term else f"{term}:{weights}" for term in terms]
        return (" | " if any_word else " & ").join(terms)

    def article_ids(self, words, limit, prefix):
        query = self.tsquery(words, prefix)
        if not query:
            return []
        # The document gives headline and people weight A (migration 0006).
        about = self.tsquery(words, prefix, weights="A")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT article_id FROM (SELECT article_id, ts_rank(document, query) AS rank, "
                "document @@ about AS is_about "
                "FROM articles_searchentry, to_tsquery('english', %s) query, "
                "to_tsquery('english', %s) about "
                "WHERE document @@ query ORDER BY article_id DESC LIMIT %s) newest "
                "ORDER BY is_about DESC, rank DESC, article_id DESC LIMIT %s",
                [query, about, NEWEST_MATCHES, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def snippets(self, words, ids, prefix):
        # Any searched word is highlighted: a story found through its people may name
        # only "Cruise" in its text.
        query = self.tsquery(words, prefix, any_word=True)
        if not ids or not query:
            return {}
        options = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT article_id, ts_headline('english', standfirst || ' ' || body, query, %s), "
                "ts_headline('english', headline, query, %s) "
                "FROM articles_searchentry, to_tsquery('english', %s) query "
                "WHERE article_id = ANY(%s)",
                [options, f"{options}, HighlightAll=true", query, list(ids)],
            )
            return {pk: best_snippet([text], headline) for pk, text, headline in cursor.fetchall()}

    def person_ids(self, query, words, limit):
        # Each branch of the union uses a trigram index; with the three tests OR-ed in
        # one WHERE the planner reads all the people instead.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM people_person WHERE id IN ("
                " SELECT id FROM people_person WHERE name %% %s"
                " UNION ALL SELECT id FROM people_person WHERE name %%> %s"
                " UNION ALL SELECT id FROM people_person WHERE also_known_as %%> %s) "
                "ORDER BY GREATEST(similarity(name, %s), word_similarity(%s, name), "
                "word_similarity(%s, also_known_as)) DESC, id LIMIT %s",
                [query] * 6 + [limit],
            )
            return [row[0] for row in cursor.fetchall()]
