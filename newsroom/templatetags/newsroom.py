from django import template

register = template.Library()


def focal_position(image):
    """CSS object-position that keeps the image's focal point in a cropped box."""
    return f"{image.focal_x * 100:.0f}% {image.focal_y * 100:.0f}%"


def query_with_page(query_dict, number):
    params = query_dict.copy()
    params["page"] = number
    return params.urlencode()


register.filter("focal_position", focal_position)


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with `page` replaced, so filters survive paging."""
    return "?" + query_with_page(context["request"].GET, number)
