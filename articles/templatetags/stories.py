from django import template
from django.db.models import prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe

from articles import bylines, cachekeys, seo
from articles.mentions import link_first_mentions
from articles.models import Article, with_authors
from blocks.body import picture_ids
from blocks.render import render_blocks
from newsroom import pagecache, rights
from newsroom.templatetags.newsroom import ld_json

register = template.Library()
register.filter("byline_names", bylines.names)


def _version(article):
    # Any save moves updated_at; purges cover what a story's card shows from elsewhere.
    # The picture shown is named too: the moment its licence ends, the card is made anew.
    return f"{article.pk}:{article.updated_at.timestamp()}:{rights.shown_key(article.hero)}"


@register.filter
def linked_body(article):
    """The body with each attached person's and production's first mention linked,
    and its blocks (pictures, embeds, key points) made into readers' HTML.

    Uses the prefetched people and productions (ArticleQuerySet.for_page), and is kept
    per story version: finding the mentions means parsing the whole body.
    """
    if article.status != article.Status.PUBLISHED:  # previews show drafts as they are now
        return mark_safe(_link(article))
    # A body showing library pictures is kept only until the next change, a licence's
    # end among them (newsroom.rights), like a piece that lists stories.
    pictured = bool(picture_ids(article.body))
    body = pagecache.fragment(f"body:{_version(article)}", lambda: _link(article), pictured)
    return mark_safe(body)


def _link(article):
    # Sanitised again by link_first_mentions; the blocks' pictures in one query.
    linked = link_first_mentions(article.body, article.people.all(), article.productions.all())
    return render_blocks(linked)


@register.simple_tag
def card_items(articles, heading="h3"):
    """<li> cards for a list of live stories, each rendered once per story version.

    Only for live stories (the lists readers see): a card is shared by every page
    that lists its story.
    """
    return mark_safe("".join(f"<li>{html}</li>" for html in _cards(list(articles), heading)))


@register.simple_tag
def lead_card(article, heading="h2"):
    """The home page's lead story as a large card, kept as the others are."""
    return mark_safe(_cards([article], heading, lead=True)[0])


def _cards(articles, heading, lead=False):
    card = get_template("partials/_card.html")
    kind = f"{'lead' if lead else 'card'}:{heading}"
    by_name = {f"{kind}:{_version(a)}": a for a in articles}

    def render(names):
        made = [by_name[n] for n in names]
        # Bylines only for the cards made now, in one query (ArticleQuerySet.for_cards),
        # with those of the other stories loaded with them for the page (card_batch).
        batch = {id(s): s for a in made for s in getattr(a, "card_batch", [a])}
        prefetch_related_objects(
            [
                s
                for s in batch.values()
                if "bylines" not in getattr(s, "_prefetched_objects_cache", {})
            ],
            with_authors(),
        )
        return [card.render({"article": a, "heading": heading, "lead": lead}) for a in made]

    return pagecache.fragments(list(by_name), render)


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


def _story_piece(article, name, make, lists_stories=False):
    """A piece of a live story's page, kept per story version until the story's keys are
    purged (anything said of it changed: its tags, people, bylines, corrections).

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
    name = f"{name}:{_version(article)}"
    return pagecache.fragment(name, make_loaded, lists_stories, keys)


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
        # Pictures in the body keep the piece only until the next change (a licence's end).
        pictured = bool(picture_ids(article.body))
        return _story_piece(article, self.name, lambda: self.nodelist.render(context), pictured)


@register.filter
def news_article_data(article):
    """The story's schema.org NewsArticle, as a JSON-LD block."""
    return ld_json(seo.news_article(article))


@register.filter
def share_image_url(article):
    return seo.share_image_url(article.hero)
