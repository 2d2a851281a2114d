"""Social posts and videos in a story body: which links, what is stored, what readers get.

The stored block, as the editor writes it and newsroom.sanitize keeps it:

    <figure class="story-embed" data-embed-provider="instagram"
        data-embed-url="https://www.instagram.com/p/C0aBcD/" data-embed-author="@handle"
        data-embed-date="2026-11-30" data-embed-thumbnail="123">
      <blockquote><p>Text of the post, or the video's title</p></blockquote>
    </figure>

A Bluesky post also keeps `data-embed-at-uri`, the post's at:// address, which its
frame needs. Readers' pages load nothing from a provider until the reader asks
(static blocks/embeds.js); the frame's address is worked out here from the checked
link, never read from stored HTML.
"""

import datetime
import re
from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from blocks.providers import AT_URI_PATTERN, PROVIDERS, frame_url, identify

# The block's attributes, all on <figure class="story-embed">.
PROVIDER = "data-embed-provider"  # a key of PROVIDERS
URL = "data-embed-url"  # the post's or video's canonical https address
AUTHOR = "data-embed-author"  # "@handle", or a channel's name: plain text
DATE = "data-embed-date"  # when it was posted, YYYY-MM-DD
THUMBNAIL = "data-embed-thumbnail"  # id of a newsroom.Image in the picture library
AT_URI = "data-embed-at-uri"  # Bluesky only: at://<did>/app.bsky.feed.post/<rkey>
EMBED_ATTRIBUTES = frozenset({PROVIDER, URL, AUTHOR, DATE, THUMBNAIL, AT_URI})

TEXT_MAX_CHARS = 3000
AUTHOR_MAX_CHARS = 100


# --- Checking stored attributes (for the sanitiser) --------------------------------

MARKUP = re.compile(r"[<>\"`\x00-\x1f\x7f]")


def _clean_provider(value):
    return value if value in PROVIDERS else None


def _clean_url(value):
    link = identify(value)
    return link.url if link else None


def _clean_author(value):
    value = value.strip()
    if not value or len(value) > AUTHOR_MAX_CHARS or MARKUP.search(value):
        return None
    return value


def _clean_date(value):
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return value if day.year >= 1990 else None


def _clean_thumbnail(value):
    return value if re.fullmatch(r"[1-9][0-9]{0,9}", value) else None


def _clean_at_uri(value):
    return value if AT_URI_PATTERN.fullmatch(value) else None


_CLEANERS = {
    PROVIDER: _clean_provider,
    URL: _clean_url,
    AUTHOR: _clean_author,
    DATE: _clean_date,
    THUMBNAIL: _clean_thumbnail,
    AT_URI: _clean_at_uri,
}


def clean_embed_attribute(name, value):
    """The value to keep for one of EMBED_ATTRIBUTES, or None to drop it (nh3's attribute_filter).

    Each value is checked on its own: a provider from the table, a link that
    `identify` accepts (kept in its canonical form), plain short text for the
    author, a real date, a picture's id, a Bluesky post's at:// address.
    """
    cleaner = _CLEANERS.get(name)
    if cleaner is None or not isinstance(value, str):
        return None
    return cleaner(value)


# --- Text ---------------------------------------------------------------------------


class _Paragraphs(HTMLParser):
    """The text of the <p> elements of some HTML: <br> and new lines kept, paragraphs apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.inside = 0

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.inside += 1
            self.paragraphs.append("")
        elif tag == "br" and self.inside:
            self.paragraphs[-1] += "\n"

    def handle_endtag(self, tag):
        if tag == "p" and self.inside:
            self.inside -= 1

    def handle_data(self, data):
        if self.inside:
            self.paragraphs[-1] += data


def quote_text(html):
    """The plain text of the paragraphs in `html` (a stored block's quote, a provider's snippet)."""
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    return plain_text("\n\n".join(parser.paragraphs))


def plain_text(value, limit=TEXT_MAX_CHARS):
    """`value` as tidy plain text: no control characters, single spaces, at most a blank line."""
    value = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", str(value or ""))
    lines = [" ".join(line.split()) for line in value.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def figure_html(attributes, text):
    """The stored block for `attributes` and `text`, as the editor writes it.

    Written out as the sanitiser writes HTML, so it comes back from it byte for byte.
    """
    kept = ""
    for name in (PROVIDER, URL, AUTHOR, DATE, THUMBNAIL, AT_URI):
        value = clean_embed_attribute(name, attributes.get(name, ""))
        if value:
            kept += f' {name}="{_escape_attribute(value)}"'
    paragraphs = [part for part in plain_text(text).split("\n\n") if part]
    quote = "".join(
        "<p>" + "<br>".join(_escape_text(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs
    )
    return mark_safe(f'<figure class="story-embed"{kept}><blockquote>{quote}</blockquote></figure>')


def _escape_text(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(value):
    return value.replace("&", "&amp;").replace('"', "&quot;")


# --- Readers' card -------------------------------------------------------------------


def render_embed(attributes, text, thumbnail=None):
    """The reader's card for a stored block: a quote with a link, and a button for the frame.

    `thumbnail` is the Image named by the block, already fetched (or None). Nothing
    in the card is fetched from the provider until the reader presses the button.
    """
    text = plain_text(text)
    link = identify(attributes.get(URL, ""))
    if link is None:  # not ours to link to: the words stay, as a quote
        return _card({"text": text})
    checked = {name: clean_embed_attribute(name, attributes.get(name, "")) for name in _CLEANERS}
    provider = link.provider
    frame = frame_url(link, checked[AT_URI])
    video = provider.noun == "video"
    return _card(
        {
            "link": link,
            "provider": provider,
            "text": text,
            "author": checked[AUTHOR],
            "day": datetime.date.fromisoformat(checked[DATE]) if checked[DATE] else None,
            "thumbnail": thumbnail,
            "frame": frame,
            "frame_title": f"{provider.name} {provider.noun}" + (f": {text[:80]}" if text else ""),
            "button": "Play the video" if video else f"Show the {provider.name} post",
            "link_label": f"{'Watch' if video else 'View'} on {provider.name}",
        },
    )


def _card(context):
    return mark_safe(render_to_string("blocks/_embed.html", context).strip())
