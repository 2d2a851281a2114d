from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.urls import sitemap_urlpatterns
from newsroom import views

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("people.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    *sitemap_urlpatterns,
]

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

if settings.DEBUG:
    # In production the proxy or object storage serves uploads, not Django.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
