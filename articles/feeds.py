import html

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from taggit.models import TaggedItem

from articles.models import Article, Section, with_authors
from newsroom import images
from newsroom.siteurl import absolute
from people.models import Person, Production

FEED_LENGTH = 30


def with_tag_names(stories):
    """The stories, each with `tag_names`, from one query.

    taggit's own prefetch builds a whole queryset per story before using its results,
    which costs more than the feed itself.
    """
    stories = list(stories)
    names = {}
    tagged = TaggedItem.objects.filter(
        content_type__app_label="articles",
        content_type__model="article",
        object_id__in=[story.pk for story in stories],
    ).values_list("object_id", "tag__name")
    for pk, name in tagged.order_by("pk"):
        names.setdefault(pk, []).append(name)
    for story in stories:
        story.tag_names = names.get(story.pk, [])
    return stories


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with Media RSS: each story's picture with its size, credit and description."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": "http://search.yahoo.com/mrss/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        media = item.get("media")
        if not media:
            return
        handler.startElement("media:content", media["content"])
        if media["description"]:
            handler.addQuickElement("media:description", media["description"], {"type": "plain"})
        if media["credit"]:
            handler.addQuickElement("media:credit", media["credit"])
        handler.endElement("media:content")


class Picture:
    """The file a feed encloses for a story's picture: a sized JPEG rendition if there is one."""

    def __init__(self, image):
        rendition = images.jpeg_rendition(image)
        if rendition is not None:
            self.url, self.size = rendition.url, rendition.byte_size()
            self.width, self.height, self.type = rendition.width, rendition.height, "image/jpeg"
        else:  # not made yet: its fallback address, whose length is not known before
            self.url, self.size = images.fallback_url(image), 0
            self.width, self.height = images.fallback_size(image)
            self.type = "image/jpeg"
        self.url = absolute(self.url)


class LatestFeed(Feed):
    """The newest live stories; every address in it is on SITE_URL, not the asking host."""

    feed_type = MediaRssFeed
    title = f"{settings.SITE_NAME}: latest stories"
    description = "The newest celebrity and entertainment stories."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed is written in a thousand small pieces, and the server would send
        # each in a write of its own: join them into one.
        response.content = response.content
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Readers show descriptions as HTML, and most show titles as HTML too, while ours
        # are text (a name, a headline): escape them, on top of the XML's own escaping,
        # so a tag or a person named like markup arrives as those characters.
        for element in [feed.feed, *feed.items]:
            for key in ("title", "description"):
                if element.get(key):
                    element[key] = html.escape(element[key], quote=False)
        return feed

    def link(self, obj):
        return absolute("/")

    def feed_url(self, obj):
        return absolute(reverse("articles:feed_latest"))

    def items(self, obj):
        stories = with_tag_names(self.stories(obj)[:FEED_LENGTH])
        for story in stories:
            story.picture = Picture(story.hero) if story.hero else None
        return stories

    def stories(self, obj):
        return Article.objects.live().for_cards().prefetch_related(with_authors())

    def item_title(self, article):
        return article.headline

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def item_description(self, article):
        return article.standfirst

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        """The bylines' names, or the desk itself for a story that has none."""
        names = [byline.author.name for byline in article.bylines.all()]
        return ", ".join(names) or settings.SITE_NAME

    def item_categories(self, article):
        return [article.section.name, *article.tag_names]

    def item_enclosures(self, article):
        picture = article.picture
        if picture is None:
            return []
        return [Enclosure(picture.url, str(picture.size), picture.type)]

    def item_extra_kwargs(self, article):
        picture = article.picture
        if picture is None:
            return {}
        content = {
            "url": picture.url,
            "type": picture.type,
            "medium": "image",
            "width": str(picture.width),
            "height": str(picture.height),
        }
        if picture.size:
            content["fileSize"] = str(picture.size)
        image = article.hero
        return {
            "media": {
                "content": content,
                "description": article.caption or image.alt_text,
                "credit": image.credit,
            }
        }


class SectionFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{settings.SITE_NAME}: {section.name}"

    def link(self, section):
        return absolute(section.get_absolute_url())

    def feed_url(self, section):
        return absolute(reverse("articles:feed_section", args=[section.slug]))

    def description(self, section):
        return section.description or f"The newest {section.name} stories."

    def stories(self, section):
        return super().stories(section).filter(section=section)


class TagFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.live_tags(), slug=slug)

    def title(self, tag):
        return f"{settings.SITE_NAME}: {tag.name}"

    def link(self, tag):
        return absolute(reverse("articles:tag_detail", args=[tag.slug]))

    def feed_url(self, tag):
        return absolute(reverse("articles:feed_tag", args=[tag.slug]))

    def description(self, tag):
        return f"The newest stories tagged {tag.name}."

    def stories(self, tag):
        return super().stories(tag).filter(tags=tag)


class PersonFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.public(), slug=slug)

    def title(self, person):
        return f"{settings.SITE_NAME}: {person.name}"

    def link(self, person):
        return absolute(person.get_absolute_url())

    def feed_url(self, person):
        return absolute(reverse("articles:feed_person", args=[person.slug]))

    def description(self, person):
        return f"The newest stories about {person.name}."

    def stories(self, person):
        return super().stories(person).filter(people=person)


class ProductionFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Production.objects.public(), slug=slug)

    def title(self, production):
        return f"{settings.SITE_NAME}: {production.title}"

    def link(self, production):
        return absolute(production.get_absolute_url())

    def feed_url(self, production):
        return absolute(reverse("articles:feed_production", args=[production.slug]))

    def description(self, production):
        return f"The newest stories about {production}."

    def stories(self, production):
        return super().stories(production).filter(productions=production)
