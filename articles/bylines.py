"""Bylines: the authors a story is signed with, in the order readers see them."""

from django.db import transaction

from articles.models import Byline
from authors.models import own_author
from newsroom import pagecache


def set_bylines(article, authors):
    """Sign `article` with `authors`, in that order (each once); nothing changes if they are."""
    authors = list(dict.fromkeys(authors))
    if list(article.bylines.values_list("author_id", flat=True)) == [a.pk for a in authors]:
        return
    with transaction.atomic():
        article.bylines.all().delete()
        Byline.objects.bulk_create(
            Byline(article=article, author=author, position=number)
            for number, author in enumerate(authors)
        )
    getattr(article, "_prefetched_objects_cache", {}).pop("bylines", None)
    pagecache.purge()  # cards and pages show the names


def default_bylines(user):
    """The bylines a story `user` starts carries: their own author, made the first time."""
    return [own_author(user)]


def in_words(names):
    """Names as a sentence reads them: "A", "A and B", "A, B and C"."""
    names = list(names)
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def names(article):
    """The story's authors as one phrase, from its prefetched bylines (see with_authors)."""
    return in_words(byline.author.name for byline in article.bylines.all())
