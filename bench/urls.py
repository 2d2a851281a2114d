from django.http import HttpResponse
from django.urls import path

from newsroom.urls import handler404, handler500, urlpatterns  # noqa: F401


def floor(request):
    """The cheapest page Django can serve here: the same middleware, no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *urlpatterns]
