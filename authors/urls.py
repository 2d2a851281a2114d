from django.urls import path

from authors import views
from authors.feeds import AuthorFeed
from newsroom.pagecache import cache_public_page

app_name = "authors"

urlpatterns = [
    path(
        "authors/<slug:slug>/",
        cache_public_page(views.author_detail, depends_on="author:{slug}"),
        name="author_detail",
    ),
    path(
        "feeds/authors/<slug:slug>/",
        cache_public_page(AuthorFeed(), depends_on="author:{slug}"),
        name="feed_author",
    ),
]
