"""Upload forms of the image library: one picture, or a set from the same shoot."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from newsroom import images, picture_changes, rights
from newsroom.models import Image


def _upload_help():
    return (
        f"{images.accepted_formats_text()}. Location and camera data are removed and the "
        "picture is turned upright before anyone else sees it."
    )


class TerritoriesField(forms.CharField):
    """Country codes typed as text ("GB, IE"), kept as a list of ISO codes."""

    def prepare_value(self, value):
        return rights.territories_text(value) if isinstance(value, list) else value

    def to_python(self, value):
        return rights.parse_territories(super().to_python(value))


class ImageForm(forms.ModelForm):
    """The admin's add and change form: an upload is checked before anything is stored.

    A new upload's own IPTC and XMP fill the fields left empty (credit, photographer,
    copyright notice, caption, usage terms…), before they are checked, so the person
    sees what the file said.
    """

    # A plain file field: names mean nothing here, the bytes are checked in clean_file.
    file = forms.FileField(
        label="Picture",
        help_text=_upload_help(),
        allow_empty_file=True,  # refused in clean_file, with the same words as other problems
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    excluded_territories = TerritoriesField(
        label="Territories where it may not be shown",
        required=False,
        help_text="Two-letter country codes, e.g. GB, IE, US.",
    )

    class Meta:
        model = Image
        fields = [
            "file",
            "alt_text",
            "caption",
            "credit",
            "creator",
            "copyright_notice",
            "licensor",
            "licence",
            "excluded_territories",
            "usage_terms",
            "expire_at",
            "replace_with",
            "focal_x",
            "focal_y",
        ]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": 0, "max": 1}),
            "usage_terms": forms.Textarea(attrs={"rows": 3}),
        }

    # Set by the admin when the storage had no room (files.NoRoom): the save is refused.
    not_stored = None

    def full_clean(self):
        upload = self.files.get(self.add_prefix("file")) if self.is_bound else None
        if isinstance(upload, UploadedFile):
            self.data = self._filled_from(upload)
        super().full_clean()

    def _filled_from(self, upload):
        """The posted data with the empty fields the file's IPTC and XMP fill filled."""
        data = self.data.copy()
        for name, text in images.embedded_fields(upload).items():
            key = self.add_prefix(name)
            if name in self.fields and not data.get(key, "").strip():
                data[key] = text
        return data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):  # a new upload, not the stored master
            images.check_upload(upload)
        if self.not_stored:
            raise ValidationError(str(self.not_stored), code="no_room")
        return upload

    def clean_replace_with(self):
        stand_in = self.cleaned_data["replace_with"]
        if stand_in is None:
            return None
        if stand_in.pk == self.instance.pk:
            raise ValidationError("A picture cannot stand in for itself.", code="itself")
        if stand_in.is_single_use:
            raise ValidationError(
                "A single-use picture cannot stand in for another: it would appear in a second "
                "place. Choose a picture the desk may use again.",
                code="single_use",
            )
        return stand_in


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("allow_empty_file", True)  # each file is checked by the form
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


class UploadSeveralForm(forms.Form):
    """A set of pictures sharing a credit (and perhaps a caption); alt text comes next."""

    files = MultipleFileField(label="Pictures", help_text=_upload_help())
    credit = forms.CharField(
        max_length=150, help_text="Agency or photographer: given to every picture in the set."
    )
    caption = forms.CharField(
        max_length=300, required=False, help_text="Given to every picture; change any later."
    )
    alt_text = forms.CharField(
        label="Alt text for all",
        max_length=250,
        required=False,
        help_text="Only if every picture shows the same thing. Otherwise leave it empty: "
        "the next page asks for a description of each picture beside its thumbnail.",
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        problems = []
        for upload in uploads:
            try:
                images.check_upload(upload)
            except ValidationError as error:
                problems.append(f"{upload.name}: {' '.join(error.messages)}")
        if problems:
            # All or nothing: a half-stored set is harder to sort out than a retry.
            raise ValidationError(
                ["Nothing was uploaded. Remove or fix these and try again:", *problems]
            )
        return uploads


class DescribeForm(forms.ModelForm):
    """Alt text (required) and caption for one picture of a freshly uploaded set.

    A picture readers see in places `user` may not change is shown, not changeable:
    `refusal` says why.
    """

    class Meta:
        model = Image
        fields = ["alt_text", "caption"]
        widgets = {"alt_text": forms.TextInput(attrs={"size": 60})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        known = user is not None and self.instance.pk
        self.refusal = picture_changes.refusal(self.instance, user) if known else ""
        for name in self._meta.fields:
            self.fields[name].disabled = bool(self.refusal)  # what is sent for them is ignored

    @property
    def thumbnail_url(self):
        return images.sized_url(self.instance, 320)


DescribeFormSet = forms.modelformset_factory(Image, form=DescribeForm, extra=0)
