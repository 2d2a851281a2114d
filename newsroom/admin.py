import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from newsroom import admin_views, images, picture_changes, rights
from newsroom.files import NoRoom
from newsroom.forms import ImageForm
from newsroom.models import Image, Rendition
from newsroom.pickers import CheckedPickers

THUMBNAIL_HEIGHT = 60


def thumbnail(image, height=THUMBNAIL_HEIGHT):
    """A small preview for admin lists and autocomplete; empty when there is no file.

    A small rendition, listed on the image's row (no query), else the master.
    """
    if not image or not image.file:
        return ""
    return format_html(
        '<img src="{}" alt="" height="{}" style="max-width:120px;object-fit:cover">',
        images.sized_url(image, 320),
        height,
    )


def rights_summary(image):
    """The licence of `image` in one line for the desk: kind, licensor, territories, terms, end."""
    if image is None:
        return "–"
    parts = [image.get_licence_display() or "Licence not recorded"]
    if image.licensor:
        parts.append(f"from {image.licensor}")
    if image.excluded_territories:
        parts.append(f"not to be shown in {rights.territories_text(image.excluded_territories)}")
    if image.usage_terms:
        parts.append(image.usage_terms)
    if image.expire_at:
        ended = "ended" if not image.is_shown() else "ends"
        parts.append(f"licence {ended} {_when(image.expire_at)}")
    return format_html("{}", "; ".join(parts))


def _when(moment):
    return date_format(timezone.localtime(moment), "j M Y H:i")


def place_link(field, obj):
    """'hero image of article “…”', linked to the admin page of that article."""
    label = f"{field.verbose_name} of {obj._meta.verbose_name} “{obj}”"
    target = getattr(obj, "admin_target", obj)  # a use kept in a row of its own opens its owner
    try:
        url = reverse(
            f"admin:{target._meta.app_label}_{target._meta.model_name}_change", args=[target.pk]
        )
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


class AltTextFilter(admin.SimpleListFilter):
    title = "alt text"
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", "Missing")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(alt_text="")
        return queryset


