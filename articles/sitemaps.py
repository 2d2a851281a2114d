from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.urls import reverse

from articles.models import Article, Section
from newsroom import siteurl
from people.models import Person, Production


class PublicSitemap(Sitemap):
    """A sitemap whose addresses are on SITE_URL, whatever host the crawler asked for."""

    def get_protocol(self, protocol=None):
        return siteurl.protocol()

    def get_domain(self, site=None):
        return siteurl.domain()


class ArticleSitemap(PublicSitemap):
    changefreq = "hourly"
    limit = 5000

    def items(self):
        return Article.objects.live().newest_first().only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class SectionSitemap(PublicSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class TagSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.live_tags().order_by("name")

    def location(self, tag):
        return reverse("articles:tag_detail", args=[tag.slug])


class PersonSitemap(PublicSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Person.objects.only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at


class ProductionSitemap(PublicSitemap):
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


def index_entries():
    """The index's entries, one a sitemap page, on SITE_URL.

    Django's own index view takes the host from the request, which a cached index would
    then give to every crawler.
    """
    entries = []
    for section, kind in SITEMAPS.items():
        sitemap = kind()
        location = siteurl.absolute(reverse("sitemap_section", args=[section]))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{location}?p={page}", lastmod))
    return entries
