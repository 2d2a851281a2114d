from django.urls import path

from live import feeds, views
from newsroom.pagecache import cache_public_page

app_name = "live"

# Each depends on the story's own key: a new entry forgets these pages, and no others.
urlpatterns = [
    path(
        "articles/<slug:slug>/updates.json",
        cache_public_page(views.updates, depends_on="story:{slug}"),
        name="updates",
    ),
    path(
        "feeds/live/<slug:slug>/",
        cache_public_page(feeds.LiveEntriesFeed(), depends_on="story:{slug}"),
        name="feed",
    ),
]
