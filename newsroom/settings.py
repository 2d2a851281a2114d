"""Settings for the gossip desk.

This is the only module that reads the environment. Every variable is listed in
the README's configuration table; the defaults make `make run` work on a fresh
machine (SQLite, local media, local-memory cache).
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    # A variable set to nothing (FOO= in a compose or unit file) means "use the default".
    return os.environ.get(name) or default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def install_key(path):
    """This install's own signing key, made the first time and kept in `path` (mode 0600)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        # Readable by this user alone from its first byte, then linked into place: of
        # several processes starting at once, one key is kept.
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_urlsafe(64))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG")
# Files this install makes for itself; git-ignored, never shared between installs.
NEWSROOM_VAR_DIR = Path(env("NEWSROOM_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "Set DJANGO_DEBUG=1 for local development, or give a long random key."
        )
    # A key written in the code would let anyone who reads it forge share links to a
    # `make run` demo: each install makes its own instead.
    try:
        SECRET_KEY = install_key(NEWSROOM_VAR_DIR / "secret-key")
    except OSError as error:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is not set and a key for this install cannot be kept in "
            f"{NEWSROOM_VAR_DIR}: {error}. Set DJANGO_SECRET_KEY, or NEWSROOM_VAR_DIR "
            "to a writable folder."
        ) from error

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# The public address every absolute link starts with (newsroom/siteurl.py), never the
# request's host. The default is where `make run` serves; `check --deploy` warns if kept.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", "Gossip Desk")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with a richer autocomplete (thumbnails in picture pickers).
    "newsroom.admin_site.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "newsroom",
    "people",
    "authors",
    "articles",
    "desk",
    "blocks",
    "live",
    "awards",
    # Staff sign-in: authenticator-app codes (django-otp) and lock-out after failures (axes).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # backup codes, for a lost or flat phone
    "axes",
    # Work done off the request path (renditions, the search index): Django's tasks
    # framework, its rows kept in the database and run by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that writes a body: readers' pages leave compressed.
    "newsroom.compression.CompressionMiddleware",
    # Before WhiteNoise, so static files get the same headers as pages.
    "newsroom.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsroom.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes requires: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# Database: SQLite in the project unless DATABASE_URL says otherwise. A worker keeps its
# connection for its next requests (DATABASE_CONN_MAX_AGE seconds): opening one, with
# SQLite's pragmas and functions, cost a page made afresh a fifth of its time.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer writes; IMMEDIATE takes the write
    # lock at BEGIN, so concurrent saves queue for up to `timeout` seconds instead
    # of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (newsroom/tasks.py): queued in the database and run by `manage.py
# db_worker`. "immediate" runs each task at once, inside the request that asked for it,
# as before the queue (the tests' default; a box that runs no worker).
NEWSROOM_TASKS = env("NEWSROOM_TASKS", "database")
if NEWSROOM_TASKS not in {"database", "immediate"}:
    raise ImproperlyConfigured('NEWSROOM_TASKS must be "database" or "immediate".')
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[NEWSROOM_TASKS],
        "QUEUES": ["default"],
    }
}

# Cache: Redis when REDIS_URL is set, otherwise this process's memory.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "newsroom",
            # A Redis that hangs must not hang every reader: past this, pages are made
            # without the cache (newsroom.pagecache) until it answers again.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Pages and the cards they share; Django's default of 300 entries would
            # keep throwing out the cards a busy home page needs.
            "OPTIONS": {"MAX_ENTRIES": env_int("NEWSROOM_LOCAL_CACHE_ENTRIES", 5000)},
        }
    }

# Each worker on one box has its own local-memory cache, so a purge (an edit, a publish,
# a withdrawal) must reach them another way: through this small file they all read.
# Redis is shared already and needs none.
NEWSROOM_PURGE_FILE = env(
    "NEWSROOM_PURGE_FILE", "" if env("REDIS_URL") else str(NEWSROOM_VAR_DIR / "page-generation")
)

