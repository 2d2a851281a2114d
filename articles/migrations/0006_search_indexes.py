"""Full-text indexes in each database's own engine.

SQLite: FTS5 tables, for stories (words, stemmed) and for people's names (trigrams,
so a misspelt name still matches). PostgreSQL: a weighted tsvector column with a GIN
index, and trigram indexes on names (pg_trgm). Both are filled by articles.search.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE article_fts USING fts5("
    "headline, standfirst, body, tags, people, tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE person_fts USING fts5(name, also_known_as, tokenize='trigram')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS article_fts", "DROP TABLE IF EXISTS person_fts"]

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE articles_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(headline, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(people, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(tags, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(standfirst, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(body, '')), 'D')
    ) STORED""",
    "CREATE INDEX articles_searchentry_document ON articles_searchentry USING gin (document)",
    "CREATE INDEX people_person_name_trgm ON people_person USING gin (name gin_trgm_ops)",
    "CREATE INDEX people_person_aka_trgm ON people_person USING gin (also_known_as gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS people_person_aka_trgm",
    "DROP INDEX IF EXISTS people_person_name_trgm",
    "DROP INDEX IF EXISTS articles_searchentry_document",
    "ALTER TABLE articles_searchentry DROP COLUMN IF EXISTS document",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_add_search_entry"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
