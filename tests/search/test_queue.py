"""The indexing pipeline through a real Celery worker on Redis (runs where Redis is configured)."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app
from search import client as search_client
from search import indexes
from search.models import OutboxEntry
from tests.factories import practice_publish

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.queue,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not BROKER.startswith("redis://"),
        reason="needs Redis: set CELERY_BROKER_URL=redis://... (.ci/run does so when Redis answers)",
    ),
]


@pytest.fixture
def worker():
    app.conf.task_always_eager = False
    app.control.purge()  # nothing left over from earlier runs
    with start_worker(
        app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
    ) as w:
        yield w


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def indexed(pk):
    client = search_client.get_client()
    return bool(client.options(ignore_status=404).exists(index=indexes.read_alias("practice"), id=pk))


def test_publish_is_indexed_by_the_worker_after_commit(worker, practice_index, org):
    page = practice_publish(practice_index, title="Notfallmanagement", organisation=org)
    # The web process only enqueued the task; the worker on Redis did the indexing.
    assert wait_for(lambda: indexed(page.pk)), "the worker did not index the published practice"
    assert wait_for(lambda: not OutboxEntry.objects.filter(processed_at__isnull=True).exists())


def test_pending_rows_are_swept_by_the_beat_task(worker, practice_index, org):
    from search.tasks import sweep_outbox

    page = practice_publish(practice_index, title="Gefährdungsbeurteilung", organisation=org)
    assert wait_for(lambda: indexed(page.pk))
    # Simulate a change whose task was lost (broker was down when it should have been sent).
    OutboxEntry.objects.create(kind="practice", object_id=page.pk)
    page.unpublish()  # writes its own row too; the sweep must leave the index matching the database
    sweep_outbox.delay()
    assert wait_for(lambda: not indexed(page.pk))
    assert wait_for(lambda: not OutboxEntry.objects.filter(processed_at__isnull=True).exists())
