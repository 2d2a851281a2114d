from django.contrib import admin
from django.db import models
from django.db.models import Count

from authors.models import Author
from newsroom.admin import thumbnail
from newsroom.pickers import CheckedPickers


@admin.register(Author)
class AuthorAdmin(CheckedPickers, admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "job_title", "user", "stories"]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = [("user", admin.EmptyFieldListFilter)]
    search_fields = ["name", "job_title", "user__username", "user__first_name", "user__last_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user", "photo"]
    list_select_related = ["photo", "user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "user", "photo", "bio"]}),
        ("Elsewhere", {"fields": ["website", "x_handle"]}),
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # A count drops the model's ordering (GROUP BY): the pickers list by name again.
        stories = Count("bylines")
        return super().get_queryset(request).annotate(story_count=stories).order_by("name", "pk")

    @admin.display(description="Photo")
    def photo_thumbnail(self, author):
        return thumbnail(author.photo, height=40)

    @admin.display(description="Stories", ordering="story_count")
    def stories(self, author):
        """Stories signed with this author, in any state."""
        return author.story_count
