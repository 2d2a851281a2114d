from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.feeds import LatestFeed
from articles.models import Article
from newsroom.siteurl import absolute


class AuthorFeed(LatestFeed):
    def get_object(self, request, slug):
        # Only authors with a live story have a feed, as only they have a page.
        return get_object_or_404(Article.objects.live_authors(), slug=slug)

    def title(self, author):
        return f"{settings.SITE_NAME}: {author.name}"

    def link(self, author):
        return absolute(author.get_absolute_url())

    def feed_url(self, author):
        return absolute(reverse("authors:feed_author", args=[author.slug]))

    def description(self, author):
        return f"The newest stories by {author.name}."

    def stories(self, author):
        return super().stories(author).filter(bylines__author=author)
