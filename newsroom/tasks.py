"""Work done off the request path: a picture's renditions, a story's search index.

Django's tasks framework (the django-tasks backport) queues them in the database once
the saving transaction commits, and `manage.py db_worker` runs them. With the
immediate backend (NEWSROOM_TASKS=immediate, the tests' default) a task runs at once,
inside the save, as it did before the queue: its errors are the save's.
"""

import logging
import threading

from django.db import transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from newsroom import pagecache

logger = logging.getLogger(__name__)


def runs_here(work):
    """Does the configured backend run `work` in this process, at once?"""
    return isinstance(work.get_backend(), ImmediateBackend)


def after_commit(work, *args):
    """Queue `work(*args)` once the current transaction commits (at once outside one).

    A rolled-back save queues nothing; a worker never looks for rows not yet committed.
    """
    if runs_here(work):
        work.call(*args)
    else:
        transaction.on_commit(lambda: work.enqueue(*args))


# Ids asked for in this thread's open transaction, by task: queued together at commit.
_waiting = threading.local()


def after_commit_merged(work, ids):
    """Queue `work(ids)` at commit, with every id asked for in the transaction: one task.

    A story's save touches it several times (the row, its people, each tag).
    """
    if runs_here(work):
        work.call(list(ids))
        return
    waiting = getattr(_waiting, "ids", None)
    if waiting is None:
        waiting = _waiting.ids = {}
    flush = _flusher(work)
    # Still registered unless the transaction (or the savepoint that registered it) rolled
    # back, which also took back the changes behind the ids it was holding.
    registered = any(func is flush for _, func, _ in transaction.get_connection().run_on_commit)
    if not registered:
        waiting[work.module_path] = set()
    waiting[work.module_path].update(ids)
    if not registered:
        transaction.on_commit(flush)


_flushers = {}


def _flusher(work):
    """The one callback per task that queues its waiting ids (found again by identity)."""
    if work.module_path not in _flushers:

        def flush():
            ids = sorted(_waiting.ids.pop(work.module_path, ()))
            if ids:
                work.enqueue(ids)

        _flushers[work.module_path] = flush
    return _flushers[work.module_path]


@task()
def make_renditions(image_id, kinds=None, replace=False):
    """Make the renditions `image_id` lacks (or remake `kinds`); purge pages once made."""
    from newsroom import images  # images imports the models, which import this module
    from newsroom.models import Image

    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return 0  # deleted before its turn came
    kinds = set(kinds) if kinds else None
    if replace:
        made = images.replace_renditions(image, kinds=kinds)
    else:
        made = images.make_renditions(image, kinds=kinds)
    if made:
        # Pages cached while the picture had no srcset (newsroom.images.fallback_url)
        # get their renditions at the next request.
        pagecache.purge()
    return len(made)
