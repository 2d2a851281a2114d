"""A live story's entries as RSS 2.0: each with its own address on the story's page."""

import html

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.models import Article
from live.models import Entry
from newsroom.siteurl import absolute

FEED_LENGTH = 30


class LiveEntriesFeed(Feed):
    """The newest entries of one live story; nothing while the story is not live."""

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response.content = response.content  # one write, not one per element
        return response

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.live().filter(is_live_coverage=True), slug=slug)

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Readers show titles and descriptions as HTML; ours are text (see articles.feeds).
        for element in [feed.feed, *feed.items]:
            for key in ("title", "description"):
                if element.get(key):
                    element[key] = html.escape(element[key], quote=False)
        return feed

    def title(self, story):
        return f"{settings.SITE_NAME}: {story.headline} (live updates)"

    def link(self, story):
        return absolute(story.get_absolute_url())

    def feed_url(self, story):
        return absolute(reverse("live:feed", args=[story.slug]))

    def description(self, story):
        return story.standfirst or f"Live updates: {story.headline}"

    def items(self, story):
        entries = list(Entry.objects.public().for_page().filter(story=story)[:FEED_LENGTH])
        for entry in entries:
            entry.story = story  # each link names it: no query per entry
        return entries

    def item_title(self, entry):
        return entry.headline or entry.summary

    def item_link(self, entry):
        return absolute(f"{entry.story.get_absolute_url()}#{entry.anchor}")

    def item_guid(self, entry):
        return self.item_link(entry)

    def item_description(self, entry):
        return entry.text

    def item_pubdate(self, entry):
        return entry.published_at

    def item_updateddate(self, entry):
        return entry.updated_at

    def item_author_name(self, entry):
        return entry.author_name or settings.SITE_NAME
