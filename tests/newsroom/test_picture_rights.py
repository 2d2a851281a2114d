"""Picture rights in the library: what the file says fills the form, what readers' files keep.

Where a picture stops showing (its licence ends) is in tests/articles/test_picture_expiry.py.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from newsroom import picture_metadata, rights
from newsroom.models import Image, Rendition
from tests.newsroom import pictures

ADD_URL = "/admin/newsroom/image/add/"
UPLOAD_URL = "/admin/newsroom/image/upload/"
EMPTY = {
    "alt_text": "",
    "caption": "",
    "credit": "",
    "creator": "",
    "copyright_notice": "",
    "licensor": "",
    "licence": "",
    "excluded_territories": "",
    "usage_terms": "",
    "expire_at_0": "",
    "expire_at_1": "",
    "replace_with": "",
    "focal_x": "0.5",
    "focal_y": "0.5",
}


@pytest.fixture(autouse=True)
def _widths(settings):
    settings.NEWSROOM_RENDITION_WIDTHS = [320, 640]


def upload(data, name="wire.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def add(client, data=None, **fields):
    data = pictures.agency_jpeg(size=(800, 600)) if data is None else data
    return client.post(ADD_URL, {**EMPTY, "file": upload(data), **fields})


def read(field_file):
    with field_file.open("rb") as stored:
        return stored.read()


def opened(field_file):
    return PILImage.open(io.BytesIO(read(field_file)))


def served_files(image):
    return [image.file, *(r.file for r in image.renditions.all())]


# --- What the file says fills the form's empty fields ----------------------------------------


def test_an_agency_pictures_iptc_and_xmp_fill_the_empty_fields(staff_client):
    response = add(staff_client)
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = Image.objects.get()
    for field, text in pictures.AGENCY.items():
        assert getattr(image, field) == text, field


def test_what_the_person_typed_is_kept_over_what_the_file_says(staff_client):
    add(staff_client, caption="Our own caption", credit="Our Credit", alt_text="Our words")
    image = Image.objects.get()
    assert (image.caption, image.credit, image.alt_text) == (
        "Our own caption",
        "Our Credit",
        "Our words",
    )
    assert image.copyright_notice == pictures.AGENCY["copyright_notice"]  # was left empty


def test_a_form_shown_again_shows_what_the_file_said(staff_client):
    response = add(staff_client, excluded_territories="GB, ZZ")
    form = response.context["adminform"].form
    assert "Not a country code: ZZ" in " ".join(form.errors["excluded_territories"])
    page = response.content.decode()
    assert pictures.AGENCY["licensor"] in page and "Wire Pictures" in page
    assert Image.objects.count() == 0


def test_upload_several_fills_each_pictures_own_empty_fields(staff_client):
    plain = pictures.encode(pictures.photo((400, 300)), "JPEG")
    response = staff_client.post(
        UPLOAD_URL,
        {
            "files": [upload(pictures.agency_jpeg((400, 300))), upload(plain, "plain.jpg")],
            "credit": "Set Credit",
            "caption": "",
            "alt_text": "",
        },
    )
    assert response.status_code == 302
    wire, plain_image = Image.objects.order_by("pk")
    assert wire.credit == plain_image.credit == "Set Credit"  # the set's own field wins
    assert wire.caption == pictures.AGENCY["caption"] and plain_image.caption == ""
    assert wire.usage_terms == pictures.AGENCY["usage_terms"]


def test_a_long_text_from_the_file_is_cut_to_fit(db):
    caption = "word " * 100  # 500 characters; the caption holds 300
    data = pictures.encode(
        pictures.photo((200, 150)),
        "JPEG",
        extra=pictures.photoshop_segment(pictures.iim([(120, caption)])),
    )
    found = picture_metadata.read_fields(PILImage.open(io.BytesIO(data)))
    assert len(found["caption"]) <= 300 and found["caption"].endswith("word…")


def test_an_xmp_packet_declaring_entities_is_not_read(db):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + pictures.AGENCY_XMP
    )
    data = pictures.encode(pictures.photo((200, 150)), "JPEG", xmp=bomb)
    assert picture_metadata.read_fields(PILImage.open(io.BytesIO(data))) == {}


# --- What readers' files keep: the credit and copyright notice, never the place --------------


def test_gps_and_camera_data_are_never_stored_in_master_or_renditions(staff_client):
    add(staff_client)
    image = Image.objects.get()
    files = served_files(image)
    assert len(files) > 5
    for field_file in files:
        data = read(field_file)
        picture = PILImage.open(io.BytesIO(data))
        assert not picture.getexif().get_ifd(pictures.GPS_IFD), field_file.name
        assert b"GPSLatitude" not in data and b"WGS-84" not in data, field_file.name
        assert b"PhoneMaker" not in data and b"Phone 15" not in data, field_file.name
        assert b"Photoshop 3.0" not in data, field_file.name  # no IIM block either
    master = opened(image.file)
    assert not master.getexif() and not {"exif", "xmp"} & set(master.info)


def test_renditions_keep_the_credit_and_copyright_notice_and_nothing_else(staff_client):
    add(staff_client)
    image = Image.objects.get()
    renditions = list(image.renditions.all())
    assert {r.format for r in renditions} == {Rendition.Format.JPEG, Rendition.Format.WEBP}
    for rendition in renditions:
        picture = opened(rendition.file)
        exif = picture.getexif()
        assert set(exif) == {pictures.EXIF_ARTIST, pictures.EXIF_COPYRIGHT}, rendition
        # Written as UTF-8, which Pillow reads back byte for byte.
        assert exif[pictures.EXIF_ARTIST].encode("latin-1").decode() == "Wire Pictures"
        notice = exif[pictures.EXIF_COPYRIGHT].encode("latin-1").decode()
        assert notice == "© Wire Pictures 2026"
        xmp = picture.info["xmp"].decode()
        assert "<photoshop:Credit>Wire Pictures</photoshop:Credit>" in xmp
        assert "© Wire Pictures 2026" in xmp
        for left_out in ("Jo Snapper", "Zendaya", "Editorial use", "GPS", "Wire Pictures Ltd"):
            assert left_out not in xmp, rendition


def test_a_new_credit_is_carried_by_new_renditions(make_image):
    image = make_image(size=(700, 500), credit="Old Credit")
    old = set(image.renditions.values_list("file", flat=True))
    image.credit = "New Credit"
    image.save()
    renditions = list(image.renditions.all())
    assert not old & {r.file.name for r in renditions}  # new files, so new addresses
    for rendition in renditions:
        assert opened(rendition.file).getexif()[pictures.EXIF_ARTIST] == "New Credit"


def test_a_picture_with_no_credit_or_notice_keeps_no_metadata(make_image):
    image = make_image(size=(700, 500), credit="")
    for rendition in image.renditions.all():
        picture = opened(rendition.file)
        assert not picture.getexif() and "xmp" not in picture.info


# --- The rights fields in the admin ------------------------------------------------------------


def test_rights_are_recorded_and_shown_on_the_picture_desk(staff_client, make_image):
    image = make_image(alt_text="Red carpet")
    data = {
        **EMPTY,
        "alt_text": "Red carpet",
        "credit": "Agency",
        "licensor": "Wire Pictures",
        "licence": "subscription",
        "excluded_territories": "gb; ie, US",
        "usage_terms": "No merchandising.",
        "expire_at_0": "2030-01-31",
        "expire_at_1": "18:00:00",
    }
    response = staff_client.post(f"/admin/newsroom/image/{image.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    image.refresh_from_db()
    assert image.excluded_territories == ["GB", "IE", "US"]
    assert image.licence == Image.Licence.SUBSCRIPTION and image.usage_terms == "No merchandising."
    assert image.expire_at.isoformat() == "2030-01-31T18:00:00+00:00"
    listing = staff_client.get("/admin/newsroom/image/").content.decode()
    assert "GB, IE, US" in listing and "Agency, subscription" in listing
    form = staff_client.get(f"/admin/newsroom/image/{image.pk}/change/").content.decode()
    assert 'value="GB, IE, US"' in form


@pytest.mark.parametrize(
    ("stand_in_kind", "message"),
    [("itself", "cannot stand in for itself"), ("single use", "single-use picture cannot")],
)
def test_a_stand_in_must_be_another_picture_the_desk_may_reuse(
    staff_client, make_image, stand_in_kind, message
):
    image = make_image(alt_text="Red carpet")
    stand_in = image if stand_in_kind == "itself" else make_image(licence="single_use")
    data = {**EMPTY, "alt_text": "Red carpet", "replace_with": stand_in.pk}
    response = staff_client.post(f"/admin/newsroom/image/{image.pk}/change/", data)
    assert message in " ".join(response.context["adminform"].form.errors["replace_with"])
    image.refresh_from_db()
    assert image.replace_with is None


def test_territories_are_iso_country_codes():
    assert rights.parse_territories(" gb,IE;  us gb ") == ["GB", "IE", "US"]
    assert rights.parse_territories("") == []
    assert len(rights.COUNTRY_CODES) == 250  # ISO 3166-1's 249, and XK
    with pytest.raises(Exception, match="Not a country code: UK, EU"):
        rights.parse_territories("UK, EU, FR")


def test_a_stored_picture_file_keeps_its_rights_when_added_in_code(db):
    # Image.objects.create (the demo, imports) reads nothing: only the forms fill fields.
    image = Image.objects.create(
        file=ContentFile(pictures.agency_jpeg((300, 200)), name="wire.jpg"), alt_text="A"
    )
    assert image.credit == "" and image.copyright_notice == ""
    assert not opened(image.file).getexif()
