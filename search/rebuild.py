"""``search_index --rebuild``: fill a new index per kind from the database, then swap the aliases.

Searches keep working meanwhile (search.indexes): the new index joins the write alias first, so
changes drained during the rebuild reach it too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Max
from django.utils import timezone

from . import indexes
from .client import UNAVAILABLE, SearchUnavailable
from .documents import DOCUMENTS, BaseDocument
from .drain import outbox_drain
from .models import OutboxEntry

BATCH = 2000  # documents per bulk request (streamed: the next chunk is prepared while none waits)

Progress = Callable[[str, int, int], None]


def index_rebuild(
    *,
    kinds: Iterable[str] | None = None,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, int]:
    """Rebuild each kind into a new index and swap the aliases; return the documents per kind.

    Outbox rows recorded before the rebuild started are covered by it and marked done; changes
    recorded while it ran are applied to the new index before the swap. ``timings`` (optional)
    receives per kind the seconds spent preparing documents in Python (``<kind>_prepare_s``: the
    database reads and :meth:`BaseDocument.prepare`), apart from the time the search server takes.
    """
    counts: dict[str, int] = {}
    try:
        indexes.ensure_indices()
        for kind in kinds or DOCUMENTS:
            started_at = OutboxEntry.objects.aggregate(m=Max("id"))["m"] or 0
            load = _loader(DOCUMENTS[kind], progress, timings if timings is not None else {})
            _, counts[kind] = indexes.rebuild(kind, load=load)
            OutboxEntry.objects.filter(kind=kind, id__lte=started_at, processed_at__isnull=True).update(
                processed_at=timezone.now()
            )
        outbox_drain(refresh=True)
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    return counts


def _loader(
    document: type[BaseDocument], progress: Progress | None, timings: dict[str, float]
) -> Callable[[str], int]:
    """``load(index)`` for :func:`search.indexes.rebuild`: stream every document of the kind into
    ``index`` (``streaming_bulk``, :data:`BATCH` a request), timing the Python side on its own."""
    kind, total = document.kind, document.get_queryset().count()

    def actions(index: str) -> Iterator[dict]:
        prepare = 0.0
        documents = document.documents()
        while True:
            t = time.perf_counter()
            item = next(documents, None)
            prepare += time.perf_counter() - t
            if item is None:
                break
            yield {"_op_type": "index", "_index": index, "_id": item[0], "_source": item[1]}
        timings[f"{kind}_prepare_s"] = timings.get(f"{kind}_prepare_s", 0.0) + prepare

    def load(index: str) -> int:
        sent = 0
        for _ in indexes.bulk_stream(actions(index), chunk_size=BATCH):
            sent += 1
            if progress and sent % BATCH == 0:
                progress(kind, sent, total)
        if progress:
            progress(kind, sent, total)
        return sent

    return load
