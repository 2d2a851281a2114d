import json
from functools import partial

from django import template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom import images, pagecache, rights, siteurl

register = template.Library()


def focal_position(image):
    """CSS object-position that keeps the image's focal point in a cropped box."""
    return f"{image.focal_x * 100:.0f}% {image.focal_y * 100:.0f}%"


def machine_time(moment):
    """A moment as HTML's datetime attribute and JSON-LD read it: to the second, with its offset.

    Django's "c" format keeps microseconds, which HTML allows only three digits of.
    """
    if not moment:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def query_with_page(query_dict, number):
    """The query string for page `number`, keeping other filters; page 1 has no page=."""
    params = query_dict.copy()
    params.pop("page", None)
    if int(number) > 1:
        params["page"] = number
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


register.filter("focal_position", focal_position)
register.filter("machine_time", machine_time)


def picture(image):
    """The renditions of what readers may see for `image` (it or its stand-in), or None."""
    shown = rights.to_show(image)
    return images.responsive_picture(shown) if shown else None


def og_image(image):
    """The share-card crop's URL of what readers may see for `image`; "" for none."""
    return images.og_image_url(rights.to_show(image))


# What readers may see in place of a picture: it, its stand-in, or None (newsroom.rights).
register.filter("shown", rights.to_show)
# Renditions for <picture> (templates/partials/_picture.html) and the share-card crop.
register.filter("picture", picture)
register.filter("og_image", og_image)
# A path on the public site, as an absolute URL on SITE_URL (never the request's host).
register.filter("absolute", siteurl.absolute)


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with `page` replaced, so filters survive paging."""
    return query_with_page(context["request"].GET, number) or context["request"].path


# Characters that could end the <script> element or start markup inside it.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """A JSON-LD block that no text in it can break out of."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag(takes_context=True)
def canonical_page(context, number):
    """This list's absolute address for page `number`: path plus filters, without ?page=1."""
    request = context["request"]
    return siteurl.absolute(request.path + query_with_page(request.GET, number))


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header every page shows, kept: it differs only by the section it marks as
    current, and a search repeats its words in the box. The sections' list changes only
    with a purge of everything."""
    header = get_template("partials/_header.html")
    request = context.get("request")
    if context.get("query") or request is None:
        return header.render(context.flatten(), request)
    sections = context.get("nav_sections")
    sections = sections() if callable(sections) else sections or []
    current = next((s.url for s in sections if s.url == request.path), "")
    flat = {**context.flatten(), "nav_sections": sections}
    return mark_safe(pagecache.fragment(f"header:{current}", lambda: header.render(flat, request)))


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer every page shows, kept for the year it names."""
    footer = get_template("partials/_footer.html")
    year = timezone.localdate().year
    return mark_safe(pagecache.fragment(f"footer:{year}", lambda: footer.render(context.flatten())))


@register.tag
def kept(parser, token):
    """{% kept name [key] %}…{% endkept %}: a part of a page made once and kept.

    Without a key, a part showing no content, only the site's settings and what a purge
    of everything changes. With one, a part whose `name` says which version of what it
    shows (a person's, the stories it lists): kept until `key` is purged, and never
    past the next scheduled change.
    """
    try:
        _, name, *key = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError("kept takes a name and perhaps a key") from error
    if len(key) > 1:
        raise template.TemplateSyntaxError("kept takes one key at most")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    key = parser.compile_filter(key[0]) if key else None
    return KeptNode(parser.compile_filter(name), key, nodelist)


class KeptNode(template.Node):
    def __init__(self, name, key, nodelist):
        self.name, self.key, self.nodelist = name, key, nodelist

    def render(self, context):
        make = partial(self.nodelist.render, context)
        name = f"kept:{self.name.resolve(context)}"
        if self.key is None:
            return pagecache.fragment(name, make)
        keys = [self.key.resolve(context)]
        return pagecache.fragment(name, make, lists_stories=True, keys=keys)
