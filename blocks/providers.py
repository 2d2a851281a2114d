"""The providers whose posts and videos a story can embed: their links, frames and questions.

`identify` accepts only the shapes of link in the table (https, the provider's own
hosts, strict paths) and gives each its one canonical address; `frame_url` works
out the player's or embedded post's address from that, never from stored HTML.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Form:
    """One shape of link a provider uses: where it is, what it stands for, how it plays."""

    hosts: frozenset
    path: str  # a regular expression for the whole path (with "?query" when `query`)
    canonical: str  # the link kept, formatted from the expression's groups
    frame: str  # the player's or post's embed address, formatted the same way
    shape: str = "post"  # "wide" (16:9 video), "tall" (vertical video) or "post"
    query: bool = False


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    noun: str  # "video" or "post"
    forms: tuple
    params: dict = field(default_factory=dict)  # sent with the oEmbed question
    text_from: str = "title"  # the answer's "title", or the first paragraphs of its "html"
    author_url: str = ""  # a regular expression finding the handle in the answer's author_url
    id_date: object = None  # a function: the day the post was made, read from its id


def _hosts(*names):
    return frozenset(names)


YOUTUBE = _hosts("www.youtube.com", "youtube.com", "m.youtube.com")
YOUTUBE_ID = r"(?P<id>[A-Za-z0-9_-]{11})"
YOUTUBE_FRAME = "https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0"
VIMEO = _hosts("vimeo.com", "www.vimeo.com")
INSTAGRAM = _hosts("www.instagram.com", "instagram.com")
INSTAGRAM_USER = r"(?:(?P<handle>[A-Za-z0-9._]{1,30})/)?"
X = _hosts(
    "x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"
)
X_TAIL = r"/status/(?P<id>[0-9]{1,20})(?:/(?:photo|video)/[1-4])?/?"
X_FRAME = "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true"
TIKTOK = _hosts("www.tiktok.com", "tiktok.com", "m.tiktok.com")
THREADS = _hosts("www.threads.com", "threads.com", "www.threads.net", "threads.net")
# Bluesky handles are domain names; links from the app are lower case.
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HANDLE = rf"{LABEL}(?:\.{LABEL})+"
DID = r"did:plc:[a-z2-7]{24}|did:web:" + HANDLE
RKEY = r"(?P<rkey>[a-z2-7]{13})"  # a TID: posts' record keys
AT_URI_PATTERN = re.compile(rf"at://(?P<did>{DID})/app\.bsky\.feed\.post/{RKEY}")
BSKY_FRAME = "https://embed.bsky.app/embed/{did}/app.bsky.feed.post/{rkey}"


def _snowflake_date(parts):
    """X post ids carry their time: milliseconds since X's epoch, above 22 bits."""
    return _from_timestamp(((int(parts["id"]) >> 22) + 1288834974657) / 1000)


def _tiktok_date(parts):
    """TikTok video ids carry their time: Unix seconds in the top 32 bits."""
    return _from_timestamp(int(parts["id"]) >> 32)


def _tid_date(parts):
    """A Bluesky record key (TID) is microseconds since 1970 in base 32, above 10 bits."""
    value = 0
    for char in parts["rkey"]:
        value = value * 32 + "234567abcdefghijklmnopqrstuvwxyz".index(char)
    return _from_timestamp((value >> 10) / 1_000_000)


def _from_timestamp(seconds):
    try:
        return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


