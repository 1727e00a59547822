"""Record which objects changed, in the writer's transaction: the one thing cms and exchange ask of search.

Writers call :func:`record` inside the transaction that changes the objects. A row holds only a kind
and an id, never a payload: the drainer (``search.drain``) reads each object's current state and
indexes or deletes it, so draining twice changes nothing and the order of rows does not matter.

This module imports nothing but search's own models, so every writer may import it without pulling
in the indexing side (which knows cms and exchange). After the writer's transaction commits, the
:data:`recorded` signal tells the indexing side to drain; ``search.tasks`` connects to it when the
app registry is ready (``search.apps``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

from .models import OutboxEntry

PRACTICE = "practice"
THREAD = "thread"  # a whole thread: all its posts (title, audience, moderation, merge)
POST = "post"  # one post (a reply written, edited or deleted)
GUIDE = "guide"  # a guide chapter
KINDS = (PRACTICE, THREAD, POST, GUIDE)

recorded = Signal()
"""Sent once after each commit of a transaction that recorded changes (no arguments but ``sender``)."""


def record(kind: str, ids: Iterable[int]) -> None:
    """Record that the objects ``ids`` of ``kind`` changed. Call inside the transaction that changes them."""
    if kind not in KINDS:
        raise ValueError(f"unknown search kind {kind!r}")
    rows = [OutboxEntry(kind=kind, object_id=pk) for pk in set(ids)]
    if not rows:
        return
    OutboxEntry.objects.bulk_create(rows)
    # robust: a broker that is down must not turn a committed write into an error page; the rows stay
    # pending and the beat sweep drains them later.
    transaction.on_commit(_send_recorded, robust=True)


def _send_recorded() -> None:
    recorded.send(sender=OutboxEntry)
