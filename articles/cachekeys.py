"""Which cached pages show a story: the keys a change to it purges (newsroom.pagecache).

A page carries the keys of what it shows or lists by (see the urls modules and
pagecache.shows). A story shows on its own pages and in lists: its section, its tags,
people, productions and authors, the home page, the latest feed, the sitemaps and
search; and, as a related story, on the pages of stories sharing a person or a tag,
which carry those people's and tags' keys. So a change to a story purges all of those
and nothing else: an unrelated person's page stays cached.
"""

from django.contrib.contenttypes.models import ContentType
from taggit.models import TaggedItem

# Lists any story may appear in, whatever it is about.
LISTS = ("home", "latest", "sitemaps", "search")


def story_key(pk):
    """The key of pages that link to a story by its id (an award night's live story)."""
    return f"article:{pk}"


def of_stories(pks):
    """Every key whose pages show one of these stories or may list it: five queries."""
    from articles.models import Article, Byline  # the models purge through this module

    pks = list(pks)
    keys = set(LISTS)
    for pk, slug, section in Article.objects.filter(pk__in=pks).values_list(
        "pk", "slug", "section__slug"
    ):
        keys |= {f"story:{slug}", story_key(pk), f"section:{section}"}
    links = (
        (
            "tag",
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Article), object_id__in=pks
            ).values_list("tag__slug", flat=True),
        ),
        (
            "person",
            Article.people.through.objects.filter(article_id__in=pks).values_list(
                "person__slug", flat=True
            ),
        ),
        (
            "production",
            Article.productions.through.objects.filter(article_id__in=pks).values_list(
                "production__slug", flat=True
            ),
        ),
        (
            "author",
            Byline.objects.filter(article_id__in=pks).values_list("author__slug", flat=True),
        ),
    )
    for kind, slugs in links:
        keys.update(f"{kind}:{slug}" for slug in slugs)
    return sorted(keys)


def related_keys(article):
    """The keys a story's related-stories block lists by: its people's and its tags'.

    Reads the prefetched people and tags (ArticleQuerySet.for_page).
    """
    return [
        *(f"person:{person.slug}" for person in article.people.all()),
        *(f"tag:{tag.slug}" for tag in article.tags.all()),
    ]
