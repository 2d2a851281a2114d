"""The allow-list for HTML written by the desk.

Everything that stores editor HTML passes it through `clean_html` first, so a
pasted <script>, event handler, style attribute or javascript: link never
reaches a reader, whatever path the text took (admin form, import, restore).

Besides text, a story body holds four kinds of block (the blocks app makes and
renders them): inline pictures and embed cards as <figure> with data attributes,
pull quotes as <blockquote class="pull-quote">, key points as <ul class="key-points">.
Their classes are allowed one by one, and every data attribute's value is checked:
a picture is a number, an embed's values are checked by the rule its app
registers (`check_values`); an attribute nobody vouches for is dropped.
"""

import re

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
    "small",  # a picture's credit
}
# The blocks' attributes (see the module's docstring).
PICTURE_ATTRIBUTES = {"data-picture", "data-alt"}
EMBED_ATTRIBUTES = {
    "data-embed-provider",
    "data-embed-url",
    "data-embed-author",
    "data-embed-date",
    "data-embed-thumbnail",
    "data-embed-at-uri",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "figure": PICTURE_ATTRIBUTES | EMBED_ATTRIBUTES,
}
ALLOWED_CLASSES = {
    "figure": {"story-picture", "story-embed"},
    "blockquote": {"pull-quote"},
    "ul": {"key-points"},
}
# No javascript:, data: or vbscript: links; relative links keep working.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

ALT_LENGTH = 250  # as the picture library's alt text
_NUMBER = re.compile(r"[1-9][0-9]{0,11}")

# attribute name -> function(value) -> the value to keep, or None to drop it.
_value_rules = {}


def check_values(names, rule):
    """Let `rule(name, value)` vouch for the block attributes `names` (an app's ready())."""
    for name in names:
        _value_rules[name] = rule


def _plain(value, limit):
    """One line of text: no control characters, at most `limit` characters."""
    text = " ".join(value.split())
    return text[:limit] if text else None


def _filter(tag, name, value):
    if tag != "figure" or not name.startswith("data-"):
        return value
    if name == "data-picture":
        return value if _NUMBER.fullmatch(value) else None
    if name == "data-alt":
        return _plain(value, ALT_LENGTH)
    rule = _value_rules.get(name)
    return rule(name, value) if rule else None


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    attribute_filter=_filter,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_html(html):
    """Return `html` reduced to the desk's allow-list of tags and attributes."""
    return _cleaner.clean(html or "").strip()
