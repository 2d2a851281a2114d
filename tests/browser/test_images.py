"""The picture desk in a real browser: click to set the focal point, pick with thumbnails."""

import pytest

from newsroom.models import Image
from tests.browser.conftest import sign_in
from tests.newsroom import pictures

# Like the other browser tests: the flush after each test must leave what the
# migrations made, or a later test that restores it finds rows already there.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password"


@pytest.fixture
def chief_page(desktop_page, live_server, django_user_model):
    django_user_model.objects.create_superuser("chief", password=PASSWORD)
    sign_in(desktop_page, live_server, "chief", PASSWORD)
    return desktop_page


@pytest.fixture
def violations(chief_page):
    """Content Security Policy violations the pages report."""
    found = []
    chief_page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_clicking_the_preview_sets_the_focal_point_before_upload(
    chief_page, live_server, violations, tmp_path
):
    page = chief_page
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(pictures.phone_jpeg(size=(800, 600), orientation=6))
    page.goto(f"{live_server.url}/admin/newsroom/image/add/")
    page.set_input_files("#id_file", str(photo))
    preview = page.locator(".focal-picker__image")
    preview.wait_for(state="visible")
    box = preview.bounding_box()
    assert box["height"] > box["width"]  # shown upright, as it will be stored
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.25, abs=0.02)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.75, abs=0.02)
    assert page.locator(".focal-picker__marker").is_visible()

    page.fill("#id_alt_text", "Rihanna arrives at the premiere")
    page.fill("#id_credit", "Phone")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/newsroom/image/")
    image = Image.objects.get()
    assert (image.focal_x, image.focal_y) == pytest.approx((0.25, 0.75), abs=0.02)
    assert (image.width, image.height) == (600, 800)
    assert violations == [], "\n".join(violations)


def test_picture_picker_shows_thumbnails(chief_page, live_server, violations, make_image):
    make_image(alt_text="Beyoncé on stage in Houston")
    page = chief_page
    page.goto(f"{live_server.url}/admin/people/person/add/")
    page.click("#id_photo + .select2 .select2-selection")
    page.keyboard.type("Beyoncé")
    option = page.locator(".select2-results__option .image-choice")
    option.wait_for()
    assert "Beyoncé on stage" in option.inner_text()
    assert "/media/images/renditions/" in option.locator("img").get_attribute("src")
    assert violations == [], "\n".join(violations)
