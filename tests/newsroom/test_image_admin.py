"""The picture desk in the admin: uploads refused or kept, sets, focal point, where used."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import workflow
from articles.models import Article
from newsroom import images
from newsroom.models import Image, Rendition
from tests.newsroom import pictures

ADD_URL = "/admin/newsroom/image/add/"
UPLOAD_URL = "/admin/newsroom/image/upload/"


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def add_form(data, name="photo.jpg", **fields):
    return {
        "file": upload(data, name),
        "alt_text": "Taylor Swift waves to fans",
        "caption": "",
        "credit": "Agency",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }


def truncated_jpeg():
    data = pictures.phone_jpeg(size=(800, 600))
    return data[: len(data) // 2]


BAD_UPLOADS = [
    ("zero bytes", b"", "photo.jpg", "The file is empty"),
    ("text renamed .jpg", b"Not a picture, just words. " * 40, "photo.jpg", "not a picture"),
    ("a PDF renamed .jpg", b"%PDF-1.4\n" + b"0" * 500, "scan.jpg", "not a picture"),
    ("truncated JPEG", None, "cut.jpg", "damaged or incomplete"),
    ("SVG", pictures.SVG, "logo.svg", "SVG drawings are not accepted"),
    ("SVG renamed .png", pictures.SVG, "logo.png", "SVG drawings are not accepted"),
    ("64 MP", pictures.png_claiming_size(8000, 8000), "big.png", "8,000 × 8,000 pixels"),
    ("bomb", pictures.png_claiming_size(30000, 30000), "bomb.png", "far too many pixels"),
]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [case[1:] for case in BAD_UPLOADS],
    ids=[case[0] for case in BAD_UPLOADS],
)
def test_bad_upload_is_refused_with_a_clear_message_and_leaves_nothing(
    staff_client, settings, data, name, message
):
    data = truncated_jpeg() if data is None else data
    response = staff_client.post(ADD_URL, add_form(data, name))
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["file"])
    assert message in errors
    assert Image.objects.count() == 0 and Rendition.objects.count() == 0
    assert media_files(settings) == []


def test_file_over_the_size_limit_is_refused(staff_client, settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 10_000
    response = staff_client.post(ADD_URL, add_form(pictures.phone_jpeg(size=(800, 600))))
    errors = " ".join(response.context["adminform"].form.errors["file"])
    assert "KB; the largest accepted is 10 KB" in errors
    assert Image.objects.count() == 0 and media_files(settings) == []


def test_pixel_limit_comes_from_the_setting(staff_client, settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 100_000
    response = staff_client.post(ADD_URL, add_form(pictures.phone_jpeg(size=(800, 600))))
    errors = " ".join(response.context["adminform"].form.errors["file"])
    assert "800 × 600 pixels" in errors and "0.1 megapixels" in errors
    assert Image.objects.count() == 0 and media_files(settings) == []


@pytest.mark.parametrize(
    ("format", "name"), [("PNG", "p.png"), ("WEBP", "w.webp"), ("GIF", "g.gif"), ("AVIF", "a.avif")]
)
def test_each_accepted_format_uploads(staff_client, format, name):
    if format not in images.readable_formats():
        pytest.skip(f"This Pillow cannot read {format}")
    data = pictures.encode(pictures.photo((640, 480)), format)
    response = staff_client.post(ADD_URL, add_form(data, name))
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = Image.objects.get()
    assert (image.width, image.height) == (640, 480)
    assert image.renditions.filter(kind="width", format="webp").exists()


def test_admin_upload_keeps_the_name_as_data_and_records_the_uploader(staff_client, admin_user):
    response = staff_client.post(ADD_URL, add_form(pictures.phone_jpeg(), "IMG_0001.JPG"))
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.original_filename == "IMG_0001.JPG"
    assert "IMG_0001" not in image.file.name
    assert image.uploaded_by == admin_user
    assert image.renditions.count() == 2 * 5 + 4


def test_change_form_has_the_focal_point_picker(staff_client, make_image):
    image = make_image()
    text = staff_client.get(f"/admin/newsroom/image/{image.pk}/change/").text
    assert "data-focal-picker" in text and "js/focal-point.js" in text
    assert "<script>" not in text.replace("<script src=", "")  # external scripts only
    assert "data-focal-picker" in staff_client.get(ADD_URL).text


def test_replacing_the_file_makes_new_renditions_and_forgets_the_old(
    staff_client, make_image, django_capture_on_commit_callbacks, settings
):
    image = make_image()
    old_names = [image.file.name, *image.renditions.values_list("file", flat=True)]
    data = add_form(pictures.phone_jpeg(size=(700, 500)), "new.jpg", alt_text=image.alt_text)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/newsroom/image/{image.pk}/change/", data)
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.width, image.height) == (700, 500)
    assert image.original_filename == "new.jpg"
    stored = {str(p.relative_to(settings.MEDIA_ROOT)) for p in media_files(settings)}
    assert not stored & set(old_names)


# --- Several at once ------------------------------------------------------------------


def test_upload_several_shares_the_credit_then_asks_for_each_alt_text(staff_client):
    files = [upload(pictures.phone_jpeg(size=(600, 400)), f"set-{n}.jpg") for n in range(3)]
    response = staff_client.post(
        UPLOAD_URL, {"files": files, "credit": "Getty Images", "caption": "Met Gala 2026"}
    )
    assert response.status_code == 302
    assert Image.objects.count() == 3
    assert set(Image.objects.values_list("credit", "caption")) == {
        ("Getty Images", "Met Gala 2026")
    }
    describe_url = response["Location"]
    page = staff_client.get(describe_url).text
    assert page.count('name="form-') >= 3 and "set-1.jpg" in page

    pks = sorted(Image.objects.values_list("pk", flat=True))
    data = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "3"}
    for n, pk in enumerate(pks):
        data |= {f"form-{n}-id": pk, f"form-{n}-alt_text": "", f"form-{n}-caption": "x"}
    refused = staff_client.post(describe_url, data)
    assert refused.status_code == 200 and "This field is required" in refused.text
    for n in range(3):
        data[f"form-{n}-alt_text"] = f"Guest {n} on the steps"
    assert staff_client.post(describe_url, data).status_code == 302
    assert sorted(Image.objects.values_list("alt_text", flat=True)) == [
        "Guest 0 on the steps",
        "Guest 1 on the steps",
        "Guest 2 on the steps",
    ]


def test_upload_several_refuses_the_whole_set_naming_each_bad_file(staff_client, settings):
    files = [
        upload(pictures.phone_jpeg(size=(600, 400)), "good.jpg"),
        upload(b"", "empty.jpg"),
        upload(pictures.SVG, "drawing.svg", "image/svg+xml"),
    ]
    response = staff_client.post(UPLOAD_URL, {"files": files, "credit": "Agency"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["files"])
    assert "Nothing was uploaded" in errors
    assert "empty.jpg: The file is empty" in errors and "drawing.svg: SVG" in errors
    assert "good.jpg" not in errors
    assert Image.objects.count() == 0 and media_files(settings) == []


# --- Reuse ----------------------------------------------------------------------------


@pytest.fixture
def used(make_image, make_article, make_person, make_production):
    image = make_image(alt_text="Cillian Murphy at the Oscars")
    make_article(headline="Murphy wins best actor", hero_image=image)
    make_person(name="Cillian Murphy", photo=image)
    make_production(title="Oppenheimer", poster=image)
    return image


def test_change_page_lists_where_the_picture_is_used(staff_client, used):
    text = staff_client.get(f"/admin/newsroom/image/{used.pk}/change/").text
    assert "hero image of article “Murphy wins best actor”" in text
    assert "photo of person “Cillian Murphy”" in text
    assert "poster of production “Oppenheimer (2020)”" in text


def test_deleting_a_picture_in_use_is_refused_naming_the_places(staff_client, used):
    url = f"/admin/newsroom/image/{used.pk}/delete/"
    text = staff_client.get(url).text
    assert "cannot be deleted while it is in use" in text
    assert "hero image of article “Murphy wins best actor”" in text
    assert "photo of person “Cillian Murphy”" in text
    assert "Rendition" not in text
    staff_client.post(url, {"post": "yes"})
    assert Image.objects.filter(pk=used.pk).exists()


def test_deleting_several_names_each_picture_in_use(staff_client, used, make_image):
    spare = make_image()
    response = staff_client.post(
        "/admin/newsroom/image/",
        {"action": "delete_selected", "_selected_action": [used.pk, spare.pk]},
    )
    assert "cannot be deleted while they are in use" in response.text
    assert "“Cillian Murphy at the Oscars”: <a href=" in response.text
    assert "hero image of article “Murphy wins best actor”" in response.text
    assert Image.objects.count() == 2


def test_deleting_an_unused_picture_removes_its_files(
    staff_client, make_image, settings, django_capture_on_commit_callbacks
):
    image = make_image()
    assert media_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/newsroom/image/{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.exists() and not Rendition.objects.exists()
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("articles", "article", "hero_image"),
        ("people", "person", "photo"),
        ("people", "production", "poster"),
    ],
)
def test_picture_pickers_offer_thumbnails(staff_client, used, app_label, model_name, field_name):
    params = {
        "app_label": app_label,
        "model_name": model_name,
        "field_name": field_name,
        "term": "Oscars",
    }
    results = staff_client.get(reverse("admin:autocomplete"), params).json()["results"]
    assert [r["text"] for r in results] == ["Cillian Murphy at the Oscars"]
    assert "/media/images/renditions/" in results[0]["thumbnail"]
    assert results[0]["thumbnail"].endswith(".jpeg")


def test_other_autocompletes_are_unchanged(staff_client, make_person):
    make_person(name="Florence Pugh")
    params = {"app_label": "articles", "model_name": "article", "field_name": "people"}
    results = staff_client.get(reverse("admin:autocomplete"), {**params, "term": "Pugh"})
    assert results.json()["results"][0].keys() == {"id", "text"}


def test_change_forms_load_the_thumbnail_script(staff_client, used):
    article = Article.objects.get()
    text = staff_client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert "js/image-autocomplete.js" in text


# --- Publishing --------------------------------------------------------------------------


@pytest.mark.parametrize("alt_text", ["", "   "])
@pytest.mark.parametrize("action", ["publish", "schedule"])
def test_story_cannot_go_live_while_its_picture_lacks_alt_text(
    make_article, make_image, publisher, now, alt_text, action
):
    image = make_image()
    Image.objects.filter(pk=image.pk).update(alt_text=alt_text)  # e.g. from a set upload
    article = make_article(status=Article.Status.APPROVED, publish_at=None, hero_image=image)
    with pytest.raises(workflow.WorkflowError, match="The picture needs alt text"):
        workflow.run(action, article, publisher, when=now)
    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED


def test_story_with_described_picture_goes_live(make_article, make_image, publisher):
    article = make_article(status=Article.Status.APPROVED, publish_at=None, hero_image=make_image())
    workflow.publish(article, publisher)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
