"""What readers see of a story body's blocks.

The stored body (newsroom.sanitize's format) names pictures by their library id and
holds each embed's stored words; this turns them into readers' HTML: a responsive
picture made from the library's renditions (never the uploaded file), an embed
card that loads nothing from the provider until the reader asks, a titled key
points box. Pull quotes need only their style. One query for all the pictures of
a body, however many; none for a body without pictures. A picture whose licence
has ended shows its stand-in, or nothing (newsroom.rights).
"""

import html
import re

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from blocks.body import picture_ids
from newsroom import rights

_FIGURE = re.compile(r'<figure class="(story-picture|story-embed)"([^>]*)>(.*?)</figure>', re.S)
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
_CREDIT = re.compile(r"<small>(.*?)</small>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_KEY_POINTS = '<ul class="key-points">'
_LIST_TAG = re.compile(r"<(/?)ul\b[^>]*>")


def _attributes(raw):
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(raw)}


def _text(fragment):
    """Plain text of an HTML fragment from the sanitiser."""
    return " ".join(html.unescape(_TAGS.sub(" ", fragment or "")).split())


def pictures_for(body):
    """{id: Image} for the pictures `body` shows: one query, none when it shows none."""
    from newsroom.models import Image

    ids = picture_ids(body)
    return Image.objects.select_related("replace_with").in_bulk(ids) if ids else {}


def render_picture(attributes, inner, image):
    """An inline picture as readers see it; nothing when the picture is gone."""
    if image is None:
        return ""
    caption_html = (_CAPTION.search(inner) or [None, ""])[1]
    credit = _text((_CREDIT.search(caption_html) or [None, ""])[1])
    caption = _text(_CREDIT.sub("", caption_html))
    return render_to_string(
        "blocks/_picture.html",
        {
            "image": image,
            "alt": attributes.get("data-alt") or image.alt_text,
            "caption": caption,
            "credit": credit,
        },
    )


def render_embed_block(attributes, inner, thumbnail):
    from blocks import embeds

    return embeds.render_embed(attributes, embeds.quote_text(inner), thumbnail)


def render_blocks(body, pictures=None):
    """`body` (sanitised) with its blocks made into readers' HTML."""
    if "<figure" not in body and _KEY_POINTS not in body:
        return mark_safe(body)
    pictures = pictures_for(body) if pictures is None else pictures

    now = timezone.now()

    def shown(pk):
        # A picture whose licence has ended gives way to its stand-in, or to nothing.
        return rights.to_show(pictures.get(int(pk or 0)), now)

    def block(match):
        kind, raw, inner = match.groups()
        attributes = _attributes(raw)
        if kind == "story-picture":
            image = shown(attributes.get("data-picture"))
            if image is not None and image.pk != int(attributes.get("data-picture")):
                attributes.pop("data-alt", None)  # the stand-in's own words describe it
            return render_picture(attributes, inner, image)
        thumbnail = shown(attributes.get("data-embed-thumbnail"))
        return render_embed_block(attributes, inner, thumbnail)

    body = _FIGURE.sub(block, body)
    return mark_safe(_titled_key_points(body))


def _titled_key_points(body):
    """Each key points list inside a titled box: the list's end is found past nested lists."""
    start = body.find(_KEY_POINTS)
    while start != -1:
        depth, end = 0, len(body)
        for tag in _LIST_TAG.finditer(body, start):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        box = format_html(
            '<aside class="key-points"><h2 class="key-points__title">Key points</h2><ul>{}</aside>',
            mark_safe(body[start + len(_KEY_POINTS) : end]),
        )
        body = body[:start] + box + body[end:]
        start = body.find(_KEY_POINTS, start + len(box))
    return body
