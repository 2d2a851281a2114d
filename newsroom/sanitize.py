"""The allow-list for HTML written by the desk.

Everything that stores editor HTML passes it through `clean_html` first, so a
pasted <script>, event handler, style attribute or javascript: link never
reaches a reader, whatever path the text took (admin form, import, restore).
"""

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "figure",
    "figcaption",
    "cite",
    "q",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
# No javascript:, data: or vbscript: links; relative links keep working.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_html(html):
    """Return `html` reduced to the desk's allow-list of tags and attributes."""
    return _cleaner.clean(html or "").strip()
