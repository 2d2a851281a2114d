"""The editor's embed lookup: a link in, the block's attributes and text out, as JSON."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse

from blocks import lookup
from blocks.providers import UNKNOWN_LINK
from desk.views import staff_only
from newsroom import images


@staff_only
def lookup_embed(request):
    """POST url=… → {ok, provider, attributes, text, thumbnail, html, message}; 400 if not ours."""
    if not request.user.has_perm("articles.change_article"):  # only those who write bodies
        raise PermissionDenied
    found = lookup.lookup(request.POST.get("url", ""), by=request.user)
    if found is None:
        return JsonResponse({"ok": False, "message": UNKNOWN_LINK}, status=400)
    thumbnail = found.thumbnail
    return JsonResponse(
        {
            "ok": found.ok,
            "provider": found.link.provider.key,
            "provider_name": found.link.provider.name,
            "attributes": found.attributes,
            "text": found.text,
            "thumbnail": (
                {"id": thumbnail.pk, "url": images.sized_url(thumbnail, 320)} if thumbnail else None
            ),
            "html": found.html,
            "message": found.message,
        }
    )
