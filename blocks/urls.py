"""The editor's block endpoints, under /admin/blocks/ (signed-in staff only)."""

from django.urls import path

from blocks import library, views

app_name = "blocks"
urlpatterns = [
    path("pictures/", library.search, name="picture_search"),
    path("pictures/upload/", library.upload, name="picture_upload"),
    path("pictures/<int:pk>/thumbnail/", library.thumbnail, name="picture_thumbnail"),
    path("embeds/lookup/", views.lookup_embed, name="embed_lookup"),
]