class LicenceEndsFilter(admin.SimpleListFilter):
    title = "licence ends"
    parameter_name = "licence_ends"

    def lookups(self, request, model_admin):
        return [("week", "In the next 7 days"), ("ended", "Ended"), ("never", "Never")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "week":
            return queryset.expiring_between(now, now + datetime.timedelta(days=7))
        if self.value() == "ended":
            return queryset.filter(expire_at__lte=now)
        if self.value() == "never":
            return queryset.filter(expire_at__isnull=True)
        return queryset


@admin.register(Image)
class ImageAdmin(CheckedPickers, admin.ModelAdmin):
    form = ImageForm
    list_display = [
        "preview",
        "alt_text",
        "credit",
        "licence",
        "licence_ends",
        "territories",
        "size",
        "uploaded_at",
        "uploaded_by",
    ]
    list_display_links = ["preview", "alt_text"]
    list_filter = [AltTextFilter, "licence", LicenceEndsFilter, "uploaded_at"]
    search_fields = ["alt_text", "caption", "credit", "creator", "licensor", "original_filename"]
    autocomplete_fields = ["replace_with"]
    readonly_fields = [
        "focal_picker",
        "used_in",
        "size",
        "original_filename",
        "uploaded_by",
        "uploaded_at",
    ]
    list_select_related = ["uploaded_by"]
    fieldsets = [
        (None, {"fields": ["file", "alt_text", "caption", "credit"]}),
        (
            "Rights",
            {
                "fields": [
                    ("creator", "copyright_notice"),
                    ("licensor", "licence"),
                    "excluded_territories",
                    "usage_terms",
                    ("expire_at", "replace_with"),
                ],
                "description": "From the licence or the agency's terms. Fields left empty "
                "on upload are filled from the file's own credit and copyright data.",
            },
        ),
        (
            "Focal point",
            {
                "fields": ["focal_picker", ("focal_x", "focal_y")],
                "description": "Click the picture on what must stay in every crop, usually a face.",
            },
        ),
        ("Used in", {"fields": ["used_in"]}),
        ("File", {"fields": ["size", "original_filename", "uploaded_by", "uploaded_at"]}),
    ]

    class Media:
        css = {"all": ["css/images-admin.css"]}
        js = ["js/focal-point.js"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj else [f for f in fieldsets if f[0] != "Used in"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        image = self.get_object(request, unquote(object_id)) if object_id else None
        refusal = image is not None and self._refusal(request, image)
        if refusal:
            if request.method == "POST":  # sent anyway, from a page opened before, say
                self.message_user(request, "Nothing was saved.", messages.ERROR)
                return redirect(request.get_full_path())
            extra_context = {**(extra_context or {}), "picture_refusal": refusal}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except NoRoom as no_room:
            # Rolled back with its files. Show the form again, with their words and why.
            request.picture_not_stored = no_room
            return super().changeform_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._refusal(request, obj):
            return False  # the change form shows read-only, saying why
        return super().has_change_permission(request, obj)

    def _refusal(self, request, image):
        """Why someone who may change pictures may not change this one; "" if they may.

        Asked several times for one page, so worked out once per request.
        """
        if not super().has_change_permission(request, image):
            return ""
        known = vars(request).setdefault("picture_refusals", {})
        if image.pk not in known:
            known[image.pk] = picture_changes.refusal(image, request.user)
        return known[image.pk]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.not_stored = getattr(request, "picture_not_stored", None)
        return form

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "upload/",
                view(admin_views.upload_several),
                {"model_admin": self},
                name="newsroom_image_upload",
            ),
            path(
                "describe/",
                view(admin_views.describe),
                {"model_admin": self},
                name="newsroom_image_describe",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Preview")
    def preview(self, image):
        return thumbnail(image)

    @admin.display(description="Preview")
    def focal_picker(self, image):
        # static/js/focal-point.js turns a click on the picture into focal_x/focal_y.
        if not image.file:
            return format_html(
                '<div class="focal-picker" data-focal-picker>'
                '<img class="focal-picker__image" alt="{}" hidden>'
                '<span class="focal-picker__marker" hidden></span></div>',
                "The picture chosen for upload",
            )
        return format_html(
            '<div class="focal-picker" data-focal-picker>'
            '<img class="focal-picker__image" src="{}" alt="{}">'
            '<span class="focal-picker__marker" hidden></span></div>',
            images.sized_url(image, 960),
            image.alt_text,
        )

    @admin.display(description="Used in")
    def used_in(self, image):
        places = [place_link(field, obj) for field, obj in image.usages()]
        if not places:
            return "Nowhere yet."
        items = format_html_join("", "<li>{}</li>", ((place,) for place in places))
        return format_html('<ul class="used-in">{}</ul>', items)

    @admin.display(description="Licence ends", ordering="expire_at")
    def licence_ends(self, image):
        if image.expire_at is None:
            return "–"
        when = _when(image.expire_at)
        if not image.is_shown():
            return format_html('<strong class="licence-ended">Ended {}</strong>', when)
        return when

    @admin.display(description="Not shown in")
    def territories(self, image):
        return rights.territories_text(image.excluded_territories) or "–"

    @admin.display(description="Size")
    def size(self, image):
        return f"{image.width} × {image.height}" if image.width else ""

    def autocomplete_extra(self, image):
        """Added to each autocomplete result (see newsroom.admin_site); "" until it is made."""
        return {"thumbnail": images.small_url(image)}

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Renditions go with their picture: listing them would only bury the point.
        deleted = [item for item in deleted if not isinstance(item, list)]
        counts.pop(Rendition._meta.verbose_name_plural, None)
        if protected:
            several = len(objs) > 1
            protected = [
                format_html("“{}”: {}", image, place_link(field, obj))
                if several
                else place_link(field, obj)
                for image in objs
                for field, obj in image.usages()
            ]
        return deleted, counts, perms_needed, protected

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image.delete()  # each removes its files from storage too

    def save_model(self, request, obj, form, change):
        if change:
            # Checked again as it saves; the stories showing the picture record the change.
            picture_changes.change(obj, request.user, form.changed_data)
            return
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


# Django's own account pages pick groups and permissions by id too.
admin.site.unregister([User, Group])


@admin.register(User)
class UserAdmin(CheckedPickers, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(CheckedPickers, auth_admin.GroupAdmin):
    pass
