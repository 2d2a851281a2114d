from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Section
from people.models import Person, Production


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    limit = 5000

    def items(self):
        return Article.objects.live().newest_first().only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class SectionSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class TagSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.live_tags().order_by("name")

    def location(self, tag):
        return reverse("articles:tag_detail", args=[tag.slug])


class PersonSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Person.objects.only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at


class ProductionSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Production.objects.only("slug", "updated_at")

    def lastmod(self, production):
        return production.updated_at


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "people": PersonSitemap,
    "productions": ProductionSitemap,
}
