"""The admin's pickers (select boxes, autocomplete and raw-id fields) given ids that cannot be.

Django's own fields refuse letters and NUL bytes, but they still pass a number too big
for the key column to the database in their many-row check (an OverflowError on SQLite,
an error on PostgreSQL), and the autocomplete widget looks up whatever was posted to
show it again (a ValueError). Either way the person got a 500 instead of a message.
These fields refuse such ids before any query and show the form again without them.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html

from newsroom import images


def could_be_key(field, value):
    """Could `value` be stored in `field`, the model field a picker chooses by?"""
    try:
        # An integer key's validators carry the range its database column holds.
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return "\x00" not in str(value)


class _KeysChecked:
    def key_field(self):
        opts = self.queryset.model._meta
        return opts.get_field(self.to_field_name) if self.to_field_name else opts.pk

    def bound_data(self, data, initial):
        # What the widget shows again; the autocomplete widget looks every value up.
        data = super().bound_data(data, initial)
        if isinstance(data, (list, tuple)):
            return [value for value in data if could_be_key(self.key_field(), value)]
        if data in self.empty_values or could_be_key(self.key_field(), data):
            return data
        return None


class ModelChoiceField(_KeysChecked, forms.ModelChoiceField):
    """Django's ModelChoiceField, safe to show again with junk posted to it."""


class ModelMultipleChoiceField(_KeysChecked, forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField; an id the key cannot hold is a form error."""

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            for item in value:
                if could_be_key(self.key_field(), item):
                    continue
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super().clean(value)


class CheckedPickers:
    """For a ModelAdmin or an inline: every foreign-key and many-to-many picker uses the
    fields above, whatever its widget."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PicturePicker(AutocompleteSelect):
    """The autocomplete for a picture from the library, with the chosen one shown beside it.

    The preview is a small rendition, never the master. static/js/image-autocomplete.js
    changes it when another picture is picked, from the thumbnail each choice carries.
    """

    def render(self, name, value, attrs=None, renderer=None):
        url = images.small_url(self.chosen(value))
        preview = {"class": "picture-preview", "src": url or None, "alt": ""}
        preview.update({"data-picture-preview": str(value) if url else "", "hidden": not url})
        return format_html("<img{}>", flatatt(preview)) + super().render(
            name, value, attrs, renderer
        )

    def chosen(self, value):
        """The picture `value` names, or None. One query when there is one."""
        key = self.field.target_field
        if value in key.empty_values or not could_be_key(key, value):
            return None
        pictures = self.field.related_model._default_manager.using(self.db)
        return pictures.filter(**{key.attname: value}).first()
