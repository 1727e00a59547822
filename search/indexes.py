"""Index lifecycle: concrete indices behind a read alias and a write alias per document kind.

``<prefix>-<kind>`` (read alias) points at exactly one index; ``<prefix>-<kind>-write`` points at
the same index, and during a rebuild also at the new one, so that changes made while the rebuild
runs reach both. The swap moves the read alias and drops the old index from the write alias in one
atomic ``_aliases`` call.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.utils import timezone
from elasticsearch import NotFoundError, helpers

from .client import get_client
from .documents import DOCUMENTS


def max_result_window() -> int:
    """How deep ``from``/``size`` paging may go; deeper pages use ``search_after`` (search.paging)."""
    return int(settings.SEARCH.get("MAX_RESULT_WINDOW", 10_000))


def read_alias(kind: str) -> str:
    return f"{settings.SEARCH['INDEX_PREFIX']}-{kind}"


def write_alias(kind: str) -> str:
    return f"{read_alias(kind)}-write"


def new_index_name(kind: str) -> str:
    return f"{read_alias(kind)}-{timezone.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"


def _alias_targets(alias: str) -> list[str]:
    try:
        return sorted(get_client().indices.get_alias(name=alias).body.keys())
    except NotFoundError:
        return []


def read_index(kind: str) -> list[str]:
    return _alias_targets(read_alias(kind))


def write_indices(kind: str) -> list[str]:
    return _alias_targets(write_alias(kind))


def create_index(kind: str, *, bulk_load: bool = False) -> str:
    """A new, empty index of ``kind``; ``bulk_load``: no periodic refresh until :func:`rebuild` ends."""
    name = new_index_name(kind)
    mapping = DOCUMENTS[kind]._doc_type.mapping.to_dict()
    index_settings: dict = {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "max_result_window": max_result_window(),
    }
    if bulk_load:
        index_settings["refresh_interval"] = "-1"
    get_client().indices.create(index=name, settings=index_settings, mappings=mapping)
    return name


def ensure_indices() -> None:
    """Create each kind's index with both aliases where none exists yet (idempotent)."""
    client = get_client()
    for kind in DOCUMENTS:
        if read_index(kind):
            continue
        name = create_index(kind)
        client.indices.update_aliases(
            actions=[
                {"add": {"index": name, "alias": read_alias(kind)}},
                {"add": {"index": name, "alias": write_alias(kind)}},
            ]
        )


def rebuild(kind: str, *, load: Callable[[str], int]) -> tuple[str, int]:
    """Build a new index for ``kind``, fill it with ``load(index)``, then swap the aliases atomically.

    The new index joins the write alias before loading, so concurrent changes land in it too.
    """
    client = get_client()
    old = read_index(kind)
    name = create_index(kind, bulk_load=True)
    client.indices.update_aliases(actions=[{"add": {"index": name, "alias": write_alias(kind)}}])
    try:
        count = load(name)
        client.indices.put_settings(
            index=name, settings={"index": {"refresh_interval": None}}
        )  # default again
        client.indices.refresh(index=name)
    except Exception:
        client.indices.update_aliases(actions=[{"remove": {"index": name, "alias": write_alias(kind)}}])
        client.indices.delete(index=name)
        raise
    actions: list[dict] = [{"add": {"index": name, "alias": read_alias(kind)}}]
    for index in old:
        actions += [
            {"remove": {"index": index, "alias": read_alias(kind)}},
            {"remove": {"index": index, "alias": write_alias(kind)}},
        ]
    client.indices.update_aliases(actions=actions)
    for index in old:
        client.indices.delete(index=index)
    return name, count


def children_ids(index: str, field: str, parents: set[int]) -> set[int]:
    """The ids of the documents of ``index`` whose ``field`` is one of ``parents`` (scrolled)."""
    if not parents:
        return set()
    client = get_client().options(request_timeout=settings.SEARCH["BULK_TIMEOUT"])
    query = {"query": {"bool": {"filter": [{"terms": {field: sorted(parents)}}]}}, "_source": False}
    return {int(hit["_id"]) for hit in helpers.scan(client, index=index, query=query, size=1000)}


def bulk_stream(actions: Iterable[dict], *, chunk_size: int) -> Iterator[dict]:
    """Stream ``actions`` in requests of ``chunk_size``; yield one result per action, raise on a failure
    (a rebuild that loses documents must not swap the aliases). Big requests get more time."""
    client = get_client().options(request_timeout=max(settings.SEARCH["BULK_TIMEOUT"], 120.0))
    for _ok, item in helpers.streaming_bulk(
        client, actions, chunk_size=chunk_size, max_chunk_bytes=50 * 1024 * 1024, raise_on_error=True
    ):
        yield item


def bulk(actions: list[dict], *, refresh: bool = False) -> list[dict]:
    """Send bulk actions; return the failed items (connection errors raise)."""
    client = get_client().options(request_timeout=settings.SEARCH["BULK_TIMEOUT"])
    _, errors = helpers.bulk(client, actions, raise_on_error=False, raise_on_exception=True, refresh=refresh)
    assert isinstance(errors, list)  # with raise_on_error=False helpers.bulk returns the failed items
    return [e for e in errors if not _is_missing_delete(e)]


def _is_missing_delete(error: dict) -> bool:
    item = error.get("delete") or {}
    return item.get("status") == 404
