"""Which cached pages show a story: the keys a change to it purges (newsroom.pagecache).

A page carries the keys of what it shows or lists by (see the urls modules and
pagecache.shows). A story shows on its own pages and in lists: its section, its tags,
people, productions and authors, the home page, the latest feed, the sitemaps and
search (which follows the search index: see SEARCH); and, as a related story, on the
pages of stories sharing a person or a tag, which carry those people's and tags' keys.
So a change to a story purges all of those and nothing else: an unrelated person's
page stays cached.

A person or production not shown publicly of their own is public while a live story
names them (people.models): when such a story goes live or stops being live, every
page crediting or mentioning them may change, so everything is purged.
"""

from django.contrib.contenttypes.models import ContentType
from taggit.models import TaggedItem

from newsroom import pagecache

# Lists any story may appear in, whatever it is about (the A–Z lists of people and
# productions too: a story can make someone public).
LISTS = ("home", "latest", "sitemaps", "people", "productions")
# Search pages list what the search index finds: they are purged when a story may enter
# or leave them (going live, stopping) and, for an edit, when the index task has read
# the new text (articles.search.index_stories), not before.
SEARCH = "search"


def story_key(pk):
    """The key of pages that link to a story by its id (an award night's live story)."""
    return f"article:{pk}"


def purge_stories(pks, stale_ok=False, publicness_may_change=True, also=()):
    """Purge the pages showing or listing these stories (and the keys `also`).

    `stale_ok` when they stay live and nothing is taken away; `publicness_may_change`
    when they may have gone live or stopped being live: then, if they name someone
    public only through them, everything.
    """
    keys, names_hidden = _keys(pks)
    if publicness_may_change and names_hidden:
        pagecache.purge()
        return
    if publicness_may_change or not stale_ok:
        keys = [*keys, SEARCH]
    pagecache.purge_keys(*sorted({*keys, *also}), stale_ok=stale_ok)


def of_stories(pks):
    """Every key whose pages show one of these stories or may list it, search pages
    aside (they follow the index: SEARCH): five queries."""
    return _keys(pks)[0]


def _keys(pks):
    """(the keys of these stories, whether they name someone not shown publicly)."""
    from articles.models import Article, Byline  # the models purge through this module

    pks = list(pks)
    keys = set(LISTS)
    for pk, slug, section in Article.objects.filter(pk__in=pks).values_list(
        "pk", "slug", "section__slug"
    ):
        keys |= {f"story:{slug}", story_key(pk), f"section:{section}"}
    article = ContentType.objects.get_for_model(Article)
    tagged = TaggedItem.objects.filter(content_type=article, object_id__in=pks)
    keys.update(f"tag:{slug}" for slug in tagged.values_list("tag__slug", flat=True))
    bylines = Byline.objects.filter(article_id__in=pks)
    keys.update(f"author:{slug}" for slug in bylines.values_list("author__slug", flat=True))
    hidden = False
    for kind, through in (
        ("person", Article.people.through),
        ("production", Article.productions.through),
    ):
        rows = through.objects.filter(article_id__in=pks)
        for slug, shown in rows.values_list(f"{kind}__slug", f"{kind}__shown_publicly"):
            keys.add(f"{kind}:{slug}")
            hidden = hidden or not shown
    return sorted(keys), hidden


def related_keys(article):
    """The keys a story's related-stories block lists by: its people's and its tags'.

    Reads the prefetched people and tags (ArticleQuerySet.for_page).
    """
    return [
        *(f"person:{person.slug}" for person in article.people.all()),
        *(f"tag:{tag.slug}" for tag in article.tags.all()),
    ]
