"""Production settings: safe by default, configured only from the environment."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "deploy-check-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "SITE_URL": "https://news.example.org",
}


def manage(*args, env=None, **kwargs):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,
    )


def test_deployment_checklist_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checklist_warns_while_site_url_is_the_development_default():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr and "SITE_URL" in result.stderr


@pytest.mark.parametrize("value", ["news.example.org", "https://", "https://example.org/news"])
def test_a_site_url_that_is_not_an_address_stops_start_up(settings, value):
    from django.core.checks import run_checks

    settings.SITE_URL = value
    assert [e.id for e in run_checks() if e.id == "newsroom.E002"] == ["newsroom.E002"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert not [e for e in run_checks() if e.id == "newsroom.E002"]


def test_missing_secret_key_stops_startup_with_a_clear_message():
    result = manage("check", env={"DJANGO_ALLOWED_HOSTS": "news.example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def debug_start(var_dir, **kwargs):
    """The signing key a `make run` start (debug on, no DJANGO_SECRET_KEY) ends up with."""
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {"DJANGO_DEBUG": "1", "NEWSROOM_VAR_DIR": str(var_dir)}
    result = manage("shell", "-c", code, env=env, **kwargs)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_debug_without_a_key_makes_a_random_one_per_install_and_keeps_it(tmp_path):
    key = debug_start(tmp_path / "one", umask=0)
    assert len(key) >= 50
    assert key != "insecure-development-key-only-used-with-debug-on"
    assert debug_start(tmp_path / "one") == key  # the next start signs with the same key
    key_file = tmp_path / "one" / "secret-key"
    assert key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600  # even with a lax umask
    assert debug_start(tmp_path / "two") != key  # another install, another key


def test_with_debug_off_the_debug_key_file_is_never_used(tmp_path):
    debug_start(tmp_path)
    env = {"DJANGO_ALLOWED_HOSTS": "news.example.org", "NEWSROOM_VAR_DIR": str(tmp_path)}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_without_a_key_and_nowhere_to_keep_one_stops_with_a_message(tmp_path):
    (tmp_path / "var").write_text("a file where a folder should be")
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {"DJANGO_DEBUG": "1", "NEWSROOM_VAR_DIR": str(tmp_path / "var")}
    result = manage("shell", "-c", code, env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr and "cannot be" in result.stderr


SQLITE_PROBE = """
import threading, time
from django.db import connection, transaction
from articles.models import Section

with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print("journal", cursor.fetchone()[0])
Section.objects.create(name="Counter", slug="counter", order=0)
errors = []

def bump(name):
    try:
        with transaction.atomic():
            section = Section.objects.get(slug="counter")
            time.sleep(0.2)
            section.order += 1
            section.save()
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=bump, args=(i,)) for i in range(3)]
[t.start() for t in threads]
[t.join() for t in threads]
print("errors", errors)
print("order", Section.objects.get(slug="counter").order)
"""


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite").split(":")[0] != "sqlite",
    reason="the SQLite defaults are tested when SQLite is the database",
)
def test_sqlite_uses_wal_and_concurrent_saves_wait_instead_of_failing(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert manage("migrate", "--noinput", env=env).returncode == 0
    result = manage("shell", "-c", SQLITE_PROBE, env=env)
    assert result.returncode == 0, result.stderr
    assert "journal wal" in result.stdout
    assert "errors []" in result.stdout
    # IMMEDIATE transactions serialise the read-modify-write: no update is lost.
    assert "order 3" in result.stdout


def test_a_purge_file_that_cannot_be_written_stops_start_up_with_a_message(settings, tmp_path):
    from django.core.checks import run_checks

    (tmp_path / "media").write_text("a file where a folder should be")
    settings.NEWSROOM_PURGE_FILE = str(tmp_path / "media" / "var" / "page-generation")
    errors = [e for e in run_checks() if e.id == "newsroom.E001"]
    assert errors and "cannot be written" in errors[0].msg

    settings.NEWSROOM_PURGE_FILE = str(tmp_path / "var" / "page-generation")
    assert not [e for e in run_checks() if e.id == "newsroom.E001"]


def test_settings_left_empty_take_their_defaults():
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    result = manage(
        "shell", "-c", code, env={**PRODUCTION_ENV, "DATABASE_URL": "", "MEDIA_ROOT": ""}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("db.sqlite3")
