"""The Celery application, and the one way to queue a task from a write. Without CELERY_BROKER_URL
tasks run eagerly (see settings)."""

import os
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

    def send() -> None:
        task.delay(*args, **kwargs)

    # Django names the failed callback by its __qualname__ when it logs (a partial has none).
    send.__qualname__ = f"after_commit({getattr(task, 'name', task)!s})"
    transaction.on_commit(send, robust=True)
