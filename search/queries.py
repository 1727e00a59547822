"""Reads from the search side: turn a member's query into a safe, permission-filtered search."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from elasticsearch import ApiError
from elasticsearch.dsl import Q, Search

from exchange.permissions import Viewer

from . import indexes
from .client import get_client
from .permissions import visible_filter
from .services import UNAVAILABLE, SearchUnavailable

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
TYPES = ("practice", "thread")
# Highlight markers that cannot occur in stored text; replaced after HTML escaping.
_PRE, _POST = "\ue000", "\ue001"


@dataclass(frozen=True)
class Hit:
    type: str
    id: int
    title: str
    url: str
    snippet: SafeString
    organisation: str
    date: datetime | None
    score: float


@dataclass
class Results:
    query: str
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < min(self.count, 10_000)


def normalise_query(raw: str) -> str:
    """Collapse whitespace, drop control characters, cap the length."""
    text = re.sub(r"[\x00-\x1f\x7f\ue000-\uf8ff]", " ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _snippet(fragments: list[str] | None, fallback: str) -> SafeString:
    if fragments:
        text = " … ".join(fragments)
    else:
        text = fallback[:240] + ("…" if len(fallback) > 240 else "")
    html = escape(text).replace(_PRE, "<mark>").replace(_POST, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags are added


def search(viewer: Viewer, raw_query: str, *, types: tuple[str, ...] = TYPES, page: int = 1) -> Results:
    query = normalise_query(raw_query)
    results = Results(query=query, page=page)
    if not query:
        return results
    text = Q(
        "multi_match",
        query=query,
        fields=["title^3", "summary^2", "body"],
        type="best_fields",
        fuzziness="AUTO",
        prefix_length=1,
        operator="and",
    )
    exact_title = Q("match_phrase", **{"title.exact": {"query": query, "boost": 5}})
    s = (
        Search(using=get_client(), index=[indexes.read_alias(t) for t in types])
        .query(Q("bool", must=[text], should=[exact_title], filter=[visible_filter(viewer)]))
        .highlight(
            "summary",
            "body",
            "title",
            fragment_size=160,
            number_of_fragments=2,
            pre_tags=[_PRE],
            post_tags=[_POST],
        )
        .source(["type", "title", "url", "organisation", "date", "summary"])
        .extra(track_total_hits=True)
    )
    start = (page - 1) * PAGE_SIZE
    s = s[start : start + PAGE_SIZE]
    try:
        response = s.execute()
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    except ApiError as exc:
        if exc.meta.status == 404:  # no index yet: nothing has been indexed
            return results
        raise
    results.count = response.hits.total.value  # type: ignore[attr-defined]
    for hit in response:
        hl = getattr(hit.meta, "highlight", None)
        fragments = None
        if hl is not None:
            fragments = list(getattr(hl, "summary", []) or []) + list(getattr(hl, "body", []) or [])
        results.hits.append(
            Hit(
                type=hit.type,
                id=int(hit.meta.id),
                title=hit.title,
                url=hit.url,
                snippet=_snippet(fragments[:2] if fragments else None, getattr(hit, "summary", "") or ""),
                organisation=getattr(hit, "organisation", "") or "",
                date=_parse_date(getattr(hit, "date", None)),
                score=hit.meta.score or 0.0,
            )
        )
    return results


def _parse_date(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None
