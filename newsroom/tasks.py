"""Work done off the request path: a picture's renditions, a story's search index.

Django's tasks framework (the django-tasks backport) queues them in the database once
the saving transaction commits, and `manage.py db_worker` runs them. With the
immediate backend (NEWSROOM_TASKS=immediate, the tests' default) a task runs at once,
inside the save, as it did before the queue: its errors are the save's.
"""

import logging

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
