import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils import timezone

from articles import scheduling, workflow
from articles.models import Byline
from newsroom import pickers


class NewsroomDateTimeField(forms.CharField):
    """A date and time typed on the newsroom's clock (an <input type=datetime-local>)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError("Enter a date and time, e.g. 2026-11-24 09:00.") from None


class WorkflowForm(forms.Form):
    """The buttons' form: which move, why, and for timed moves, when."""

    action = forms.ChoiceField(choices=[(name, a.label) for name, a in workflow.ACTIONS.items()])
    note = forms.CharField(required=False, max_length=2000)
    when = NewsroomDateTimeField(required=False)
    occurrence = forms.ChoiceField(
        choices=[("first", "the first"), ("second", "the second")], required=False
    )
    anyway = forms.BooleanField(required=False, label="Publish anyway")

    def clean(self):
        cleaned = super().clean()
        naive = cleaned.get("when")
        if naive is not None:
            try:
                cleaned["when"] = scheduling.to_newsroom_time(naive, cleaned.get("occurrence"))
            except forms.ValidationError as error:
                self.add_error("when", error)
        action = cleaned.get("action")
        if action == "schedule" and not cleaned.get("when"):
            self.add_error("when", "Choose when the story should go live.")
        return cleaned

    def notices(self):
        """Plain words about how the time was read, for the person who chose it."""
        when = self.cleaned_data.get("when")
        if when is None:
            return []
        notes = []
        if self.cleaned_data["action"] == "schedule" and when <= timezone.now():
            notes.append("That time had already passed, so the story was published now.")
        if scheduling.is_ambiguous(when):
            which = self.cleaned_data.get("occurrence") or "first"
            notes.append(
                f"That time happens twice as the clocks go back; it was taken as the {which}: "
                f"{scheduling.describe(when)}."
            )
        return notes


class BylinePicker(AutocompleteSelectMultiple):
    """The admin's author autocomplete, showing the chosen authors in byline order."""

    def __init__(self, attrs=None):
        # Searches through Byline.author: the authors' admin answers, with its permissions.
        attrs = {**(attrs or {}), "data-byline-picker": ""}
        super().__init__(Byline._meta.get_field("author"), admin.site, attrs)

    @property
    def media(self):
        # After django.jQuery exists (jquery.init.js), to listen to the autocomplete.
        return super().media + forms.Media(js=["admin/js/jquery.init.js", "js/bylines.js"])

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        order = {}
        for number, pk in enumerate(value):
            order.setdefault(str(pk), number)
        options = sorted(groups[0][1], key=lambda option: order.get(str(option["value"]), 0))
        for index, option in enumerate(options):
            option["index"] = str(index)
        return [(None, options, 0)]


class BylinesField(pickers.ModelMultipleChoiceField):
    """Authors in the order they were picked (Django's field returns them in the database's)."""

    widget = BylinePicker

    def __init__(self, **kwargs):
        author = Byline._meta.get_field("author").related_model
        kwargs.setdefault("required", False)
        super().__init__(author.objects.all(), **kwargs)

    def clean(self, value):
        chosen = {author.pk: author for author in super().clean(value)}
        picked = dict.fromkeys(self.key_field().to_python(pk) for pk in value or [])
        return [chosen[pk] for pk in picked if pk in chosen]

    def has_changed(self, initial, data):
        initial = [str(pk) for pk in self.prepare_value(initial or [])]
        return initial != [str(pk) for pk in data or []]
