"""Old addresses of renamed stories, people, productions, sections and tags.

When something public changes its slug, its old address keeps answering with a 301 to
the new one. The old slug names the thing itself, so chains never form: every old
address is one hop from the current one. A redirect is followed only to something the
page's own public query finds, so it never leads to a story that is not live.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponsePermanentRedirect

from newsroom.models import OldSlug


def slug_before(instance):
    """The slug `instance` has in the database now (None for a new one). One query."""
    if instance.pk is None:
        return None
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    return rows.values_list("slug", flat=True).first()


def renamed(instance, old_slug, keep=True):
    """After `instance` was saved: its old slug redirects (when `keep`), its new one is its own."""
    if old_slug == instance.slug:
        return
    kind = ContentType.objects.get_for_model(instance)
    OldSlug.objects.filter(content_type=kind, slug=instance.slug).delete()
    if keep and old_slug:
        OldSlug.objects.update_or_create(
            content_type=kind, slug=old_slug, defaults={"object_id": instance.pk}
        )


def follow_or_404(request, public, slug, address=None):
    """A 301 to what in the queryset `public` had `slug` before, or a 404.

    `address(thing)` gives its page's path, when the thing has no get_absolute_url.
    """
    kind = ContentType.objects.get_for_model(public.model)
    old = OldSlug.objects.filter(content_type=kind, slug=slug).values_list("object_id").first()
    target = public.filter(pk=old[0]).first() if old else None
    if target is None:
        raise Http404("No such page.")
    path = address(target) if address else target.get_absolute_url()
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))
