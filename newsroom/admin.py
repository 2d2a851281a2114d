from django.contrib import admin
from django.utils.html import format_html

from newsroom.models import Image

THUMBNAIL_HEIGHT = 60


def thumbnail(image, height=THUMBNAIL_HEIGHT):
    """A small preview for admin lists and autocomplete; empty when there is no file."""
    if not image or not image.file:
        return ""
    return format_html(
        '<img src="{}" alt="" height="{}" style="max-width:120px;object-fit:cover">',
        image.file.url,
        height,
    )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "alt_text", "credit", "size", "uploaded_at", "uploaded_by"]
    list_display_links = ["preview", "alt_text"]
    list_filter = ["uploaded_at"]
    search_fields = ["alt_text", "caption", "credit", "original_filename"]
    readonly_fields = ["large_preview", "size", "original_filename", "uploaded_by", "uploaded_at"]
    list_select_related = ["uploaded_by"]
    fieldsets = [
        (None, {"fields": ["file", "large_preview", "alt_text", "caption", "credit"]}),
        ("Crop", {"fields": ["focal_x", "focal_y"], "classes": ["collapse"]}),
        ("File", {"fields": ["size", "original_filename", "uploaded_by", "uploaded_at"]}),
    ]

    @admin.display(description="Preview")
    def preview(self, image):
        return thumbnail(image)

    @admin.display(description="Preview")
    def large_preview(self, image):
        return thumbnail(image, height=240)

    @admin.display(description="Size")
    def size(self, image):
        return f"{image.width} × {image.height}" if image.width else ""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
