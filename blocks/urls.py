"""The editor's block endpoints, under /admin/blocks/ (signed-in staff only)."""

from django.urls import path

from blocks import views

app_name = "blocks"
urlpatterns = [
    path("embeds/lookup/", views.lookup_embed, name="embed_lookup"),
]
