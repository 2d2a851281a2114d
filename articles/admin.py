from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article, Section
from newsroom.admin import thumbnail


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "hero_thumbnail",
        "section",
        "status_badge",
        "publish_at",
        "updated_at",
    ]
    list_filter = ["status", "section", "is_lead", "created_by"]
    search_fields = ["headline", "standfirst", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "hero_image", "people", "productions", "bylines"]
    list_select_related = ["section", "hero_image"]
    date_hierarchy = "publish_at"
    readonly_fields = ["first_published_at", "created_by", "created_at", "updated_at", "version"]
    # An unbounded COUNT(*) on every list load gets slow on a big archive.
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["headline", "slug", "section", "standfirst", "body"]}),
        ("Picture", {"fields": ["hero_image", "hero_caption"]}),
        ("About", {"fields": ["people", "productions", "tags", "bylines", "source", "is_lead"]}),
        ("Publication", {"fields": ["status", "publish_at", "expire_at"]}),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        (
            "Record",
            {
                "fields": [
                    "first_published_at",
                    "created_by",
                    "created_at",
                    "updated_at",
                    "version",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(description="Picture")
    def hero_thumbnail(self, article):
        return thumbnail(article.hero_image, height=40)

    @admin.display(description="Status", ordering="status")
    def status_badge(self, article):
        label = article.get_status_display()
        state = article.status
        if article.status == Article.Status.PUBLISHED and not article.is_live():
            now = timezone.now()
            label, state = (
                ("Scheduled", "scheduled") if article.publish_at > now else ("Expired", "expired")
            )
        return format_html('<span class="status-badge status-badge--{}">{}</span>', state, label)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
