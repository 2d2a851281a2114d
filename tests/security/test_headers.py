"""Security headers on readers' pages, the admin, error pages and uploaded files."""

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import path
from django.views.static import serve

from newsroom.urls import urlpatterns as site_urls
from tests.newsroom.test_settings import PRODUCTION_ENV, manage


def serve_upload(request, name):
    return serve(request, name, document_root=django_settings.MEDIA_ROOT)


# The site's URLs plus uploads served as in development (in production: the proxy).
urlpatterns = [*site_urls, path("media/<path:name>", serve_upload)]


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in response["Permissions-Policy"]
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]  # only style attributes may be inline


@pytest.mark.parametrize(
    "url", ["/", "/search/?q=x", "/feeds/latest/", "/sitemap.xml", "/robots.txt", "/healthz"]
)
def test_readers_responses_carry_the_security_headers(client, db, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200
    assert_common_headers(response)
    assert policy(response)["script-src"] == ["'self'"]


@pytest.mark.skipif(django_settings.DEBUG, reason="HSTS is for production settings")
def test_hsts_is_sent_over_https(client, db):
    response = client.get("/", secure=True)
    hsts = response["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_error_pages_carry_the_security_headers(client, db):
    response = client.get("/articles/no-such-story/", secure=True)
    assert response.status_code == 404
    assert_common_headers(response)


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/two-factor/"])
def test_admin_sign_in_pages_carry_the_security_headers(client, db, url):
    response = client.get(url, secure=True)
    assert_common_headers(response)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/articles/article/add/", "/admin/articles/article/"]
)
def test_admin_pages_allow_only_the_editors_own_inline_script(staff_client, url):
    response = staff_client.get(url, secure=True)
    assert response.status_code == 200
    assert_common_headers(response)
    sources = policy(response)["script-src"]
    assert sources[0] == "'self'"
    assert all(source.startswith("'sha256-") for source in sources[1:])
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_a_staff_members_view_of_a_public_page_is_never_stored(staff_client, make_article):
    story = make_article()
    for url in ["/", story.get_absolute_url(), "/feeds/latest/"]:
        cache_control = staff_client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url
        assert "public" not in cache_control, url


def test_readers_pages_do_not_vary_on_cookies(client, make_article, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    response = client.get("/")
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.urls(__name__)
def test_uploaded_files_are_shown_never_run(client, db, settings, tmp_path):
    # Django serves uploads only in development; in production the proxy or object
    # storage does, and SECURITY.md lists the headers to set there.
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("images/ab/picture.jpg", ContentFile(b"\xff\xd8\xff"))
    response = client.get(settings.MEDIA_URL + name, secure=True)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = policy(response)
    assert csp["default-src"] == ["'none'"]
    assert "sandbox" in csp


def test_production_settings_make_cookies_secure_and_http_only():
    probe = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = manage("shell", "-c", probe, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = result.stdout.strip().splitlines()[-1].split()
    assert values == ["True", "True", "True", "True", "True", "31536000"]
