"""Several servers running publish_due at the same moment do each piece of work once."""

import datetime
import os
import subprocess
import sys
import threading

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, WorkflowEvent
from articles.scheduling import publish_due
from tests.newsroom.test_settings import PRODUCTION_ENV, ROOT, manage

STORIES = 40
on_sqlite = connection.vendor == "sqlite"


@pytest.mark.skipif(on_sqlite, reason="on SQLite the processes test below covers this")
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_do_the_work_once_on_postgresql(make_article):
    past = timezone.now() - datetime.timedelta(minutes=5)
    for _ in range(STORIES):
        make_article(publish_at=past)
    Article.objects.update(first_published_at=None)
    start = threading.Barrier(4)
    done = []

    def run():
        start.wait()
        try:
            done.append(publish_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    claimed = sorted(pk for went_live, _ in done for pk in went_live)
    assert claimed == sorted(Article.objects.values_list("pk", flat=True))
    assert WorkflowEvent.objects.filter(action="went_live").count() == STORIES
    assert not Article.objects.filter(first_published_at__isnull=True).exists()


SEED = f"""
import datetime
from django.utils import timezone
from articles.models import Article, Section
section = Section.objects.create(name="Film", slug="film")
past = timezone.now() - datetime.timedelta(minutes=5)
for n in range({STORIES}):
    Article.objects.create(headline=f"S{{n}}", slug=f"s{{n}}", section=section,
                           status="published", publish_at=past)
Article.objects.update(first_published_at=None)
"""
COUNT = (
    "from articles.models import WorkflowEvent, Article;"
    "print(WorkflowEvent.objects.filter(action='went_live').count(),"
    " Article.objects.filter(first_published_at__isnull=True).count())"
)


@pytest.mark.skipif(not on_sqlite, reason="the SQLite file database is tested on SQLite")
def test_concurrent_processes_do_the_work_once_on_sqlite(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert manage("migrate", "--noinput", env=env).returncode == 0
    assert manage("shell", "-c", SEED, env=env).returncode == 0
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "publish_due"],
            cwd=ROOT,
            env={**clean, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    went_live = sum(int(out.split()[0]) for out, _ in outputs)
    assert went_live == STORIES
    result = manage("shell", "-c", COUNT, env=env)
    assert result.stdout.splitlines()[-1].split() == [str(STORIES), "0"]
