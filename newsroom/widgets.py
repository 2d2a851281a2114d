"""Form widgets of the desk's own: text boxes that count as one types, a following slug."""

from django import forms
from django.utils.html import format_html


def count_text(length, limit):
    """What a count says: "58 of 110 characters", and how many too many past the limit."""
    text = f"{length} of {limit} characters"
    return f"{text}: {length - limit} too many" if length > limit else text


class Counted:
    """A text box with a live count of its characters under it, tied to it by
    aria-describedby.

    static/js/counts.js keeps the count in step while one types; past `limit` it turns
    into a warning, and a polite live region says so once, as the text crosses the limit,
    not at every key. The box never cuts text off (no maxlength): the form refuses it, so
    pasted words are not silently lost. `note` says why the limit matters.
    """

    class Media:
        css = {"all": ["css/widgets.css"]}
        js = ["js/counts.js"]

    def __init__(self, attrs=None, *, limit, note=""):
        super().__init__(attrs)
        self.limit = limit
        self.note = note

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        box = context["widget"]["attrs"]
        box.pop("maxlength", None)
        if box.get("id"):
            described = [f"{box['id']}_count", box.get("aria-describedby", "")]
            box["aria-describedby"] = " ".join(filter(None, described))
        return context

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        box_id = {**self.attrs, **(attrs or {})}.get("id")
        if not box_id:
            return box
        length = len(self.format_value(value) or "")
        over = " counted__count--over" if length > self.limit else ""
        return format_html(
            '<div class="counted">{}'
            '<p class="counted__count{}" id="{}_count" data-count-for="{}" data-count-limit="{}">'
            '<span class="counted__number">{}</span> <span class="counted__note">{}</span></p>'
            '<p class="counted__alert" aria-live="polite"></p></div>',
            box,
            over,
            box_id,
            box_id,
            self.limit,
            count_text(length, self.limit),
            self.note,
        )


class CountedTextInput(Counted, forms.TextInput):
    pass


class CountedTextarea(Counted, forms.Textarea):
    pass


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
