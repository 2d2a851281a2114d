"""The live coverage panel's buttons, under /admin/live/ (signed-in staff only)."""

from django.urls import path

from live import desk

app_name = "live_desk"
urlpatterns = [
    path("stories/<int:pk>/format/", desk.set_format, name="format"),
    path("stories/<int:pk>/entries/", desk.post_entry, name="post"),
    path("stories/<int:pk>/coverage/", desk.update_coverage, name="coverage"),
    path("entries/<int:pk>/<slug:action>/", desk.entry_action, name="entry_action"),
]
