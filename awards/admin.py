from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from awards import calls
from awards.models import AwardEvent, Category, Nomination, WinnerCall
from newsroom import pagecache
from newsroom.pickers import CheckedPickers


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 3
    fields = ["name", "order"]
    show_change_link = True  # its nominees are on its own page
    verbose_name_plural = "categories (save, then open one to add its nominees)"


class NominationInline(CheckedPickers, admin.TabularInline):
    model = Nomination
    extra = 5
    fields = ["person", "production", "detail", "order", "won"]
    readonly_fields = ["won"]
    autocomplete_fields = ["person", "production"]

    @admin.display(description="Won", boolean=True)
    def won(self, nomination):
        return nomination.is_winner


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "order"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name", "event__name"]
    inlines = [NominationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pagecache.purge()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pagecache.purge()


@admin.register(AwardEvent)
class AwardEventAdmin(CheckedPickers, admin.ModelAdmin):
    list_display = ["name", "date", "is_public", "live_story"]
    list_filter = ["is_public"]
    search_fields = ["name", "ceremony"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["live_story"]
    inlines = [CategoryInline]
    change_form_template = "admin/awards/awardevent/change_form.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A rare edit: everything is made afresh (winners show on people's pages too).
        pagecache.purge()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pagecache.purge()

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/winners/", view(winners_desk), name="awards_awardevent_winners"),
            path(
                "nominations/<int:pk>/<slug:action>/",
                view(require_POST(call)),
                name="awards_nomination_call",
            ),
            *super().get_urls(),
        ]


def winners_desk(request, pk):
    """The night's page on the desk: every category, one press to call its winner."""
    if not request.user.has_perm("awards.view_awardevent"):
        raise PermissionDenied
    event = get_object_or_404(AwardEvent.objects.select_related("live_story"), pk=pk)
    categories = event.categories.prefetch_related("nominations__person", "nominations__production")
    history = WinnerCall.objects.filter(nomination__category__event=event).select_related(
        "actor", "nomination__category", "nomination__person", "nomination__production"
    )
    return render(
        request,
        "admin/awards/awardevent/winners.html",
        {
            **admin.site.each_context(request),
            "title": f"Winners: {event.name}",
            "opts": AwardEvent._meta,
            "event": event,
            "categories": categories,
            "history": history[:50],
            "can_call": calls.may_call(request.user),
        },
    )


def call(request, pk, action):
    nomination = get_object_or_404(Nomination.objects.select_related("category"), pk=pk)
    back = redirect(
        reverse("admin:awards_awardevent_winners", args=[nomination.category.event_id])
        + f"#category-{nomination.category_id}"
    )
    run = {"winner": calls.call_winner, "undo": calls.undo_winner}.get(action)
    if run is None:
        raise PermissionDenied
    try:
        nomination, warning = run(nomination, request.user)
    except calls.CallError as error:
        messages.error(request, str(error))
        return back
    if action == "winner":
        messages.success(
            request, f"{nomination.nominee} {nomination.won_phrase}: posted and on their pages."
        )
    else:
        messages.success(request, f"Call undone: {nomination.nominee} is no longer the winner.")
    if warning:
        messages.warning(request, warning)
    return back
