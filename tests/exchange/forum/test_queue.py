"""A hidden post leaves search through the real pipeline: outbox row -> Celery worker on Redis."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app
from exchange import services
from exchange.permissions import viewer_for
from search import queries
from search.models import OutboxEntry

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.queue,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not BROKER.startswith("redis://"),
        reason="needs Redis: set CELERY_BROKER_URL=redis://... (.ci/run does so when Redis answers)",
    ),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker thread and the test write the outbox concurrently; SQLite locks the table",
    ),
]


@pytest.fixture
def worker():
    app.conf.task_always_eager = False
    app.control.purge()
    with start_worker(
        app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
    ) as w:
        yield w


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def hits(user, q):
    return [h.title for h in queries.search(viewer_for(user), q).hits]


def drained():
    return not OutboxEntry.objects.filter(processed_at__isnull=True).exists()


def test_hide_reaches_search_through_the_worker(worker, member, partner, editor, open_category):
    thread = services.thread_create(author=member, category=open_category, title="Meldewege", body="Frage")
    reply = services.post_create(author=partner, thread=thread, body="Schlüsselübergabeprotokoll intern")
    assert wait_for(lambda: drained() and hits(member, "Schlüsselübergabeprotokoll") == ["Meldewege"])
    services.post_hide(actor=editor, post=reply, reason="privat")
    assert wait_for(lambda: drained() and hits(member, "Schlüsselübergabeprotokoll") == [])
