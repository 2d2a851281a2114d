"""Response headers that limit what a page may do in the browser, and who may keep it.

Every response gets a Content-Security-Policy for its area (readers' pages, the
admin, uploaded files) and a Permissions-Policy; a response to a signed-in person
is never stored by a browser or a shared cache. The other security headers (HSTS,
nosniff, Referrer-Policy, X-Frame-Options, COOP) come from Django's own
middleware, configured in settings.
"""

import base64
import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.cache import patch_cache_control

# Browser features no page of ours uses: a page that is tricked into asking gets nothing.
# Autoplay only for the video players a reader starts by pressing "Play the video"
# (blocks/static/blocks/embeds.js), so one press plays the video.
EMBED_AUTOPLAY_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
PERMISSIONS_POLICY = ", ".join(
    [
        *(
            f"{feature}=()"
            for feature in [
                "accelerometer",
                "camera",
                "display-capture",
                "geolocation",
                "gyroscope",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "usb",
            ]
        ),
        "autoplay=({})".format(" ".join(f'"{origin}"' for origin in EMBED_AUTOPLAY_ORIGINS)),
    ]
)


# Tiptap, inside django-prose-editor, adds its base style sheet as a <style> element.
# This is that sheet's hash for the pinned version (requirements.txt); if an upgrade
# changes it, tests/browser/test_csp.py fails with the new hash in its message.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


def media_origin():
    """The uploads' host when MEDIA_URL points elsewhere (object storage, a CDN), else ''."""
    parts = urlsplit(settings.MEDIA_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def inline_script_hash(element):
    """The CSP source ('sha256-…') allowing one inline <script> element, given its HTML."""
    html = str(element)
    body = html[html.index(">") + 1 : html.rindex("</script>")]
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def editor_script_sources():
    """The rich-text editor's import map, the only inline script in the admin."""
    # Rendered per request: its paths depend on the static files storage (hashed names).
    from django_prose_editor.widgets import importmap

    return [inline_script_hash(importmap.render())]


# The players and embedded posts a story can show (blocks/providers.py), each loaded
# only when the reader presses its card's button (blocks/static/blocks/embeds.js).
EMBED_FRAME_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.instagram.com",
    "https://platform.twitter.com",
    "https://www.tiktok.com",
    "https://www.threads.com",
    "https://embed.bsky.app",
]


def reader_policy():
    """Readers' pages: our own files only, no inline script, nothing may frame them.

    They may frame the embeds' providers, and only those.
    """
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Pictures keep their focal point in a style attribute (partials/_picture.html);
        # <style> elements and style sheets from elsewhere stay blocked.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", media_origin()],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": EMBED_FRAME_ORIGINS,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def admin_policy():
    """The admin: as readers', plus the rich-text editor's import map and style sheet."""
    policy = reader_policy()
    policy["script-src"] = ["'self'", *editor_script_sources()]
    policy["style-src"] = ["'self'", EDITOR_STYLE_HASH]
    return policy


def upload_policy():
    """An uploaded file opened on its own: shown, never run, whatever is inside it."""
    return {"default-src": ["'none'"], "img-src": ["'self'"], "sandbox": []}


def serialize(policy):
    return "; ".join(
        " ".join([directive, *filter(None, sources)]) for directive, sources in policy.items()
    )


def policy_for(path):
    if settings.MEDIA_URL.startswith("/") and path.startswith(settings.MEDIA_URL):
        return upload_policy()
    if path.startswith(reverse("admin:index")):
        return admin_policy()
    return reader_policy()


def is_signed_in(request):
    # Readers carry no session cookie; checking it first keeps their pages free of
    # session reads (and of Vary: Cookie).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    """CSP and Permissions-Policy on every response; staff responses are never stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's own debug error pages (development only) are styled and scripted inline.
        if not (settings.DEBUG and response.status_code in (404, 500)):
            response.setdefault("Content-Security-Policy", serialize(policy_for(request.path)))
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_signed_in(request):
            # A page made for staff can show unpublished work: no cache may keep it.
            patch_cache_control(response, private=True, no_store=True)
        return response
