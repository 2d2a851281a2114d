"""Pictures inside a story's body: stored by library id, served as renditions, counted as uses."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blocks.models import BodyPicture
from newsroom.models import Image
from newsroom.sanitize import clean_html
from tests.conftest import jpeg_bytes
from tests.security.test_xss import executable_in_html


def picture_block(image, alt="", caption="", credit=""):
    small = f"<small>{credit}</small>" if credit else ""
    alt_attribute = f' data-alt="{alt}"' if alt else ""
    return (
        f'<figure class="story-picture" data-picture="{image.pk}"{alt_attribute}>'
        f"<figcaption>{caption}{small}</figcaption></figure>"
    )


def test_reader_gets_renditions_with_the_body_pictures_words(client, make_article, make_image):
    image = make_image(alt_text="Library words", size=(1200, 800))
    story = make_article(
        body="<p>Before.</p>"
        + picture_block(
            image, alt="Waving at the premiere", caption="At the premiere", credit="Pool"
        )
    )
    page = client.get(story.get_absolute_url()).text
    body = page.split('class="article__body')[1]
    assert 'alt="Waving at the premiere"' in body
    assert 'srcset="' in body and 'loading="lazy"' in body
    assert image.file.url not in body  # renditions only, never the master
    assert 'At the premiere <small class="story-picture__credit">Pool</small>' in body


def test_a_picture_without_its_own_alt_text_uses_the_librarys(client, make_article, make_image):
    image = make_image(alt_text="Library words")
    story = make_article(body=picture_block(image))
    assert 'alt="Library words"' in client.get(story.get_absolute_url()).text


def test_a_picture_gone_from_the_library_leaves_no_hole(client, make_article):
    story = make_article(
        body='<p>Text.</p><figure class="story-picture" data-picture="999999"></figure>'
    )
    page = client.get(story.get_absolute_url()).text
    assert "story-picture" not in page.split('class="article__body')[1].split("</div>")[0]


def test_pull_quotes_and_key_points_are_styled_blocks(client, make_article):
    story = make_article(
        body='<blockquote class="pull-quote"><p>I never expected this.</p></blockquote>'
        '<ul class="key-points"><li>First<ul><li>Inner</li></ul></li><li>Second</li></ul>'
        "<ul><li>An ordinary list</li></ul>"
    )
    page = client.get(story.get_absolute_url()).text
    assert '<blockquote class="pull-quote"><p>I never expected this.</p></blockquote>' in page
    assert (
        '<aside class="key-points"><h2 class="key-points__title">Key points</h2><ul><li>First'
        "<ul><li>Inner</li></ul></li><li>Second</li></ul></aside><ul><li>An ordinary list</li></ul>"
    ) in page


@pytest.mark.parametrize(
    "hostile, kept",
    [
        (
            '<figure class="story-picture" data-picture="1 onerror=alert(1)"></figure>',
            "data-picture",
        ),
        (
            '<figure class="story-picture" data-picture="javascript:alert(1)"></figure>',
            "javascript",
        ),
        ('<figure class="story-picture evil" data-picture="1"></figure>', "evil"),
        ('<figure class="story-picture" data-picture="1" onclick="alert(1)"></figure>', "onclick"),
        ('<figure class="story-picture" data-picture="1" style="x"></figure>', "style"),
        (
            '<figure class="story-picture" data-picture="1" data-src="//evil.example"></figure>',
            "evil",
        ),
        ('<ul class="key-points" onmouseover="alert(1)"><li>x</li></ul>', "alert"),
        ('<aside class="key-points"><p>x</p></aside>', "aside"),
        ('<blockquote class="pull-quote other"><p>x</p></blockquote>', "other"),
        (
            '<figure class="story-embed" data-embed-url="javascript:alert(1)"></figure>',
            "javascript",
        ),
        (
            '<figure class="story-embed" data-embed-url="https://youtube.com.evil.example/watch?v=1">'
            "</figure>",
            "evil",
        ),
        ('<figure class="story-embed" data-embed-frame="https://evil.example/"></figure>', "evil"),
    ],
)
def test_the_sanitiser_keeps_blocks_and_drops_what_they_do_not_need(hostile, kept):
    assert kept not in clean_html(hostile)


def test_hostile_words_in_a_picture_block_never_run_on_the_readers_page(
    client, make_article, make_image
):
    payload = "\"><script>alert('blk')</script><img src=x onerror=alert('blk')>"
    image = make_image(alt_text=payload[:250], caption=payload, credit=payload[:150])
    body = (
        f'<figure class="story-picture" data-picture="{image.pk}" data-alt="{payload}">'
        f"<figcaption>{payload}<small>{payload}</small></figcaption></figure>"
        f'<blockquote class="pull-quote"><p>{payload}</p></blockquote>'
        f'<ul class="key-points"><li>{payload}</li></ul>'
    )
    story = make_article(body=body)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert executable_in_html(response.content.decode()) == []


def test_body_pictures_are_uses_of_the_picture(staff_client, make_article, make_image):
    image = make_image(alt_text="Inline only")
    story = make_article(headline="Pictures from the party", body=picture_block(image))
    assert list(BodyPicture.objects.values_list("article", "image")) == [(story.pk, image.pk)]

    text = staff_client.get(f"/admin/newsroom/image/{image.pk}/change/").text
    assert "inline picture of article “Pictures from the party”" in text
    assert f"/admin/articles/article/{story.pk}/change/" in text

    staff_client.post(f"/admin/newsroom/image/{image.pk}/delete/", {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()

    story.body = "<p>The picture went.</p>"
    story.save()
    assert not BodyPicture.objects.exists()


def test_a_live_storys_inline_picture_is_changed_only_by_who_may_edit_the_story(
    client, make_article, make_image, writer
):
    image = make_image(alt_text="Before")
    make_article(headline="Live with a picture", body=picture_block(image))
    client.force_login(writer)
    response = client.post(
        f"/admin/newsroom/image/{image.pk}/change/",
        {"alt_text": "After", "caption": "", "credit": "", "focal_x": 0.5, "focal_y": 0.5},
    )
    image.refresh_from_db()
    assert image.alt_text == "Before"
    assert response.status_code in (302, 403)


def test_query_count_of_a_story_page_does_not_grow_with_its_pictures_and_embeds(
    client, make_article, make_image, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def embed_block(n):
        return (
            '<figure class="story-embed" data-embed-provider="youtube" '
            f'data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXc{n % 10}" '
            f'data-embed-thumbnail="{make_image().pk}"><blockquote><p>Video {n}</p></blockquote>'
            "</figure>"
        )

    counts = {}
    for n in (0, 1, 10):
        blocks = "".join(picture_block(make_image()) + embed_block(i) for i in range(n))
        story = make_article(body=f"<p>Story with {n} pictures and embeds.</p>{blocks}")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(story.get_absolute_url())
        assert page.status_code == 200
        assert page.content.decode().count("Play the video") == n
        counts[n] = len(queries)
    assert counts[1] == counts[10], counts
    assert counts[0] <= counts[1] <= counts[0] + 1, counts


# --- The editor's endpoints ----------------------------------------------------------


def test_the_library_search_finds_pictures_with_thumbnails(client, writer, make_image):
    make_image(alt_text="Margot Robbie at the premiere")
    make_image(alt_text="Somebody else")
    client.force_login(writer)
    found = client.get("/admin/blocks/pictures/", {"q": "robbie premiere"}).json()["results"]
    assert [picture["alt"] for picture in found] == ["Margot Robbie at the premiere"]
    assert found[0]["thumbnail"].startswith("/media/")


def test_the_library_is_for_staff_only(client, make_image):
    image = make_image()
    assert client.get("/admin/blocks/pictures/").status_code in (302, 403)
    assert client.get(f"/admin/blocks/pictures/{image.pk}/thumbnail/").status_code in (302, 403)
    response = client.post("/admin/blocks/pictures/upload/", {})
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/media/")


def test_thumbnail_is_a_small_rendition(staff_client, make_image):
    image = make_image(size=(1600, 1000))
    response = staff_client.get(f"/admin/blocks/pictures/{image.pk}/thumbnail/")
    assert response.status_code == 302 and "-width320-" in response["Location"]
    assert staff_client.get("/admin/blocks/pictures/999999/thumbnail/").status_code == 404


def test_upload_from_the_editor_joins_the_library(client, writer):
    client.force_login(writer)
    upload = SimpleUploadedFile("party.jpg", jpeg_bytes((800, 600)), content_type="image/jpeg")
    response = client.post(
        "/admin/blocks/pictures/upload/",
        {
            "file": upload,
            "alt_text": "Guests at the party",
            "credit": "Agency",
            "focal_x": 0.5,
            "focal_y": 0.5,
        },
    )
    assert response.status_code == 201, response.content
    image = Image.objects.get(pk=response.json()["picture"]["id"])
    assert image.alt_text == "Guests at the party" and image.uploaded_by == writer
    assert image.renditions.exists()


def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_kept(client, writer):
    client.force_login(writer)
    upload = SimpleUploadedFile("notes.jpg", b"not a picture at all", content_type="image/jpeg")
    response = client.post(
        "/admin/blocks/pictures/upload/",
        {"file": upload, "alt_text": "", "focal_x": 0.5, "focal_y": 0.5},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["file"] and errors["alt_text"]
    assert not Image.objects.exists()


def test_a_single_use_picture_in_one_body_is_refused_in_another(
    staff_client, make_article, make_image, section
):
    image = make_image(alt_text="Exclusive set photo", licence="single_use")
    make_article(headline="First with the photo", body=picture_block(image))
    second = make_article(headline="Second story", status="draft", publish_at=None)
    response = staff_client.post(
        f"/admin/articles/article/{second.pk}/change/",
        {
            "headline": second.headline,
            "slug": second.slug,
            "section": section.pk,
            "standfirst": "",
            "body": picture_block(image),
            "base_version": second.version,
            "hero_caption": "",
            "source": "",
            "seo_title": "",
            "seo_description": "",
            "tags": "",
            "_continue": "1",
        },
    )
    assert response.status_code == 200
    assert "licensed for a single use" in response.content.decode()
    assert "First with the photo" in response.content.decode()
    second.refresh_from_db()
    assert "story-picture" not in second.body


def test_an_inline_picture_whose_licence_ended_gives_way_to_its_stand_in(
    client, make_article, make_image
):
    import datetime

    from django.utils import timezone

    stand_in = make_image(alt_text="Stand-in picture")
    image = make_image(
        alt_text="Licensed picture",
        expire_at=timezone.now() - datetime.timedelta(minutes=1),
        replace_with=stand_in,
    )
    story = make_article(body=picture_block(image, alt="Our words for the first"))
    body = client.get(story.get_absolute_url()).text.split('class="article__body')[1]
    assert 'alt="Stand-in picture"' in body and "Our words" not in body
    image.replace_with = None
    image.save()
    body = client.get(story.get_absolute_url()).text.split('class="article__body')[1]
    assert "story-picture" not in body.split("</div>")[0]
