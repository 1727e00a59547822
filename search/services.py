"""Writes to the search side: drain the outbox (search.outbox records into it), rebuild indices."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError

from . import indexes
from .indexing import SOURCES
from .models import OutboxEntry

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


class SearchUnavailable(Exception):
    """The search server cannot be reached or did not answer in time."""


UNAVAILABLE = (TransportConnectionError, ConnectionTimeout)


def outbox_drain(*, batch: int = 500, refresh: bool = False) -> int:
    """Make the index match the database for pending outbox rows; return how many rows were done.

    Rows are locked with SKIP LOCKED so that parallel drainers share the work. A connection error
    rolls the batch back (the rows stay pending) and raises :class:`SearchUnavailable`.
    """
    done = 0
    while True:
        with transaction.atomic():
            rows = list(
                OutboxEntry.objects.select_for_update(skip_locked=True)
                .filter(processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
                .order_by("id")[:batch]
            )
            if not rows:
                return done
            failed = _apply(rows, refresh=refresh)
            now = timezone.now()
            ok_ids = [r.pk for r in rows if (r.kind, r.object_id) not in failed]
            OutboxEntry.objects.filter(pk__in=ok_ids).update(processed_at=now)
            for row in rows:
                if (row.kind, row.object_id) in failed:
                    row.attempts += 1
                    row.last_error = failed[(row.kind, row.object_id)][:2000]
                    row.save(update_fields=["attempts", "last_error"])
            done += len(ok_ids)
            if len(rows) < batch:
                return done


def _apply(rows: list[OutboxEntry], *, refresh: bool) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.kind, set()).add(row.object_id)
    actions: list[dict] = []
    index_kind: dict[str, str] = {}
    try:
        for kind, ids in wanted.items():
            targets = indexes.write_indices(kind)
            if not targets:
                indexes.ensure_indices()
                targets = indexes.write_indices(kind)
            found = dict(SOURCES[kind].documents(ids))
            for index in targets:
                index_kind[index] = kind
                for pk in ids:
                    if pk in found:
                        actions.append(
                            {"_op_type": "index", "_index": index, "_id": pk, "_source": found[pk]}
                        )
                    else:
                        actions.append({"_op_type": "delete", "_index": index, "_id": pk})
        errors = indexes.bulk(actions, refresh=refresh)
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    failed: dict[tuple[str, int], str] = {}
    for error in errors:
        ((op, item),) = error.items()
        kind = index_kind.get(item.get("_index", ""), "")
        failed[(kind, int(item["_id"]))] = str(item.get("error") or item.get("status"))
        log.warning("search: %s of %s:%s failed: %s", op, kind, item["_id"], item.get("error"))
    return failed


def index_rebuild(
    *, kinds: Iterable[str] | None = None, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Rebuild each kind into a new index and swap the aliases; searches keep working meanwhile.

    Outbox rows recorded before the rebuild started are covered by it and marked done; changes
    recorded while it ran are applied to the new index before the swap.
    """
    counts: dict[str, int] = {}
    try:
        indexes.ensure_indices()
        for kind in kinds or SOURCES:
            source = SOURCES[kind]
            started_at = OutboxEntry.objects.aggregate(m=Max("id"))["m"] or 0
            total = source.queryset().count()

            def load(index: str, source=source, kind=kind, total=total) -> int:
                sent = 0
                batch: list[dict] = []
                for pk, doc in source.documents():
                    batch.append({"_op_type": "index", "_index": index, "_id": pk, "_source": doc})
                    if len(batch) >= 500:
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

            _, counts[kind] = indexes.rebuild(kind, load=load)
            OutboxEntry.objects.filter(kind=kind, id__lte=started_at, processed_at__isnull=True).update(
                processed_at=timezone.now()
            )
        outbox_drain(refresh=True)
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    return counts


def outbox_pending_count() -> int:
    return OutboxEntry.objects.filter(processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS).count()


def outbox_prune(*, older_than: timedelta = timedelta(days=7)) -> int:
    deleted, _ = OutboxEntry.objects.filter(processed_at__lt=timezone.now() - older_than).delete()
    return deleted


def ping() -> bool:
    from .client import get_client

    try:
        return bool(get_client().options(request_timeout=1.0).ping())
    except (*UNAVAILABLE, ApiError):
        return False
