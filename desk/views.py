"""The story page's autosave and presence endpoints: small JSON answers for its scripts."""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles import workflow
from articles.models import Article
from desk import autosaves, presence


def staff_only(view):
    """Signed-in staff, by POST (CSRF-checked by the middleware); anyone else gets a 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not admin.site.has_permission(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(require_POST(wrapped))


def _story(request, pk):
    """Story `pk`, for someone who may edit it; None (a new story) for someone who may add one."""
    if pk is None:
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        return None
    story = get_object_or_404(Article.objects.only("status", "created_by", "version"), pk=pk)
    if not workflow.can_edit(story, request.user):
        raise PermissionDenied
    return story


@staff_only
def autosave(request, pk=None):
    story = _story(request, pk)
    if not any(field in request.POST for field in autosaves.FIELDS):
        return JsonResponse({"error": "Nothing to keep."}, status=400)
    kept = autosaves.keep(request.user, story, request.POST)
    return JsonResponse({"kept": kept, "at": timezone.localtime().strftime("%H:%M:%S")})


@staff_only
def discard(request, pk=None):
    autosaves.discard(request.user, _story(request, pk))
    return JsonResponse({"discarded": True})


@staff_only
def heartbeat(request, pk):
    story = _story(request, pk)
    presence.check_in(story, request.user)
    return JsonResponse({"others": presence.others(story, request.user)})


@staff_only
def leave(request, pk):
    presence.leave(_story(request, pk), request.user)
    return JsonResponse({"left": True})
