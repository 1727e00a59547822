"""A hidden post leaves search through the real pipeline: outbox row -> Celery worker on Redis."""

import os

import pytest

from exchange.access import viewer_for
from exchange.forum import services as forum_services
from search import queries
from search.models import OutboxEntry
from tests.queue import NEEDS_REDIS, wait_for

pytestmark = [
    *NEEDS_REDIS,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker thread and the test write the outbox concurrently; SQLite locks the table",
    ),
]


def hits(user, q):
    return [h.title for h in queries.search(viewer_for(user), q).hits]


def drained():
    return not OutboxEntry.objects.filter(processed_at__isnull=True).exists()


def test_hide_reaches_search_through_the_worker(queue_worker, member, partner, editor, open_category):
    thread = forum_services.thread_create(
        author=member, category=open_category, title="Meldewege", body="Frage"
    )
    reply = forum_services.post_create(
        author=partner, thread=thread, body="Schlüsselübergabeprotokoll intern"
    )
    assert wait_for(lambda: drained() and hits(member, "Schlüsselübergabeprotokoll") == ["Meldewege"])
    forum_services.post_hide(actor=editor, post=reply, reason="privat")
    assert wait_for(lambda: drained() and hits(member, "Schlüsselübergabeprotokoll") == [])
