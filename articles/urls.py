from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from articles import feeds, views
from articles.sitemaps import SITEMAPS, ImageSitemap
from newsroom.pagecache import cache_public_page

app_name = "articles"

urlpatterns = [
    path("", cache_public_page(views.home, depends_on="home"), name="home"),
    # A live story's entries forget its page, and only it (Article.page_key).
    path(
        "articles/<slug:slug>/",
        cache_public_page(views.article_detail, depends_on="story:{slug}"),
        name="article_detail",
    ),
    path(
        "sections/<slug:slug>/",
        cache_public_page(views.section_detail, depends_on="section:{slug}"),
        name="section_detail",
    ),
    path(
        "tags/<slug:slug>/",
        cache_public_page(views.tag_detail, depends_on="tag:{slug}"),
        name="tag_detail",
    ),
    path("search/", cache_public_page(views.search, depends_on="search"), name="search"),
    path("preview/<str:token>/", views.shared_preview, name="preview"),
    path(
        "feeds/latest/",
        cache_public_page(feeds.LatestFeed(), depends_on="latest"),
        name="feed_latest",
    ),
    path(
        "feeds/sections/<slug:slug>/",
        cache_public_page(feeds.SectionFeed(), depends_on="section:{slug}"),
        name="feed_section",
    ),
    path(
        "feeds/tags/<slug:slug>/",
        cache_public_page(feeds.TagFeed(), depends_on="tag:{slug}"),
        name="feed_tag",
    ),
    path(
        "feeds/people/<slug:slug>/",
        cache_public_page(feeds.PersonFeed(), depends_on="person:{slug}"),
        name="feed_person",
    ),
    path(
        "feeds/productions/<slug:slug>/",
        cache_public_page(feeds.ProductionFeed(), depends_on="production:{slug}"),
        name="feed_production",
    ),
]

# The sitemap views are named outside the namespace so robots.txt and the
# index can reverse them the way Django's sitemap framework expects.
sitemap_urlpatterns = [
    path(
        "sitemap.xml",
        cache_public_page(views.sitemap_index, depends_on="sitemaps"),
        name="sitemap_index",
    ),
    # Before the other sitemaps: its entries carry their pictures.
    path(
        "sitemap-images.xml",
        cache_public_page(sitemap_views.sitemap, depends_on="sitemaps"),
        {"sitemaps": {"images": ImageSitemap}, "template_name": "articles/image_sitemap.xml"},
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_views.sitemap, depends_on="sitemaps"),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        cache_public_page(views.news_sitemap, depends_on="sitemaps"),
        name="news_sitemap",
    ),
]
