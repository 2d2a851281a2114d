"""The image admin's own pages: upload a set of pictures, then describe each one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from newsroom import images, picture_changes
from newsroom.files import NoRoom, all_or_nothing
from newsroom.forms import DescribeFormSet, UploadSeveralForm
from newsroom.models import Image


def _page(request, model_admin, template, title, context):
    return TemplateResponse(
        request,
        f"admin/newsroom/image/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Image._meta,
            "title": title,
            "media": model_admin.media,
            **context,
        },
    )


def _add_set(data, user):
    shared = {"alt_text": data["alt_text"], "caption": data["caption"], "credit": data["credit"]}
    with all_or_nothing():  # the whole set, files included, or none of it
        return [
            Image.objects.create(file=upload, uploaded_by=user, **_fields_for(upload, shared))
            for upload in data["files"]
        ]


def _fields_for(upload, shared):
    """The set's own fields, with what each file's IPTC and XMP say where the set says nothing."""
    found = images.embedded_fields(upload)
    return {**found, **{name: value for name, value in shared.items() if value}}


def upload_several(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = UploadSeveralForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = _add_set(form.cleaned_data, request.user)
        except NoRoom as refusal:
            form.add_error("files", str(refusal))
        else:
            messages.success(request, f"{len(added)} pictures uploaded. Now describe each one.")
            ids = ",".join(str(image.pk) for image in added)
            return redirect(f"{reverse('admin:newsroom_image_describe')}?ids={ids}")
    return _page(
        request, model_admin, "upload_several.html", "Upload several pictures", {"form": form}
    )


def describe(request, model_admin):
    """Alt text and caption for each picture of a set, beside its thumbnail."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.isdigit()]
    pictures = Image.objects.filter(pk__in=ids).order_by("pk")
    formset = DescribeFormSet(
        request.POST or None, queryset=pictures, form_kwargs={"user": request.user}
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            for form in formset.forms:
                if form.instance.pk and form.has_changed():  # never a new picture from here
                    picture_changes.change(form.save(commit=False), request.user, form.changed_data)
        refused = [form for form in formset.forms if form.refusal]
        for form in refused:
            messages.error(request, f"“{form.instance}” was left as it was. {form.refusal}")
        if not refused:
            messages.success(request, "The pictures are described and ready to use.")
        return redirect("admin:newsroom_image_changelist")
    return _page(
        request, model_admin, "describe.html", "Describe the pictures", {"formset": formset}
    )
