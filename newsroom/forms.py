"""Upload forms of the image library: one picture, or a set from the same shoot."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from newsroom import images, picture_changes
from newsroom.models import Image


def _upload_help():
    return (
        f"{images.accepted_formats_text()}. Location and camera data are removed and the "
        "picture is turned upright before anyone else sees it."
    )


class ImageForm(forms.ModelForm):
    """The admin's add and change form: an upload is checked before anything is stored."""

    # A plain file field: names mean nothing here, the bytes are checked in clean_file.
    file = forms.FileField(
        label="Picture",
        help_text=_upload_help(),
        allow_empty_file=True,  # refused in clean_file, with the same words as other problems
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": 0, "max": 1}),
        }

    # Set by the admin when the storage had no room (files.NoRoom): the save is refused.
    not_stored = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):  # a new upload, not the stored master
            images.check_upload(upload)
        if self.not_stored:
            raise ValidationError(str(self.not_stored), code="no_room")
        return upload


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
