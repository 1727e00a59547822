"""The Celery application, and the one way to queue a task from a write. Without CELERY_BROKER_URL
tasks run eagerly (see settings)."""

import os
from functools import partial
from typing import Any

from celery import Celery
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def after_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue ``task`` once the surrounding transaction commits (at once outside a transaction).

    Celery's own ``delay_on_commit`` does the same without ``robust``: a broker that is down would then
    turn a committed write into an error page. Here the failure is logged by Django and the write
    stands; every task queued this way has a beat sweep or outbox that catches up.
    """
    transaction.on_commit(partial(task.delay, *args, **kwargs), robust=True)
