from functools import partial

from django import template
from django.db.models import prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe

from articles import bylines, cachekeys, seo
from articles.mentions import link_first_mentions
from articles.models import Article, with_authors
from blocks.render import render_blocks
from newsroom import pagecache
from newsroom.templatetags.newsroom import ld_json

register = template.Library()
register.filter("byline_names", bylines.names)


def story_version(story):
    """What names a kept piece of a story (its card, its body, parts of its page): its
    id, its version and the picture it names; None for a story deleted since its row
    was read (a card row's).

    Any save moves updated_at, and purges cover what is shown of it from elsewhere. The
    picture shown may change without either (a licence's end), so every such piece is
    kept only until the next scheduled change (pagecache's lists_stories), those moments
    among them: a page can then name its pieces from the story's row alone.
    """
    if story.updated_at is None:
        return None
    return f"{story.pk}:{story.updated_at.timestamp()}:{story.hero_image_id or 0}"


@register.filter
def linked_body(article):
    """The body with each attached person's and production's first mention linked,
    and its blocks (pictures, embeds, key points) made into readers' HTML.

    Uses the prefetched people and productions (ArticleQuerySet.for_page), and is kept
    per story version: finding the mentions means parsing the whole body.
    """
    if article.status != article.Status.PUBLISHED:  # previews show drafts as they are now
        return mark_safe(_link(article))
    name = f"body:{story_version(article)}"
    return mark_safe(pagecache.fragment(name, lambda: _link(article), lists_stories=True))


def _link(article):
    # Sanitised again by link_first_mentions; the blocks' pictures in one query.
    linked = link_first_mentions(article.body, article.people.all(), article.productions.all())
    return render_blocks(linked)


@register.simple_tag
def card_items(articles, heading="h3"):
    """<li> cards for a list of live stories (or their card rows), each rendered once per
    story version.

    Only for live stories (the lists readers see): a card is shared by every page
    that lists its story.
    """
    cards = _cards(list(articles), heading)
    return mark_safe("".join(f"<li>{html}</li>" for html in cards if html))


@register.simple_tag
def lead_card(article, heading="h2"):
    """The home page's lead story as a large card, kept as the others are."""
    return mark_safe("".join(_cards([article], heading, lead=True)))


def _cards(items, heading, lead=False):
    """The cards of `items`: stories, or card rows (ArticleQuerySet.card_rows), named by
    story_version, so a page can name its cards from light rows and load the stories
    only for the cards it has to make."""
    card = get_template("partials/_card.html")
    kind = f"{'lead' if lead else 'card'}:{heading}"
    by_name = {f"{kind}:{story_version(item)}": item for item in items if story_version(item)}

    def render(names):
        made = [_card_story(by_name[name]) for name in names]
        # Bylines only for the cards made now, in one query (ArticleQuerySet.for_cards).
        prefetch_related_objects(
            [s for s in made if s and "bylines" not in getattr(s, "_prefetched_objects_cache", {})],
            with_authors(),
        )
        return [
            card.render({"article": story, "heading": heading, "lead": lead}) if story else ""
            for story in made
        ]

    return pagecache.fragments(list(by_name), render, lists_stories=True)


def _card_story(item):
    # A story deleted since its row was read has no card.
    return item if isinstance(item, Article) else item.story()


@register.simple_tag
def related_stories(article):
    """The "Related stories" block for a live story, kept until one of the people or
    tags it lists by is purged (a related story changed)."""

    def render():
        related = Article.objects.live().related_to(article.load_relations())
        return render_to_string("partials/_related.html", {"related": related})

    keys = _story_piece(
        article, "related-keys", lambda: " ".join(cachekeys.related_keys(article))
    ).split()
    block = pagecache.fragment(f"related:{article.pk}", render, lists_stories=True, keys=keys)
    return mark_safe(block)


def _story_piece(article, name, make):
    """A piece of a live story's page, kept per story version (story_version) until the
    story's keys are purged (anything said of it changed: its tags, people, bylines,
    corrections).

    Made from the story's relations, fetched only when the piece is made: a page made
    afresh from kept pieces costs the story's own row and nothing more. Drafts seen in
    a preview, and live coverage (its own page), are made every time.
    """

    def make_loaded():
        article.load_relations()
        return make()

    if article.status != article.Status.PUBLISHED or article.is_live_coverage:
        return make_loaded()
    keys = (article.page_key, cachekeys.story_key(article.pk))
    name = f"{name}:{story_version(article)}"
    return pagecache.fragment(name, make_loaded, lists_stories=True, keys=keys)


@register.tag
def story_piece(parser, token):
    """{% story_piece "name" article %}…{% endstory_piece %}: that part of the story's
    page, kept as _story_piece keeps it."""
    try:
        _, name, article = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError("story_piece takes a name and a story") from error
    nodelist = parser.parse(("endstory_piece",))
    parser.delete_first_token()
    return StoryPieceNode(name.strip("\"'"), parser.compile_filter(article), nodelist)


class StoryPieceNode(template.Node):
    def __init__(self, name, article, nodelist):
        self.name, self.article, self.nodelist = name, article, nodelist

    def render(self, context):
        article = self.article.resolve(context)
        if context.get("preview"):
            return self.nodelist.render(context)
        return _story_piece(article, self.name, partial(self.nodelist.render, context))


@register.filter
def news_article_data(article):
    """The story's schema.org NewsArticle, as a JSON-LD block."""
    return ld_json(seo.news_article(article))


@register.filter
def story_breadcrumbs(article):
    """The story's schema.org BreadcrumbList (home, its section, the story), as JSON-LD."""
    section = article.section
    steps = seo.trail(
        (section.name, section.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    )
    return ld_json(seo.breadcrumb_list(steps))


@register.filter
def share_image_url(article):
    return seo.share_image_url(article.hero)