PROVIDERS = {
    provider.key: provider
    for provider in [
        Provider(
            "youtube",
            "YouTube",
            "video",
            forms=(
                Form(
                    YOUTUBE,
                    rf"/watch\?(?:[^#]*&)?v={YOUTUBE_ID}(?:&[^#]*)?",
                    "https://www.youtube.com/watch?v={id}",
                    YOUTUBE_FRAME,
                    shape="wide",
                    query=True,
                ),
                Form(
                    YOUTUBE,
                    rf"/shorts/{YOUTUBE_ID}/?",
                    "https://www.youtube.com/shorts/{id}",
                    YOUTUBE_FRAME,
                    shape="tall",
                ),
                Form(
                    _hosts("youtu.be"),
                    rf"/{YOUTUBE_ID}/?",
                    "https://www.youtube.com/watch?v={id}",
                    YOUTUBE_FRAME,
                    shape="wide",
                ),
            ),
            params={"format": "json"},
            author_url=r"https://www\.youtube\.com/@([A-Za-z0-9._-]{3,30})",
        ),
        Provider(
            "vimeo",
            "Vimeo",
            "video",
            forms=(
                Form(
                    VIMEO,
                    r"/(?:channels/[A-Za-z0-9_-]{1,50}/)?(?P<id>[0-9]{1,12})/?",
                    "https://vimeo.com/{id}",
                    "https://player.vimeo.com/video/{id}?autoplay=1&dnt=1",
                    shape="wide",
                ),
                # Unlisted videos: the link carries a key the player needs too.
                Form(
                    VIMEO,
                    r"/(?P<id>[0-9]{1,12})/(?P<key>[0-9a-f]{6,20})/?",
                    "https://vimeo.com/{id}/{key}",
                    "https://player.vimeo.com/video/{id}?h={key}&autoplay=1&dnt=1",
                    shape="wide",
                ),
            ),
            params={"width": "1280", "dnt": "1"},
        ),
        Provider(
            "instagram",
            "Instagram",
            "post",
            forms=(
                Form(
                    INSTAGRAM,
                    rf"/{INSTAGRAM_USER}p/(?P<id>[A-Za-z0-9_-]{{5,40}})/?",
                    "https://www.instagram.com/p/{id}/",
                    "https://www.instagram.com/p/{id}/embed/",
                ),
                Form(
                    INSTAGRAM,
                    rf"/{INSTAGRAM_USER}reels?/(?P<id>[A-Za-z0-9_-]{{5,40}})/?",
                    "https://www.instagram.com/reel/{id}/",
                    "https://www.instagram.com/reel/{id}/embed/",
                ),
            ),
        ),
        Provider(
            "x",
            "X",
            "post",
            forms=(
                # "i" is not a user: x.com/i/status/<id> is a post without its author's name.
                Form(
                    X,
                    rf"/(?!i/)(?P<handle>[A-Za-z0-9_]{{1,15}}){X_TAIL}",
                    "https://x.com/{handle}/status/{id}",
                    X_FRAME,
                ),
                Form(X, rf"/i(?:/web)?{X_TAIL}", "https://x.com/i/status/{id}", X_FRAME),
            ),
            params={"omit_script": "1", "dnt": "true"},
            text_from="html",
            author_url=r"https://(?:www\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})",
            id_date=_snowflake_date,
        ),
        Provider(
            "tiktok",
            "TikTok",
            "video",
            forms=(
                Form(
                    TIKTOK,
                    r"/@(?P<handle>[A-Za-z0-9_.]{1,24})/video/(?P<id>[0-9]{15,20})/?",
                    "https://www.tiktok.com/@{handle}/video/{id}",
                    "https://www.tiktok.com/embed/v2/{id}",
                    shape="tall",
                ),
            ),
            author_url=r"https://www\.tiktok\.com/@([A-Za-z0-9_.]{1,24})",
            id_date=_tiktok_date,
        ),
        Provider(
            "threads",
            "Threads",
            "post",
            forms=(
                Form(
                    THREADS,
                    r"/@(?P<handle>[A-Za-z0-9_.]{1,30})/post/(?P<id>[A-Za-z0-9_-]{5,40})/?",
                    "https://www.threads.com/@{handle}/post/{id}",
                    "https://www.threads.com/@{handle}/post/{id}/embed",
                ),
            ),
        ),
        Provider(
            "bluesky",
            "Bluesky",
            "post",
            forms=(
                Form(
                    _hosts("bsky.app"),
                    rf"/profile/(?P<handle>{HANDLE}|{DID})/post/{RKEY}/?",
                    "https://bsky.app/profile/{handle}/post/{rkey}",
                    BSKY_FRAME,
                ),
            ),
            params={"format": "json"},
            text_from="html",
            author_url=rf"https://bsky\.app/profile/({HANDLE})",
            id_date=_tid_date,
        ),
    ]
}


def provider_names():
    """'YouTube, Vimeo, … and Bluesky': for messages."""
    names = [provider.name for provider in PROVIDERS.values()]
    return ", ".join(names[:-1]) + " and " + names[-1]


UNKNOWN_LINK = (
    f"Only links from {provider_names()} can be embedded. Paste the address of the post "
    "or video itself, as its Share button gives it (it starts with https://)."
)


@dataclass(frozen=True)
class Link:
    """A link we embed: its provider, canonical address, the parts named in it, its shape."""

    provider: Provider
    url: str
    parts: dict
    form: Form

    @property
    def handle(self):
        """The author's handle when the link names it (never X's "i")."""
        return self.parts.get("handle") or ""


def identify(url):
    """The Link for an https address of a post or video we embed; None for anything else."""
    if not isinstance(url, str) or len(url) > 500:
        return None
    url = url.strip()
    # Printable ASCII only: no look-alike letters, spaces or control characters.
    if not url.isascii() or any(ord(char) <= 32 or ord(char) == 127 for char in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.password or port:
        return None
    host = parts.hostname or ""
    for provider in PROVIDERS.values():
        for form in provider.forms:
            if host not in form.hosts:
                continue
            target = f"{parts.path}?{parts.query}" if form.query else parts.path
            match = re.fullmatch(form.path, target)
            if match:
                groups = {name: value for name, value in match.groupdict().items() if value}
                canonical = form.canonical.format(**groups)
                return Link(provider, canonical, groups, form)
    return None


def frame_url(link, at_uri=""):
    """The address of the provider's player or embedded post; "" when it cannot be known.

    A Bluesky post's frame is addressed by its author's DID: from the link when it
    names one, else from the stored at:// address of the same post.
    """
    parts = dict(link.parts)
    if link.provider.key == "bluesky":
        if link.handle.startswith("did:"):
            parts["did"] = link.handle
        elif same_post(link, at_uri):
            parts["did"] = AT_URI_PATTERN.fullmatch(at_uri)["did"]
        else:
            return ""
    return link.form.frame.format(**parts)


def same_post(link, at_uri):
    """Does `at_uri` (at://<did>/app.bsky.feed.post/<rkey>) name the Bluesky post of `link`?"""
    match = AT_URI_PATTERN.fullmatch(at_uri or "")
    if not match or match["rkey"] != link.parts.get("rkey"):
        return False
    return not link.handle.startswith("did:") or match["did"] == link.handle
