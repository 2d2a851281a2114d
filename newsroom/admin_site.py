"""The newsroom's admin site: Django's own, under the site's name, with richer autocomplete.

A ModelAdmin may define `autocomplete_extra(obj)` returning more fields for each
result; the image library adds a thumbnail URL that static/js/image-autocomplete.js
shows in every picture picker.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class DeskAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        extra = getattr(self.model_admin, "autocomplete_extra", None)
        return {**result, **extra(obj)} if extra else result


class DeskAdminSite(AdminSite):
    # Read when a page is made, so a SITE_NAME set for one test or deployment shows.
    @property
    def site_header(self):
        return settings.SITE_NAME

    @property
    def site_title(self):
        return settings.SITE_NAME

    @property
    def index_title(self):
        return f"{settings.SITE_NAME} newsroom"

    def autocomplete_view(self, request):
        return DeskAutocompleteJsonView.as_view(admin_site=self)(request)


class DeskAdminConfig(AdminConfig):
    """Installed in place of "django.contrib.admin"."""

    default_site = "newsroom.admin_site.DeskAdminSite"
