"""Similar practices: ``more_like_this`` on the practice's text plus shared taxonomy terms.

Always filtered by :func:`search.permissions.visible_filter` for the viewer, never the practice
itself; the hits are re-read from the database through ``cms.permissions.practices_visible_to``
(for the cards, and as a second check). Errors raise :class:`SearchUnavailable`; the practice page
then falls back to the database version (``cms.selectors.practice_similar_list``).
"""

from __future__ import annotations

from typing import Any

from elasticsearch import ApiError
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query

from exchange.access import Viewer

from . import indexes
from .client import get_client
from .permissions import visible_filter
from .services import UNAVAILABLE, SearchUnavailable

SIMILAR_FIELDS = ["title", "summary", "body"]
TERM_BOOST = 0.6  # per shared taxonomy term
MAX_TERMS = 40
SIMILAR_TIMEOUT = 1.0  # seconds: the practice page must not wait long for a side panel


def practice_term_ids(page: Any) -> list[int]:
    """The taxonomy term ids of a saved practice, in one query (a UNION over the six term tables)."""
    from cms.models import PracticePage
    from cms.selectors import TERM_FIELDS

    queries = [
        PracticePage._meta.get_field(name)
        .remote_field.through.objects.filter(practicepage_id=page.pk)
        .values_list("term_id", flat=True)
        for name in TERM_FIELDS
    ]
    return sorted(set(queries[0].union(*queries[1:])))[:MAX_TERMS]


def similar_query(viewer: Viewer, page_id: int, term_ids: list[int]) -> Query:
    """Text like the practice's (by id, read from the index) or shared terms; visible, not itself."""
    should: list[Query] = [
        Q(
            "more_like_this",
            fields=SIMILAR_FIELDS,
            like=[{"_index": indexes.read_alias("practice"), "_id": str(page_id)}],
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=25,
            minimum_should_match="30%",
        )
    ]
    # One clause per term, so that sharing more terms scores more.
    should += [Q("constant_score", filter=Q("term", term_ids=t), boost=TERM_BOOST) for t in term_ids]
    return Q(
        "bool",
        should=should,
        minimum_should_match=1,
        must_not=[Q("ids", values=[str(page_id)])],
        filter=[Q("term", type="practice"), visible_filter(viewer)],
    )


def practice_similar_ids(viewer: Viewer, page_id: int, term_ids: list[int], *, limit: int = 4) -> list[int]:
    s = (
        Search(
            using=get_client().options(request_timeout=SIMILAR_TIMEOUT), index=indexes.read_alias("practice")
        )
        .query(similar_query(viewer, page_id, term_ids))
        .source(False)
    )[: limit * 2]
    try:
        response = s.execute()
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    except ApiError as exc:  # no index yet, or the server refused: the page falls back
        raise SearchUnavailable(str(exc)) from exc
    return [int(hit.meta.id) for hit in response]


def practice_similar_search(viewer: Viewer, page: Any, *, limit: int = 4) -> list[Any]:
    """Visible practices most like ``page``, best first (PracticePage objects, cards-ready)."""
    from cms import permissions

    ids = [
        pk
        for pk in practice_similar_ids(viewer, page.pk, practice_term_ids(page), limit=limit)
        if pk != page.pk
    ]
    if not ids:
        return []
    found = {
        p.pk: p
        for p in permissions.practices_visible_to(viewer).filter(pk__in=ids).select_related("organisation")
    }
    return [found[pk] for pk in ids if pk in found][:limit]
