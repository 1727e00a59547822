"""What the tests that run a real Celery worker on Redis share: the marks that skip them (with the
reason) where no Redis is configured, and waiting for the worker's effects. The worker itself is
the ``queue_worker`` fixture (tests/conftest.py)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest

from cms.celery import app

BROKER = os.environ.get("CELERY_BROKER_URL", "")

# pytestmark of a test module whose tests need the worker (transaction=True: the worker thread
# reads what the test committed)
NEEDS_REDIS = [
    pytest.mark.queue,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not BROKER.startswith("redis://"),
        reason="needs Redis: set CELERY_BROKER_URL=redis://... (.ci/run does so when Redis answers)",
    ),
]


def wait_for(predicate: Callable[[], object], timeout: float = 20.0, interval: float = 0.1) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds passed (then check a last time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def queue_drained() -> bool:
    """Nothing waiting in Redis and nothing reserved: with acks_late a message is acknowledged (and
    leaves the "unacked" hash) only after its task finished, so this means every task has run."""
    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        return client.llen(app.conf.task_default_queue) == 0 and client.hlen("unacked") == 0
