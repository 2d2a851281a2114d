"""Form widgets of the desk's own: a slug that follows the headline."""

from django import forms


class SlugInput(forms.TextInput):
    """A slug box that, given `follows` (another box's id), is filled from that box as one
    types, until someone types in the slug itself (static/js/slug.js)."""

    class Media:
        js = ["js/slug.js"]

    def __init__(self, attrs=None, follows=None):
        super().__init__(attrs)
        self.follows = follows

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.follows:
            context["widget"]["attrs"]["data-slug-from"] = self.follows
        return context
