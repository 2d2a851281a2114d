"""The desk's endpoints, under /admin/desk/ (signed-in staff only, see views.staff_only)."""

from django.urls import path

from desk import views

app_name = "desk"
urlpatterns = [
    path("stories/new/autosave/", views.autosave, name="autosave_new"),
    path("stories/new/autosave/discard/", views.discard, name="discard_new"),
    path("stories/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("stories/<int:pk>/autosave/discard/", views.discard, name="discard"),
    path("stories/<int:pk>/presence/", views.heartbeat, name="heartbeat"),
    path("stories/<int:pk>/presence/leave/", views.leave, name="leave"),
]
