"""The drain: make the index match the database for the objects the outbox recorded (search.outbox).

A row holds only a kind and an id; the kind's document class (search.documents) reads the object's
current state, so an object that exists is indexed and one that is gone (or no longer live) is
deleted. Draining twice changes nothing, and the order of rows does not matter.

A row of a parent kind (a thread, :data:`search.documents.PARENTS`) re-indexes every child (post)
the parent has now and deletes the parent's other documents (:func:`sweep`), so a hidden, deleted
or moved post and a merged thread leave nothing behind, while a reply that another drainer indexed
meanwhile stays. A reply records only its own post.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import indexes
from .client import UNAVAILABLE, SearchUnavailable
from .documents import DOCUMENTS, PARENTS, BaseDocument
from .models import OutboxEntry

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


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
    sweeps: list[tuple[str, type[BaseDocument], set[int], set[int]]] = []
    try:
        for kind, ids in wanted.items():
            parent = kind in PARENTS  # a thread: every post of it, and none that is gone
            document = PARENTS[kind] if parent else DOCUMENTS[kind]
            targets = _targets(document.kind)
            if parent:
                found = dict(document.documents(parents=ids))
            else:
                found = dict(document.documents(ids))
            for index in targets:
                index_kind[index] = document.kind
                actions += [
                    {"_op_type": "index", "_index": index, "_id": pk, "_source": doc}
                    for pk, doc in found.items()
                ]
                if parent:
                    sweeps.append((index, document, ids, set(found)))
                else:
                    actions += [{"_op_type": "delete", "_index": index, "_id": pk} for pk in ids - set(found)]
        errors = indexes.bulk(actions, refresh=refresh)
        for index, document, parents, keep in sweeps:
            errors += sweep(index, document, parents, keep=keep, refresh=refresh)
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    failed: dict[tuple[str, int], str] = {}
    for error in errors:
        ((op, item),) = error.items()
        kind = index_kind.get(item.get("_index", ""), "")
        failed[(kind, int(item["_id"]))] = str(item.get("error") or item.get("status"))
        log.warning("search: %s of %s:%s failed: %s", op, kind, item["_id"], item.get("error"))
    return failed


def sweep(
    index: str, document: type[BaseDocument], parents: set[int], *, keep: set[int], refresh: bool
) -> list[dict]:
    """Delete the documents of ``parents`` in ``index`` that the parents no longer have (a hidden,
    deleted or moved post, a merged thread); return the failed deletes.

    ``keep`` is what this drain read and indexed a moment ago. A reply committed since then may
    already have been indexed by another drainer, so a document outside ``keep`` is deleted only
    when the database, asked now, has no such object under these parents."""
    extra = indexes.children_ids(index, document.parent_field, parents) - keep
    if not extra:
        return []
    still = document.get_queryset().filter(pk__in=extra, **{f"{document.parent_field}__in": parents})
    gone = extra - set(still.values_list("pk", flat=True))
    return indexes.bulk([{"_op_type": "delete", "_index": index, "_id": pk} for pk in gone], refresh=refresh)


def _targets(kind: str) -> list[str]:
    targets = indexes.write_indices(kind)
    if not targets:
        indexes.ensure_indices()
        targets = indexes.write_indices(kind)
    return targets


def outbox_pending_count() -> int:
    return OutboxEntry.objects.filter(processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS).count()


def outbox_prune(*, older_than: timedelta = timedelta(days=7)) -> int:
    deleted, _ = OutboxEntry.objects.filter(processed_at__lt=timezone.now() - older_than).delete()
    return deleted
