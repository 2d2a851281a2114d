"""The desk's lookup: a link in, the card's attributes and text out, from the provider.

Where the provider gives an oEmbed answer without an account (YouTube, Vimeo, X,
TikTok, Bluesky) the text, author and date come from it, and its thumbnail goes into
the picture library, so readers never load it from the provider. Where it does not
(Instagram, Threads), or it cannot be reached, the link alone fills what it can and
the desk types the rest.
"""

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from blocks import fetching
from blocks.embeds import (
    AT_URI,
    AUTHOR,
    AUTHOR_MAX_CHARS,
    DATE,
    PROVIDER,
    THUMBNAIL,
    URL,
    clean_embed_attribute,
    figure_html,
    plain_text,
    quote_text,
)
from blocks.providers import Link, identify, same_post
from newsroom import images
from newsroom.files import NoRoom
from newsroom.models import Image

ANSWER_MAX_BYTES = 256 * 1024  # an oEmbed answer is a few kilobytes
THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Lookup:
    """What the card for a link should say. `ok`: filled in from the provider's answer."""

    link: Link
    attributes: dict
    text: str = ""
    thumbnail: Image | None = None
    ok: bool = False
    message: str = ""

    @property
    def html(self):
        return figure_html(self.attributes, self.text)


def _from_link(link):
    """The attributes a link alone gives: enough for a working card."""
    attributes = {PROVIDER: link.provider.key, URL: link.url}
    if link.handle and not link.handle.startswith("did:"):
        attributes[AUTHOR] = "@" + link.handle
    day = link.provider.id_date(link.parts) if link.provider.id_date else None
    if _plausible(day):
        attributes[DATE] = day.isoformat()
    if link.handle.startswith("did:"):
        attributes[AT_URI] = f"at://{link.handle}/app.bsky.feed.post/{link.parts['rkey']}"
    return attributes


def _plausible(day):
    today = datetime.date.today()
    return day is not None and datetime.date(2005, 1, 1) <= day <= today + datetime.timedelta(1)


def lookup(url, by=None):
    """The card for `url`, from its provider's oEmbed answer where one is given; None if not ours.

    Asks the provider over the network, and may add the thumbnail to the picture
    library (as `by`, if they may add pictures). When the provider cannot help, the
    attributes still come from the link and the message tells the desk what to type.
    """
    link = identify(url)
    if link is None:
        return None
    provider = link.provider
    found = Lookup(link, _from_link(link))
    endpoint = settings.NEWSROOM_OEMBED_ENDPOINTS.get(provider.key)
    if not endpoint:
        found.message = (
            f"{provider.name} shares nothing about its {provider.noun}s without an account: "
            f"type the {provider.noun}'s text and date yourself."
        )
        return found
    try:
        answer = _ask(link, endpoint)
    except fetching.FetchError as error:
        found.message = (
            f"{_why(error, provider)} Type the text yourself; the card works without it."
        )
        return found
    _fill(found, answer)
    found.ok = True
    notes = [f"Filled in from {provider.name}: check the text before publishing."]
    if not found.text:
        notes = [f"{provider.name} gave no text for this {provider.noun}: type it yourself."]
    if isinstance(answer.get("thumbnail_url"), str):
        notes.append(_keep_thumbnail(found, answer["thumbnail_url"], endpoint, by))
    found.message = " ".join(note for note in notes if note)
    return found


def _ask(link, endpoint):
    query = urlencode({"url": link.url, **link.provider.params})
    separator = "&" if "?" in endpoint else "?"
    _, body = fetching.fetch(
        f"{endpoint}{separator}{query}",
        limit=ANSWER_MAX_BYTES,
        accept="application/json",
        trusted=endpoint,
    )
    try:
        answer = json.loads(body)
    except ValueError as error:
        raise fetching.Unusable("not JSON") from error
    if not isinstance(answer, dict):
        raise fetching.Unusable("not a JSON object")
    return answer


