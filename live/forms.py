from django import forms

from live.models import Coverage, Entry

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class EntryForm(forms.ModelForm):
    """The desk's quick form: a few words of headline, the update, and whether to pin it."""

    pinned = forms.BooleanField(required=False, label="Pin it to the top")

    class Meta:
        model = Entry
        fields = ["headline", "body"]


class EntryEditForm(forms.ModelForm):
    """Changing an entry; on a published one a note makes the change a public correction."""

    correction = forms.CharField(
        label="Correction note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Shown to readers under the update, e.g. “An earlier version named the "
        "wrong film.” Leave empty for a fix that changes no facts (a typo).",
    )

    class Meta:
        model = Entry
        fields = ["headline", "body"]


def _moment_field(label, help_text):
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=[LOCAL_INPUT, "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )


class CoverageForm(forms.ModelForm):
    starts_at = _moment_field("Coverage starts", "Empty: when the story goes live.")
    ends_at = _moment_field("Planned end", "For search engines; “End coverage” sets it to now.")

    class Meta:
        model = Coverage
        fields = ["key_points", "starts_at", "ends_at"]
        widgets = {"key_points": forms.Textarea(attrs={"rows": 4, "cols": 70})}
