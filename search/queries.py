"""Reads from the search side: run a member's query as a safe, permission-filtered search.

The request is built by search.query_builder; this module runs it, reads hits, facet counts and
paging from the response, and adds the "Meinten Sie …?" suggestion (search.suggest) and the
editors' promotions (search.promotions).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from elasticsearch import ApiError
from elasticsearch.dsl import Q, Response, Search
from elasticsearch.dsl.query import Query

from . import indexes
from .analysis import MAX_QUERY_LENGTH, clean_query, parse_query
from .client import UNAVAILABLE, SearchUnavailable
from .documents import PostDocument, PostHit
from .facets import FACETS, PAGE_SIZE, TYPES, Facet, InvalidSearch, SearchParams
from .paging import Cursor, cursor_make, cursor_read
from .permissions import Viewer
from .promotions import promotions_apply, promotions_for
from .query_builder import _facet_filter, build_query, filtered_search
from .results import FacetResult, FacetValue, Hit, Results
from .suggest import correction
from .synonyms import synonym_table

__all__ = [
    "MAX_QUERY_LENGTH",
    "TYPES",
    "FacetResult",
    "Hit",
    "InvalidSearch",
    "Results",
    "build_query",
    "normalise_query",
    "search",
]
# One hit per thread: its best post, with how many of its posts matched (``inner_hits`` total only).
COLLAPSE = {"field": "group", "inner_hits": {"name": "group", "size": 0}}
GROUP_COUNT = {"field": "group", "precision_threshold": 40000}
# Highlight markers that cannot occur in stored text; replaced after HTML escaping.
_PRE, _POST = "\ue000", "\ue001"


def normalise_query(raw: str) -> str:
    """The query as shown back to the member: control characters dropped, spaces collapsed, capped."""
    return clean_query(raw)


def _snippet(fragments: list[str] | None, fallback: str) -> SafeString:
    if fragments:
        text = " … ".join(fragments)
    else:
        text = fallback[:240] + ("…" if len(fallback) > 240 else "")
    html = escape(text).replace(_PRE, "<mark>").replace(_POST, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags are added


def _sort(sort: str) -> list[dict]:
    """Every order ends with ``uid``, unique per document: ``search_after`` needs a total order.

    ``unmapped_type``: an index without the field (e.g. another kind's) sorts it as missing. After
    a mapping change run ``search_index --rebuild`` before serving searches.
    """
    uid = {"uid": {"order": "asc", "unmapped_type": "keyword"}}
    if sort == "date":
        return [{"date": {"order": "desc", "missing": "_last", "unmapped_type": "date"}}, uid]
    return [{"_score": "desc"}, uid]


def search(
    viewer: Viewer,
    raw_query: str = "",
    *,
    types: tuple[str, ...] = TYPES,
    page: int = 1,
    params: SearchParams | None = None,
) -> Results:
    """One page of permission-filtered hits with facet counts and, for a misspelling, a suggestion.

    ``params`` (validated by :func:`search.facets.params_from`) carries filters, sort and paging;
    the ``raw_query``/``types``/``page`` shorthand builds it for callers that need no more.
    Raises :class:`InvalidSearch` for a bad cursor and :class:`SearchUnavailable` when the search
    server cannot answer.
    """
    if params is None:
        wanted = tuple(t for t in TYPES if t in types)
        filters = (("type", wanted),) if wanted and wanted != TYPES else ()
        page = max(1, min(int(page), max(1, indexes.max_result_window() // PAGE_SIZE)))
        params = SearchParams(query=normalise_query(raw_query), filters=filters, page=page)
    cursor = cursor_read(params)
    page = cursor.page if cursor else params.page
    results = Results(query=params.query, page=page, page_size=params.page_size, params=params)
    parsed = parse_query(params.query)
    browse = parsed.is_empty  # no words: list what the filters select, newest first
    if browse and not params.has_filters:
        return results
    results.searched = True
    synonyms = synonym_table()
    sort = "date" if browse else params.sort
    fuzzy = cursor.fuzzy if cursor else False
    query = Q("match_all") if browse else build_query(parsed, synonyms, fuzzy=fuzzy)
    response = _execute(viewer, query, params, sort, page, cursor)
    fix = None
    if response is not None and not browse and cursor is None and _total(response) == 0 and parsed.terms:
        fix = correction(viewer, params, parsed)
        if fix is not None and fix.certain and params.autocorrect:  # the hits of the corrected query
            results.corrected_from, results.query = params.query, fix.query
            params = results.params = replace(params, query=fix.query)
            response = _execute(
                viewer, build_query(parse_query(fix.query), synonyms), params, sort, page, None
            )
        else:  # the words as typed, typo-tolerant
            fuzzy = True
            response = _execute(viewer, build_query(parsed, synonyms, fuzzy=True), params, sort, page, None)
    if response is None:  # no index yet: nothing has been indexed
        return results
    results.count = _total_groups(response, cursor)
    last_sort: list | None = None
    posts = PostDocument.hit_details(viewer, [h.post_id for h in response if getattr(h, "post_id", None)])
    for hit in response:
        last_sort = list(hit.meta.sort)
        post_id = getattr(hit, "post_id", None)
        post = posts.get(post_id) if post_id else None
        if post_id and post is None:  # hidden or gone since it was indexed: never shown
            continue
        results.hits.append(_hit(hit, post))
    results.facets = _facets(response, params)
    if results.has_next and last_sort is not None:
        results.next_cursor = cursor_make(params, after=last_sort, page=page + 1, fuzzy=fuzzy)
    results.suggestion = fix.query if fix is not None else None
    # --- search.promotions: editors' picks first on page 1, only those the viewer may see ---
    wanted_types = dict(params.filters).get("type") or TYPES
    if page == 1 and not browse and sort == "relevance" and "practice" in wanted_types:
        results.hits = promotions_apply(promotions_for(viewer, params.query), results.hits)
    return results


def _hit(hit: Any, post: PostHit | None) -> Hit:
    hl = getattr(hit.meta, "highlight", None)
    fragments = None
    if hl is not None:
        fragments = list(getattr(hl, "summary", []) or []) + list(getattr(hl, "body", []) or [])
        fragments += list(getattr(hl, "attachment_text", []) or [])  # search.attachments
    fallback = getattr(hit, "summary", "") or getattr(hit, "body", "") or ""
    inner = getattr(getattr(hit.meta, "inner_hits", None), "group", None)
    return Hit(
        type=hit.type,
        id=int(getattr(hit, "thread_id", None) or hit.meta.id),  # a forum hit is its thread
        title=hit.title,
        url=post.url if post else hit.url,
        snippet=_snippet(fragments[:2] if fragments else None, fallback),
        organisation=getattr(hit, "organisation", "") or "",
        date=post.date if post else _parse_date(getattr(hit, "date", None)),
        score=hit.meta.score or 0.0,
        post_id=getattr(hit, "post_id", None),
        author=post.author if post else "",
        matching=int(inner.hits.total.value) if inner is not None else 1,
    )


def _total_groups(response: Response, cursor: Cursor | None) -> int:
    """How many hits the member sees: groups (a thread once), counted by the ``groups`` aggregation."""
    aggs: Any = getattr(response, "aggregations", None)
    groups = getattr(aggs, "groups", None) if aggs is not None else None
    if groups is not None:
        groups = getattr(groups, "count", groups)  # under the facet selection's filter, or top level
        return int(groups.value)
    return _total(response)


def _total(response: Response) -> int:
    return int(response.hits.total.value)  # type: ignore[attr-defined]


def _execute(
    viewer: Viewer, query: Query, params: SearchParams, sort: str, page: int, cursor: Cursor | None
) -> Response | None:
    """Run one permission-filtered, highlighted, faceted page; None when there is no index yet."""
    s = (
        filtered_search(viewer, query, params)
        .highlight(
            "summary",
            "body",
            "title",
            "attachment_text",
            fragment_size=160,
            number_of_fragments=2,
            pre_tags=[_PRE],
            post_tags=[_POST],
        )
        .source(["type", "title", "url", "organisation", "date", "summary", "body", "thread_id", "post_id"])
        .sort(*_sort(sort))
        .extra(track_total_hits=True, track_scores=True)
    )
    s = _aggregate(s, params)
    if cursor is not None:  # Elasticsearch refuses search_after with collapse: posts one by one
        s = s.extra(search_after=cursor.after)[: params.page_size]
    else:
        start = (page - 1) * params.page_size
        s = s.extra(collapse=COLLAPSE)[start : start + params.page_size]
    try:
        return s.execute()
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    except ApiError as exc:
        if exc.meta.status == 404:
            return None
        if exc.meta.status == 400 and cursor is not None:  # sort values the index cannot use
            raise InvalidSearch(str(exc.message)) from exc
        raise


def _aggregate(s: Search, params: SearchParams) -> Search:
    """Per facet: its values under a ``filter`` aggregation with every *other* selected facet.

    The aggregations run over the main query, which holds the permission filter: counts and values
    only ever come from documents the viewer may see (never ``min_doc_count: 0``, which would list
    values of documents outside the query). Selected values outside the top buckets are counted
    by a second ``terms`` aggregation limited to them. A facet that no other selection narrows (every
    facet when nothing is selected, the common case) gets its ``terms`` at the top level: the same
    counts without a filter pass over the hits, which costs the embedded server as much as the terms.
    """
    selected = params.filter_map
    if params.filters:  # the hits are counted under the facet selection (the post_filter)
        selection = Q("bool", filter=[_facet_filter(n, v) for n, v in params.filters])
        s.aggs.bucket("groups", "filter", filter=selection).metric("count", "cardinality", **GROUP_COUNT)
    else:
        s.aggs.metric("groups", "cardinality", **GROUP_COUNT)
    for facet in FACETS:
        others = [_facet_filter(n, v) for n, v in params.filters if n != facet.name]
        scope: Any = s.aggs
        prefix = f"{facet.name}__"
        if others:
            scope, prefix = s.aggs.bucket(facet.name, "filter", filter=Q("bool", filter=others)), ""
        order = {"_key": "desc"} if facet.by_value else {"_count": "desc"}
        buckets = [scope.bucket(f"{prefix}values", "terms", field=facet.field, size=facet.size, order=order)]
        if facet.name in selected:
            values = facet.term_values(selected[facet.name])
            buckets.append(
                scope.bucket(
                    f"{prefix}selected", "terms", field=facet.field, include=values, size=len(values)
                )
            )
        if facet.grouped:  # values that posts carry: count threads, as the hits do
            for bucket in buckets:
                bucket.metric("groups", "cardinality", **GROUP_COUNT)
    return s


def _facet_aggregation(aggs: Any, facet: Facet, part: str) -> Any:
    """The ``values`` or ``selected`` aggregation of a facet, wherever :func:`_aggregate` put it."""
    if aggs is None:
        return None
    scope = getattr(aggs, facet.name, None)
    if scope is not None:
        return getattr(scope, part, None)
    return getattr(aggs, f"{facet.name}__{part}", None)


def _facets(response: Response, params: SearchParams) -> list[FacetResult]:
    aggs: Any = getattr(response, "aggregations", None)
    out: list[FacetResult] = []
    for facet in FACETS:
        counts: dict[str, int] = {}
        for part in ("values", "selected"):
            agg = _facet_aggregation(aggs, facet, part)
            for bucket in getattr(agg, "buckets", []) if agg is not None else []:
                groups = getattr(bucket, "groups", None)
                counts.setdefault(
                    str(bucket.key), int(groups.value if groups is not None else bucket.doc_count)
                )
        for value in params.filter_map.get(facet.name, ()):
            counts.setdefault(value, 0)  # chosen by the member, no visible hit: shown with 0
        values = [
            FacetValue(
                value=v,
                label=facet.label_for(v),
                count=c,
                selected=params.selected(facet.name, v),
            )
            for v, c in counts.items()
        ]
        if facet.by_value:
            values.sort(key=lambda fv: fv.value, reverse=True)
        else:
            values.sort(key=lambda fv: (-fv.count, fv.label.lower()))
        out.append(FacetResult(name=facet.name, label=str(facet.label), values=values))
    return out


def _parse_date(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None
