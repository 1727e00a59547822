"""Similar practices: ``more_like_this`` on the practice's text plus shared taxonomy terms.

Always filtered by :func:`search.permissions.visible_filter` for the viewer, never the practice
itself. Search returns ids, best first; cms reads the pages for the cards (``cms.selectors``, which
checks visibility again) and falls back to its database version when this raises
:class:`SearchUnavailable`.
"""

from __future__ import annotations

from collections.abc import Sequence

from elasticsearch import ApiError
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query

from . import indexes
from .client import UNAVAILABLE, SearchUnavailable, get_client
from .permissions import Viewer, visible_filter

__all__ = ["SearchUnavailable", "practice_similar_ids", "similar_query"]

SIMILAR_FIELDS = ["title", "summary", "body"]
TERM_BOOST = 0.6  # per shared taxonomy term
MAX_TERMS = 40
SIMILAR_TIMEOUT = 1.0  # seconds: the practice page must not wait long for a side panel


def similar_query(viewer: Viewer, page_id: int, term_ids: Sequence[int]) -> Query:
    """Text like the practice's (by id, read from the index) or shared terms; visible, not itself.
    Of many terms the first :data:`MAX_TERMS` count (the query stays small)."""
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
    should += [
        Q("constant_score", filter=Q("term", term_ids=t), boost=TERM_BOOST) for t in term_ids[:MAX_TERMS]
    ]
    return Q(
        "bool",
        should=should,
        minimum_should_match=1,
        must_not=[Q("ids", values=[str(page_id)])],
        filter=[Q("term", type="practice"), visible_filter(viewer)],
    )


def practice_similar_ids(
    viewer: Viewer, page_id: int, term_ids: Sequence[int], *, limit: int = 4
) -> list[int]:
    """Ids of the visible practices most like ``page_id``, best first (twice ``limit``, so that the
    caller can drop what it may not show and still fill its cards)."""
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
