from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from newsroom import images
from newsroom.models import Image
from newsroom.siteurl import absolute


@never_cache
@require_safe
def healthz(request):
    """For load balancers: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /preview/"]
    for name in ("sitemap_index", "news_sitemap"):
        lines.append(f"Sitemap: {absolute(reverse(name))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=600)
def picture_fallback(request, pk, version, kind, width):
    """One JPEG rendition of a picture whose renditions are not all made yet.

    Pages point here (images.fallback_url) until they can give a srcset; the rendition
    is made at most once. A picture whose licence has ended is not given, nor one asked
    for without its version, which cannot be guessed from its id: ids are counted, and
    the pictures of unpublished stories are in the same library.
    """
    image = get_object_or_404(Image.objects.shown(), pk=pk)
    if version != images.master_version(image):
        raise Http404("No such picture.")
    data = images.fallback_jpeg(image, kind, width)
    if data is None:
        raise Http404("No such rendition.")
    return HttpResponse(data, content_type="image/jpeg")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
