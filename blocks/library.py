"""The story editor's picture library: find a picture, or upload one, to put in a body.

Small JSON answers for blocks/static/blocks/editor.js, for signed-in staff who may
see the library (and add to it, for uploads). An upload goes through the library's
own form, so it is checked, cleaned and given renditions as in the picture desk.
"""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from newsroom import images
from newsroom.files import NoRoom
from newsroom.forms import ImageForm
from newsroom.models import Image

FOUND = 24  # pictures a search shows: a screenful of thumbnails
THUMBNAIL_WIDTH = 320


def _staff_with(permission):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not admin.site.has_permission(request) or not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(wrapped)

    return decorator


def described(image):
    """What the editor needs of a picture to show it and fill in its words."""
    return {
        "id": image.pk,
        "thumbnail": images.sized_url(image, THUMBNAIL_WIDTH),
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
    }


@require_GET
@_staff_with("newsroom.view_image")
def search(request):
    """Newest first; `q` narrows by alt text, caption, credit or the file's old name."""
    words = request.GET.get("q", "").replace("\x00", " ").split()[:8]
    found = Image.objects.on_desk_for(request.user)
    for word in words:
        found = found.filter(
            Q(alt_text__icontains=word)
            | Q(caption__icontains=word)
            | Q(credit__icontains=word)
            | Q(original_filename__icontains=word)
        )
    return JsonResponse({"results": [described(image) for image in found[:FOUND]]})


@require_POST
@_staff_with("newsroom.add_image")
def upload(request):
    """One picture with its words; form errors come back field by field, nothing kept."""
    form = ImageForm(request.POST, request.FILES)
    try:
        if form.is_valid():
            with transaction.atomic():
                image = form.save(commit=False)
                image.uploaded_by = request.user
                image.save()
            return JsonResponse({"picture": described(image)}, status=201)
    except NoRoom as no_room:
        return JsonResponse({"errors": {"file": [str(no_room)]}}, status=507)
    errors = {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }
    return JsonResponse({"errors": errors}, status=400)


@require_GET
@_staff_with("newsroom.view_image")
def thumbnail(request, pk):
    """A small rendition of picture `pk`, for the editor to show an inline picture by its id."""
    image = get_object_or_404(Image.objects.on_desk_for(request.user), pk=pk)
    return redirect(images.sized_url(image, THUMBNAIL_WIDTH))
