from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom import images, rights, siteurl
from newsroom.models import showing
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
        return Article.objects.live_sections()


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
        return Person.objects.public().only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at


class ProductionSitemap(PublicSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Production.objects.public().only("slug", "updated_at")

    def lastmod(self, production):
        return production.updated_at


class AuthorSitemap(PublicSitemap):
    """Authors with a live story: the only ones with a page."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        return Article.objects.live_authors().order_by("pk").only("slug")


class PicturedPage:
    """A public page and the address of the picture readers see on it."""

    def __init__(self, page, image):
        self.path = page.get_absolute_url()
        image = rights.to_show(image)
        # The largest JPEG readers are given; never made here, for thousands of pages.
        rendition = images.jpeg_rendition(image, max_width=1920, make_missing=False)
        self.pictures = [siteurl.absolute(rendition.url if rendition else image.file.url)]


class PicturedPages:
    """Live stories, people, productions and authors showing a picture now, paged through lazily.

    A picture whose licence has ended counts only through its stand-in. Django's
    paginator counts and slices this as it would one queryset.
    """

    def __init__(self):
        now = timezone.now()
        stories = Article.objects.live(now).filter(showing("hero_image", now))
        self.parts = [
            (stories.newest_first(), "hero_image"),
            (Person.objects.public(now).filter(showing("photo", now)).order_by("pk"), "photo"),
            (
                Production.objects.public(now).filter(showing("poster", now)).order_by("pk"),
                "poster",
            ),
            (
                Article.objects.live_authors().filter(showing("photo", now)).order_by("pk"),
                "photo",
            ),
        ]

    def count(self):
        return sum(rows.count() for rows, _ in self.parts)

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        found = []
        for rows, picture in self.parts:
            if stop <= 0:
                break
            total = rows.count()
            if start < total:
                chosen = rows.select_related(picture, f"{picture}__replace_with").only(
                    "slug", *self._picture_fields(picture)
                )
                found += [PicturedPage(row, getattr(row, picture)) for row in chosen[start:stop]]
            start, stop = max(0, start - total), stop - total
        return found

    @staticmethod
    def _picture_fields(picture):
        # Enough of the picture and of its stand-in to choose between them and list one.
        fields = ("file", "renditions_index", "expire_at")
        return [
            *(f"{picture}__{name}" for name in fields),
            *(f"{picture}__replace_with__{name}" for name in fields),
        ]


class ImageSitemap(PublicSitemap):
    """The pictures readers may see now, by the page that shows them (Google's image sitemap)."""

    limit = 5000

    def items(self):
        return PicturedPages()

    def location(self, page):
        return page.path


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "people": PersonSitemap,
    "productions": ProductionSitemap,
    "authors": AuthorSitemap,
    "images": ImageSitemap,
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
