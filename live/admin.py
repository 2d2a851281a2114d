from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse

from articles.models import Article
from live import entries
from live.forms import EntryEditForm
from live.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Changing and correcting one update; they are added from their story's page."""

    form = EntryEditForm
    list_display = ["__str__", "story", "status", "is_pinned", "author", "published_at"]
    list_filter = ["status", "is_pinned"]
    list_select_related = ["story", "author"]
    search_fields = ["headline", "body", "story__headline"]
    show_full_result_count = False
    fields = ["story", "status", "headline", "body", "correction"]
    readonly_fields = ["story", "status"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        # Updates of a story under embargo only for the story's own people, as the story.
        stories = Article.objects.on_desk_for(request.user).values("pk")
        return super().get_queryset(request).filter(story__in=stories)

    def has_add_permission(self, request):
        return False  # from the story's own page, where the quick form is

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn, never deleted: the desk keeps its record

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return entries.may_post(request.user)
        return entries.can_edit(obj, request.user) and obj.status != Entry.Status.WITHDRAWN

    def get_fields(self, request, obj=None):
        if obj is not None and obj.status != Entry.Status.PUBLISHED:
            return ["story", "status", "headline", "body"]  # a correction needs readers first
        return self.fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        # Through the live coverage rules: a note on a published update becomes a correction.
        entry = Entry.objects.get(pk=obj.pk)
        try:
            entries.edit(
                entry, request.user, data["body"], data["headline"], data.get("correction", "")
            )
        except entries.LiveError as error:
            self.message_user(request, str(error), messages.ERROR)
            request.live_refused = True

    def save_related(self, request, form, formsets, change):
        pass  # no relations to save, and save_model did the work

    def log_change(self, request, obj, message):
        if not getattr(request, "live_refused", False):
            super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not getattr(request, "live_refused", False):
            corrected = request.POST.get("correction", "").strip()
            if corrected and obj.status == Entry.Status.PUBLISHED:
                done = "Update corrected: readers see the correction note under it."
            else:
                done = "Update changed."
            self.message_user(request, done, messages.SUCCESS)
        return redirect(
            reverse("admin:articles_article_change", args=[obj.story_id]) + "#live-desk"
        )
