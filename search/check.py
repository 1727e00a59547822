"""``search_index --check``: compare the database with the index per kind, and repair drift.

Every indexed document carries a ``fingerprint`` (a hash of its content, search.documents), so the
check needs no timestamps: it computes each object's document from the database as indexing
would, and compares

- *missing*: in the database (should be indexed), not in the index;
- *stale*: in both, but the index holds an older fingerprint (e.g. the database was changed
  without an outbox row);
- *orphaned*: in the index, but no longer in the database (or no longer live).

Repair goes through the normal, idempotent pipeline: one outbox row per affected object, then a
drain, which indexes what exists and deletes what does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from elasticsearch import ApiError, helpers

from . import indexes, outbox
from .client import UNAVAILABLE, SearchUnavailable, get_client
from .documents import DOCUMENTS
from .drain import outbox_drain


@dataclass
class Drift:
    kind: str
    in_database: int = 0
    in_index: int = 0
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)
    repaired: bool = False

    @property
    def ids(self) -> list[int]:
        return sorted({*self.missing, *self.stale, *self.orphaned})

    def __bool__(self) -> bool:
        return bool(self.missing or self.stale or self.orphaned)


def indexed_fingerprints(kind: str) -> dict[int, str]:
    """``{id: fingerprint}`` of every document behind the read alias (scrolled, not paged)."""
    client = get_client().options(request_timeout=30)
    alias = indexes.read_alias(kind)
    try:
        client.indices.refresh(index=alias)
        hits = helpers.scan(
            client, index=alias, query={"query": {"match_all": {}}}, _source=["fingerprint"], size=1000
        )
        return {int(hit["_id"]): (hit.get("_source") or {}).get("fingerprint", "") for hit in hits}
    except ApiError as exc:
        if exc.meta.status == 404:
            return {}
        raise


def kind_check(kind: str, progress: Callable[[str, int, int], None] | None = None) -> Drift:
    document_class = DOCUMENTS[kind]
    indexed = indexed_fingerprints(kind)
    drift = Drift(kind=kind, in_index=len(indexed))
    total = document_class.get_queryset().count()
    for pk, document in document_class.documents():
        drift.in_database += 1
        stored = indexed.pop(pk, None)
        if stored is None:
            drift.missing.append(pk)
        elif stored != document["fingerprint"]:
            drift.stale.append(pk)
        if progress and drift.in_database % 500 == 0:
            progress(kind, drift.in_database, total)
    if progress:
        progress(kind, drift.in_database, total)
    drift.orphaned = sorted(indexed)
    return drift


def index_check(
    *,
    kinds: Iterable[str] | None = None,
    repair: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Drift]:
    """Check each kind; with ``repair`` make the index match the database again."""
    drifts: list[Drift] = []
    try:
        if repair:  # a dry run changes nothing, not even by creating a missing index
            indexes.ensure_indices()
        for kind in kinds or DOCUMENTS:
            drift = kind_check(kind, progress)
            if drift and repair:
                with transaction.atomic():
                    outbox.record(kind, drift.ids)
                outbox_drain(refresh=True)
                drift.repaired = True
            drifts.append(drift)
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    return drifts
