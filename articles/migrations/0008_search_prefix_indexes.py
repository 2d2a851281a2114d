"""Prefix indexes for the SQLite story index, so a half-typed word is looked up, not
expanded over every word that starts with it. The index is rebuilt from the stored
search entries. PostgreSQL needs nothing here."""

from django.db import migrations

COLUMNS = "headline, standfirst, body, tags, people"
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"


def rebuild(prefix):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        options = f", {TOKENIZE}" + (f", prefix='{prefix}'" if prefix else "")
        schema_editor.execute("DROP TABLE IF EXISTS article_fts")
        schema_editor.execute(f"CREATE VIRTUAL TABLE article_fts USING fts5({COLUMNS}{options})")
        schema_editor.execute(
            f"INSERT INTO article_fts(rowid, {COLUMNS}) "
            f"SELECT article_id, {COLUMNS} FROM articles_searchentry"
        )

    return apply


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_add_agency_copy")]

    operations = [migrations.RunPython(rebuild("3 4 5"), rebuild(""))]
