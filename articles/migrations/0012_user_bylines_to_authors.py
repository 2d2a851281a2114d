"""Bylines were logins; now they are authors. Each login in a byline becomes an author
linked to it (named by its full name, else its username), in the same place in every
story's byline and in every revision's snapshot. Bylines are put in the order of the
logins' ids, the order revisions kept them in, so the newest revision matches its story.
"""

from django.conf import settings
from django.db import migrations
from django.utils.text import slugify


class Authors:
    """The author for each login, made the first time one is asked for."""

    def __init__(self, apps):
        self.Author = apps.get_model("authors", "Author")
        self.User = apps.get_model(settings.AUTH_USER_MODEL)
        self.known = {}

    def for_user(self, user_id):
        """The author's id, or None for a login deleted since."""
        if user_id not in self.known:
            self.known[user_id] = self._find_or_make(user_id)
        return self.known[user_id]

    def _find_or_make(self, user_id):
        user = self.User.objects.filter(pk=user_id).first()
        if user is None:
            return None
        author = self.Author.objects.filter(user=user).first()
        if author is None:
            name = f"{user.first_name} {user.last_name}".strip() or user.username
            author = self.Author.objects.create(user=user, name=name, slug=self._free_slug(name))
        return author.pk

    def _free_slug(self, name):
        base = slugify(name)[:150] or "author"
        slug, n = base, 2
        while self.Author.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


def revisions_with_bylines(Revision, batch=500):
    """Revisions whose snapshot keeps bylines, a batch at a time (they are rewritten as read)."""
    pks = list(Revision.objects.filter(snapshot__has_key="bylines").values_list("pk", flat=True))
    for start in range(0, len(pks), batch):
        yield from Revision.objects.filter(pk__in=pks[start : start + batch])


def users_to_authors(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    Revision = apps.get_model("articles", "Revision")
    authors = Authors(apps)
    links = Article.bylines.through.objects.order_by("article_id", "user_id")
    positions = {}
    for article_id, user_id in links.values_list("article_id", "user_id").iterator():
        position = positions[article_id] = positions.get(article_id, -1) + 1
        Byline.objects.create(
            article_id=article_id, author_id=authors.for_user(user_id), position=position
        )
    for revision in revisions_with_bylines(Revision):
        found = [authors.for_user(pk) for pk in revision.snapshot["bylines"]]
        revision.snapshot["bylines"] = [pk for pk in found if pk is not None]
        revision.save(update_fields=["snapshot"])


def authors_to_users(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    Revision = apps.get_model("articles", "Revision")
    Author = apps.get_model("authors", "Author")
    users = dict(Author.objects.filter(user__isnull=False).values_list("pk", "user_id"))
    Link = Article.bylines.through
    Link.objects.bulk_create(
        [
            Link(article_id=article_id, user_id=users[author_id])
            for article_id, author_id in Byline.objects.values_list("article_id", "author_id")
            if author_id in users
        ],
        ignore_conflicts=True,
    )
    for revision in revisions_with_bylines(Revision):
        found = [users.get(pk) for pk in revision.snapshot["bylines"]]
        revision.snapshot["bylines"] = sorted(pk for pk in found if pk is not None)
        revision.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_add_byline"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(users_to_authors, authors_to_users)]
