import datetime
import io
import itertools
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image as PILImage

from articles.bylines import set_bylines
from articles.models import Article, Section
from authors.models import Author
from newsroom.models import Image
from people.models import Credit, Person, Production

_counter = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """The test client and the live server speak plain HTTP.

    Session-wide, because the live server builds its middleware once, before any
    per-test settings apply.
    """
    with override_settings(
        SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False
    ):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, throwaway media, plain static files, no page cache unless asked.

    Background work runs at once, inside the request, unless a test asks for the queue
    (tests/newsroom/test_background_work.py).
    """
    cache.clear()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    if settings.NEWSROOM_PURGE_FILE:  # each test its own; with Redis, none
        settings.NEWSROOM_PURGE_FILE = str(tmp_path / "page-generation")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def now():
    return timezone.now()


def jpeg_bytes(size=(40, 30), color=(200, 30, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def make_image(db):
    def make(**overrides):
        n = next(_counter)
        size = overrides.pop("size", (40, 30))
        fields = {"alt_text": f"Picture {n}", "caption": f"Caption {n}", "credit": "Agency"}
        fields.update(overrides)
        data = ContentFile(jpeg_bytes(size), name=f"photo{n}.jpg")
        return Image.objects.create(file=data, **fields)

    return make


@pytest.fixture
def make_section(db):
    def make(**overrides):
        n = next(_counter)
        fields = {"name": f"Section {n}", "slug": f"section-{n}", "order": n}
        fields.update(overrides)
        return Section.objects.create(**fields)

    return make


@pytest.fixture
def section(make_section):
    return make_section(name="Film", slug="film")


@pytest.fixture
def make_article(db, section):
    """A live story unless told otherwise; `tags`, `people`, `productions`, `bylines`
    (authors, in order) may be lists."""

    def make(**overrides):
        n = next(_counter)
        tags = overrides.pop("tags", [])
        people = overrides.pop("people", [])
        productions = overrides.pop("productions", [])
        bylines = overrides.pop("bylines", [])
        fields = {
            "headline": f"Story number {n} headline",
            "slug": f"story-{n}",
            "standfirst": f"Standfirst of story {n}.",
            "body": f"<p>Body of story {n}.</p>",
            "section": section,
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() - datetime.timedelta(hours=1),
        }
        fields.update(overrides)
        article = Article.objects.create(**fields)
        if tags:
            article.tags.add(*tags)
        article.people.add(*people)
        article.productions.add(*productions)
        set_bylines(article, bylines)
        return article

    return make


@pytest.fixture
def make_author(db):
    """An author without a login unless given a `user`."""

    def make(**overrides):
        n = next(_counter)
        fields = {"name": f"Author {n}", "slug": f"author-{n}"}
        fields.update(overrides)
        return Author.objects.create(**fields)

    return make


@pytest.fixture
def make_person(db):
    """An established person, public with or without a story, unless told otherwise."""

    def make(**overrides):
        n = next(_counter)
        fields = {"name": f"Person {n}", "slug": f"person-{n}", "shown_publicly": True}
        fields.update(overrides)
        return Person.objects.create(**fields)

    return make


@pytest.fixture
def make_production(db):
    """An established production, public with or without a story, unless told otherwise."""

    def make(**overrides):
        n = next(_counter)
        fields = {
            "title": f"Production {n}",
            "slug": f"production-{n}",
            "release_year": 2020,
            "shown_publicly": True,
        }
        fields.update(overrides)
        return Production.objects.create(**fields)

    return make


@pytest.fixture
def make_credit(db):
    def make(person, production, **overrides):
        fields = {"role": Credit.Role.ACTOR, "character": ""}
        fields.update(overrides)
        return Credit.objects.create(person=person, production=production, **fields)

    return make


@pytest.fixture
def world(make_article, make_person, make_production, make_image, make_author, section):
    """A live story, and everything a hidden one could be listed beside."""
    person = make_person(name="Pom Klementieff", slug="pom-klementieff")
    production = make_production(title="Dead Reckoning", slug="dead-reckoning")
    author = make_author(name="Ann Writer", slug="ann-writer")
    live = make_article(
        headline="Live story about the shoot",
        slug="live-story",
        tags=["Stunts"],
        people=[person],
        productions=[production],
        hero_image=make_image(),
        bylines=[author],
    )
    return {
        "person": person,
        "production": production,
        "live": live,
        "section": section,
        "author": author,
    }


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


# The data migrations that give the roles their permissions.
ROLE_MIGRATIONS = [
    "articles.migrations.0003_desk_roles",
    "authors.migrations.0002_desk_roles_pick_authors",
    "live.migrations.0002_desk_roles",
    "awards.migrations.0002_desk_roles",
]


def role_group(name):
    """The role's group, rebuilt from the data migrations' lists if a flush removed it."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        for migration in ROLE_MIGRATIONS:
            for code in import_module(migration).ROLES[name]:
                app_label, codename = code.split(".")
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
    return group


def make_member(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username,
        password="a-long-test-password",
        is_staff=True,
        first_name=username.title(),
        **extra,
    )
    if group:
        user.groups.add(role_group(group))
    return user


@pytest.fixture
def writer(db, django_user_model):
    return make_member(django_user_model, "writer", "Writers")


@pytest.fixture
def other_writer(db, django_user_model):
    return make_member(django_user_model, "otherwriter", "Writers")


@pytest.fixture
def editor(db, django_user_model):
    return make_member(django_user_model, "editor", "Editors")


@pytest.fixture
def publisher(db, django_user_model):
    return make_member(django_user_model, "publisher", "Publishers")


@pytest.fixture
def chief(db, django_user_model):
    return make_member(django_user_model, "chief", is_superuser=True)
