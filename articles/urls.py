from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from articles import feeds, views
from articles.sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("sections/<slug:slug>/", views.section_detail, name="section_detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("search/", views.search, name="search"),
    path("preview/<str:token>/", views.shared_preview, name="preview"),
    path("feeds/latest/", feeds.LatestFeed(), name="feed_latest"),
    path("feeds/sections/<slug:slug>/", feeds.SectionFeed(), name="feed_section"),
]

# The sitemap views are named outside the namespace so robots.txt and the
# index can reverse them the way Django's sitemap framework expects.
sitemap_urlpatterns = [
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
