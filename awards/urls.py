from django.urls import path

from awards import views
from newsroom.pagecache import cache_public_page

app_name = "awards"

urlpatterns = [
    # Made afresh when a winner is called (awards.calls), besides every purge.
    path(
        "awards/<slug:slug>/",
        cache_public_page(views.event_detail, depends_on="awards:{slug}"),
        name="event_detail",
    ),
]
