"""The indexing pipeline through a real Celery worker on Redis (runs where Redis is configured)."""

from search import client as search_client
from search import indexes
from search.models import OutboxEntry
from tests.factories import practice_publish
from tests.queue import NEEDS_REDIS, wait_for

pytestmark = NEEDS_REDIS


def indexed(pk):
    client = search_client.get_client()
    return bool(client.options(ignore_status=404).exists(index=indexes.read_alias("practice"), id=pk))


def test_publish_is_indexed_by_the_worker_after_commit(queue_worker, practice_index, org):
    page = practice_publish(practice_index, title="Notfallmanagement", organisation=org)
    # The web process only enqueued the task; the worker on Redis did the indexing.
    assert wait_for(lambda: indexed(page.pk)), "the worker did not index the published practice"
    assert wait_for(lambda: not OutboxEntry.objects.filter(processed_at__isnull=True).exists())


def test_pending_rows_are_swept_by_the_beat_task(queue_worker, practice_index, org):
    from search.tasks import sweep_outbox

    page = practice_publish(practice_index, title="Gefährdungsbeurteilung", organisation=org)
    assert wait_for(lambda: indexed(page.pk))
    # Simulate a change whose task was lost (broker was down when it should have been sent).
    OutboxEntry.objects.create(kind="practice", object_id=page.pk)
    page.unpublish()  # writes its own row too; the sweep must leave the index matching the database
    sweep_outbox.delay()
    assert wait_for(lambda: not indexed(page.pk))
    assert wait_for(lambda: not OutboxEntry.objects.filter(processed_at__isnull=True).exists())
