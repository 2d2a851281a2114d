from django.urls import path

from newsroom.pagecache import cache_public_page
from people import views

app_name = "people"

urlpatterns = [
    path(
        "people/", cache_public_page(views.person_index, depends_on="people"), name="person_index"
    ),
    # Their awards (a winner called on the night) forget these pages, and only them.
    path(
        "people/<slug:slug>/",
        cache_public_page(views.person_detail, depends_on="person:{slug}"),
        name="person_detail",
    ),
    path(
        "productions/",
        cache_public_page(views.production_index, depends_on="productions"),
        name="production_index",
    ),
    path(
        "productions/<slug:slug>/",
        cache_public_page(views.production_detail, depends_on="production:{slug}"),
        name="production_detail",
    ),
]
