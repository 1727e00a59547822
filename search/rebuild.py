"""``search_index --rebuild``: fill a new index per kind from the database, then swap the aliases.

Searches keep working meanwhile (search.indexes): the new index joins the write alias first, so
changes drained during the rebuild reach it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Max
from django.utils import timezone

from . import indexes
from .client import UNAVAILABLE, SearchUnavailable
from .documents import DOCUMENTS, BaseDocument
from .drain import outbox_drain
from .models import OutboxEntry

BATCH = 500

Progress = Callable[[str, int, int], None]


def index_rebuild(*, kinds: Iterable[str] | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Rebuild each kind into a new index and swap the aliases; return the documents per kind.

    Outbox rows recorded before the rebuild started are covered by it and marked done; changes
    recorded while it ran are applied to the new index before the swap.
    """
    counts: dict[str, int] = {}
    try:
        indexes.ensure_indices()
        for kind in kinds or DOCUMENTS:
            started_at = OutboxEntry.objects.aggregate(m=Max("id"))["m"] or 0
            load = _loader(DOCUMENTS[kind], progress)
            _, counts[kind] = indexes.rebuild(kind, load=load)
            OutboxEntry.objects.filter(kind=kind, id__lte=started_at, processed_at__isnull=True).update(
                processed_at=timezone.now()
            )
        outbox_drain(refresh=True)
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    return counts


def _loader(document: type[BaseDocument], progress: Progress | None) -> Callable[[str], int]:
    """``load(index)`` for :func:`search.indexes.rebuild`: bulk every document of the kind into ``index``."""
    kind, total = document.kind, document.get_queryset().count()

    def load(index: str) -> int:
        sent = 0
        batch: list[dict] = []
        for pk, doc in document.documents():
            batch.append({"_op_type": "index", "_index": index, "_id": pk, "_source": doc})
            if len(batch) >= BATCH:
                indexes.bulk(batch)
                sent += len(batch)
                batch = []
                if progress:
                    progress(kind, sent, total)
        if batch:
            indexes.bulk(batch)
            sent += len(batch)
        if progress:
            progress(kind, sent, total)
        return sent

    return load
