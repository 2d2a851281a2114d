from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.urls import sitemap_urlpatterns
from newsroom import signin, twofactor, views

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("people.urls")),
    path("", include("authors.urls")),
    path("", include("live.urls")),
    path("", include("awards.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # A picture's stand-in rendition while its renditions are being made (newsroom.tasks).
    path(
        "pictures/<int:pk>/<slug:version>/<slug:kind>-<int:width>.jpg",
        views.picture_fallback,
        name="picture_fallback",
    ),
    # Before the admin's own URLs: the sign-in form that also asks for the authenticator
    # code and counts failures (newsroom/signin.py), and setting that code up.
    path("admin/login/", signin.admin_login, name="admin_login"),
    path("admin/two-factor/", admin.site.admin_view(twofactor.enrol), name="two_factor"),
    # The story page's autosave and presence (desk/urls.py), before the admin's catch-all.
    path("admin/desk/", include("desk.urls")),
    path("admin/blocks/", include("blocks.urls")),
    # The live coverage panel's buttons on the story page (live/desk_urls.py).
    path("admin/live/", include("live.desk_urls")),
    path("admin/", admin.site.urls),
    *sitemap_urlpatterns,
]

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

if settings.DEBUG:
    # In production the proxy or object storage serves uploads, not Django.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