def _why(error, provider):
    """What went wrong, in the desk's words."""
    name = provider.name
    if isinstance(error, fetching.TooSlow):
        return f"{name} did not answer in time."
    if isinstance(error, fetching.TooBig):
        return f"{name}'s answer was too large to use."
    if isinstance(error, fetching.Refused):
        if error.status in (401, 403, 404, 410):
            return (
                f"{name} has no public {provider.noun} at this link: it may be private or deleted."
            )
        return f"{name} answered with an error ({error.status})."
    if isinstance(error, fetching.Unusable):
        return f"{name}'s answer could not be read."
    return f"{name} could not be reached."


def _answer_text(answer, key):
    value = answer.get(key)
    return value if isinstance(value, str) else ""


def _fill(found, answer):
    """Text, author, date and (Bluesky) at:// address from the provider's answer."""
    link, provider = found.link, found.link.provider
    if provider.text_from == "html":
        found.text = quote_text(_answer_text(answer, "html"))
    else:
        found.text = plain_text(_answer_text(answer, "title"))
    author = _author(provider, answer) or found.attributes.get(AUTHOR, "")
    if author:
        found.attributes[AUTHOR] = author
    uploaded = clean_embed_attribute(DATE, _answer_text(answer, "upload_date")[:10])  # Vimeo's
    if uploaded:
        found.attributes[DATE] = uploaded
    if provider.key == "bluesky":
        match = re.search(r'data-bluesky-uri="([^"]+)"', _answer_text(answer, "html"))
        at_uri = clean_embed_attribute(AT_URI, match[1]) if match else None
        if at_uri and same_post(link, at_uri):
            found.attributes[AT_URI] = at_uri


def _author(provider, answer):
    """'@handle' from the answer's author_url where the provider has handles, else author_name."""
    if provider.author_url:
        match = re.fullmatch(provider.author_url + "/?", _answer_text(answer, "author_url"))
        if match:
            return "@" + match[1]
    name = plain_text(_answer_text(answer, "author_name"), AUTHOR_MAX_CHARS).replace("\n", " ")
    return clean_embed_attribute(AUTHOR, name) or ""  # a name with markup in it is left out


def _keep_thumbnail(found, url, endpoint, by):
    """Put the provider's thumbnail in the picture library; return a note if it could not be."""
    if by is not None and not by.has_perm("newsroom.add_image"):
        return "The thumbnail was not kept: you may not add pictures to the library."
    try:
        kind, data = fetching.fetch(
            url, limit=THUMBNAIL_MAX_BYTES, accept="image/*", trusted=endpoint
        )
        if not kind.startswith("image/"):
            raise fetching.Unusable(kind)
        # The library can be searched for it by this name, e.g. "youtube-dQw4w9WgXcQ".
        post = found.link.parts.get("id") or found.link.parts.get("rkey")
        upload = ContentFile(data, name=f"{found.link.provider.key}-{post}.jpg")
        images.check_upload(upload)
        image = Image.objects.create(
            file=upload,
            alt_text=_thumbnail_alt(found),
            credit=_thumbnail_credit(found),
            uploaded_by=by,
        )
    except (fetching.FetchError, ValidationError, NoRoom):
        return "The thumbnail could not be kept: the card shows without a picture."
    found.thumbnail = image
    found.attributes[THUMBNAIL] = str(image.pk)
    return ""


def _thumbnail_alt(found):
    provider = found.link.provider
    author = found.attributes.get(AUTHOR, "")
    alt = f"Thumbnail of the {provider.name} {provider.noun}"
    title = found.text.split("\n")[0]
    if title:
        alt += f" “{title[:150]}”"
    if author:
        alt += f" by {author}"
    return alt[:250]


def _thumbnail_credit(found):
    author = found.attributes.get(AUTHOR, "")
    name = found.link.provider.name
    return f"{author}/{name}" if author else name