# Only staff sign in, and only through the admin; after signing in they land there.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Axes first: a locked-out sign-in is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Stored in UTC; entered and shown in the newsroom's own time zone.
TIME_ZONE = env("NEWSROOM_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"

# The story body's own blocks in the rich-text editor (blocks/static/blocks/editor.js).
# Their stored HTML is newsroom.sanitize's allow-list, which the body's field applies.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("blocks/editor.js")],
        "extensions": {
            name: "blocks.editor_config.allowed_by_newsroom_sanitize"
            for name in ("StoryPicture", "StoryEmbed", "PullQuote", "KeyPoints")
        },
    }
]
# The editor's toolbar: its usual groups, then the blocks' buttons.
DJANGO_PROSE_EDITOR_MENU_GROUPS = [
    {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "history"},
    {"group": "blocks"},
]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (favicon.ico, apple-touch-icon.png).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names for far-future caching, with gzip/brotli copies beside them.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Media on S3-compatible object storage, shared by every app server, when a bucket is set.
if env("NEWSROOM_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("NEWSROOM_S3_BUCKET"),
            "endpoint_url": env("NEWSROOM_S3_ENDPOINT_URL") or None,
            "region_name": env("NEWSROOM_S3_REGION") or None,
            "access_key": env("NEWSROOM_S3_ACCESS_KEY_ID") or None,
            "secret_key": env("NEWSROOM_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": env("NEWSROOM_S3_CUSTOM_DOMAIN") or None,
            # Public, unsigned URLs: pictures are served to readers and cached by CDNs.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

# Readers' pages are cached this long at most (never past the next scheduled change).
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 0 if DEBUG else 60)
# Pieces shared by many pages (story cards, a story's linked body, its related stories)
# are kept this long, and forgotten with the pages showing what changed.
NEWSROOM_FRAGMENT_CACHE_SECONDS = env_int("NEWSROOM_FRAGMENT_CACHE_SECONDS", 0 if DEBUG else 600)
# Stories competing for attention (two leads, or the same person) this close together
# are flagged on the schedule.
NEWSROOM_CLASH_MINUTES = env_int("NEWSROOM_CLASH_MINUTES", 10)
# An edit to a story readers have seen waits for a second person's approval. With this
# on, an editor may instead put a small fix of their own (a typo) live at once; each such
# fix is recorded as one.
NEWSROOM_EDITORS_PUBLISH_SMALL_FIXES = env_bool("NEWSROOM_EDITORS_PUBLISH_SMALL_FIXES")

# How long a shared draft preview link works.
NEWSROOM_PREVIEW_HOURS = env_int("NEWSROOM_PREVIEW_HOURS", 48)

# Who else has a story open (desk/presence.py): each open page checks in this often, and
# someone whose page has not checked in for the timeout has gone.
NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = 3
NEWSROOM_PRESENCE_TIMEOUT_SECONDS = 8

# Live coverage (live/): readers' pages ask for updates this often, and browsers and CDNs
# may keep a live page or its updates this long (the cache here is purged per story).
NEWSROOM_LIVE_POLL_SECONDS = 3
NEWSROOM_LIVE_MAX_AGE_SECONDS = 2
# Writers' updates wait for an editor's approval before readers see them.
NEWSROOM_LIVE_WRITERS_NEED_APPROVAL = env_bool("NEWSROOM_LIVE_WRITERS_NEED_APPROVAL", True)

# Upload limits (images): refused with a message rather than half-processed.
NEWSROOM_MAX_UPLOAD_BYTES = env_int("NEWSROOM_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
# Pixels are what decoding costs (3 bytes each in memory, several copies while
# working): 50 MP takes any camera a desk uses, and refuses decompression bombs.
NEWSROOM_MAX_IMAGE_PIXELS = env_int("NEWSROOM_MAX_IMAGE_PIXELS", 50_000_000)
# Widths (px) of the responsive renditions made for each image, WebP and JPEG.
NEWSROOM_RENDITION_WIDTHS = [
    int(width) for width in env_list("NEWSROOM_RENDITION_WIDTHS", "320,640,960,1280,1920")
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Social posts and videos in story bodies (blocks/embeds.py): where the desk's lookup asks
# each provider about a link (oEmbed, no sign-in needed), and how long it waits for the
# answer and the thumbnail. Instagram and Threads answer only with an access token, so
# they have none: the desk types the post's text.
NEWSROOM_OEMBED_ENDPOINTS = {
    "youtube": "https://www.youtube.com/oembed",
    "vimeo": "https://vimeo.com/api/oembed.json",
    "x": "https://publish.twitter.com/oembed",
    "tiktok": "https://www.tiktok.com/oembed",
    "bluesky": "https://embed.bsky.app/oembed",
}
NEWSROOM_EMBED_LOOKUP_SECONDS = 5

# Security. With debug off these are the production defaults; behind a proxy that
# terminates TLS set DJANGO_SECURE_PROXY_SSL_HEADER=1.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_SECONDS", 60 * 60 * 12)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# No script of ours reads the CSRF cookie (forms carry the token), so scripts may not either.
CSRF_COOKIE_HTTPONLY = True
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of the app whose X-Forwarded-For is trusted for the visitor's address
# (lock-out counts per address); 0 means REMOTE_ADDR is the visitor.
NEWSROOM_PROXY_COUNT = env_int("NEWSROOM_PROXY_COUNT", 0)
# HTTP caches in front of the app (Varnish, deploy/varnish/newsroom.vcl) that accept a
# purge by key: each edit, publish or withdrawal sends them a PURGE naming its keys.
NEWSROOM_HTTP_CACHE_PURGE_URLS = env_list("NEWSROOM_HTTP_CACHE_PURGE_URLS")

# Staff sign-in (newsroom/signin.py). Failures are counted per account from one address
# and, with a looser limit because an office shares one address, per address; either
# limit pauses sign-in from there for the cool-off. Unlock early in Admin › Axes.
NEWSROOM_SIGNIN_FAILURE_LIMIT = env_int("NEWSROOM_SIGNIN_FAILURE_LIMIT", 5)
NEWSROOM_SIGNIN_ADDRESS_LIMIT = env_int("NEWSROOM_SIGNIN_ADDRESS_LIMIT", 20)
AXES_FAILURE_LIMIT = NEWSROOM_SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("NEWSROOM_SIGNIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # order: see signin.py
AXES_HANDLER = "newsroom.signin.SignInAttempts"
AXES_CLIENT_IP_CALLABLE = "newsroom.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "newsroom.signin.locked_out"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Two-factor sign-in (newsroom/twofactor.py): optional for staff; with this on, anyone
# who can publish must set up an authenticator app before using the admin.
NEWSROOM_REQUIRE_2FA_FOR_PUBLISHERS = env_bool("NEWSROOM_REQUIRE_2FA_FOR_PUBLISHERS")
OTP_TOTP_ISSUER = SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret again

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}

TAGGIT_CASE_INSENSITIVE = True
