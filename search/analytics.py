"""Search analytics for the editors: which queries, how often without results, which results clicked.

No user id, session id, IP address or time of day is stored with a query (only the day), so the
log says what members look for, not who looked. Result links go through :func:`click_url`, a
small signed redirect (``/suche/weiter/?t=…``) that records the position and redirects only to
URLs of this site: it works without JavaScript, and a forged or foreign target gets a 400.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core import signing
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .analysis import clean_query
from .models import SearchClick, SearchQueryLog

CLICK_SALT = "search.click"
CLICK_MAX_AGE = 2 * 24 * 3600  # seconds: an old link still redirects, but is not counted
RETENTION = datetime.timedelta(days=400)
MAX_FILTERS = 20


def analytics_normalise(raw: str) -> str:
    """The query as logged: cleaned like the search does, lower case, capped at 200 characters."""
    return clean_query(raw).lower()[:200]


def analytics_record(
    *,
    query: str,
    result_count: int,
    types: Iterable[str] = (),
    filters: Mapping[str, Any] | None = None,
    page: int = 1,
    source: str = "page",
) -> int | None:
    """Log one search; return its id (for the click links), or None for an empty query."""
    normalised = analytics_normalise(query)
    if not normalised:
        return None
    clean_filters = {
        str(k)[:40]: [str(v)[:80] for v in (vs if isinstance(vs, list | tuple) else [vs])][:10]
        for k, vs in list((filters or {}).items())[:MAX_FILTERS]
        if vs
    }
    row = SearchQueryLog.objects.create(
        query=normalised,
        result_count=max(0, int(result_count)),
        types=",".join(sorted(set(types)))[:100],
        filters=clean_filters,
        page=max(1, min(int(page), 32767)),
        source=source[:10],
    )
    return row.pk


def click_url(search_id: int | None, position: int, url: str) -> str:
    """The link of result ``position`` (1-based) that records the click, or ``url`` without a log id."""
    if not search_id:
        return url
    token = signing.dumps([search_id, position, url], salt=CLICK_SALT, compress=True)
    return f"{reverse('search-click')}?{urlencode({'t': token})}"


class InvalidClick(ValueError):
    """The click link was not made by us or points outside this site."""


def click_resolve(token: str, *, host: str, secure: bool) -> tuple[str, tuple[int, int] | None]:
    """Check a click link; return ``(target, (search_id, position) or None when too old to count)``."""
    try:
        data = signing.loads(token, salt=CLICK_SALT, max_age=CLICK_MAX_AGE)
        fresh = True
    except signing.SignatureExpired:
        data = signing.loads(token, salt=CLICK_SALT)
        fresh = False
    except signing.BadSignature as exc:
        raise InvalidClick("bad signature") from exc
    try:
        search_id, position, url = int(data[0]), int(data[1]), str(data[2])
    except (TypeError, ValueError, IndexError, KeyError) as exc:
        raise InvalidClick("malformed") from exc
    # Defence in depth: even a correctly signed link never leaves this site.
    if url.startswith(("//", "/\\")) or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={host}, require_https=secure
    ):
        raise InvalidClick("external target")
    return url, ((search_id, position) if fresh else None)


def click_record(*, search_id: int, position: int, url: str) -> bool:
    """Record a click on a logged search; False when the search is no longer in the log."""
    if position < 1 or not SearchQueryLog.objects.filter(pk=search_id).exists():
        return False
    SearchClick.objects.create(search_id=search_id, position=position, url=url[:500])
    return True


# --- Reading, for the report ----------------------------------------------------------------------


def query_stats(logs: QuerySet[SearchQueryLog]) -> QuerySet:
    """Per normalised query: searches, searches without results, searches with a click, clicks."""
    return (
        logs.values("query")
        .annotate(
            searches=Count("id", distinct=True),
            zero_results=Count("id", filter=Q(result_count=0), distinct=True),
            clicked=Count("id", filter=Q(clicks__isnull=False), distinct=True),
            click_count=Count("clicks"),
        )
        .order_by("-searches", "query")
    )


def totals(logs: QuerySet[SearchQueryLog]) -> dict[str, Any]:
    agg = logs.aggregate(
        searches=Count("id", distinct=True),
        zero_results=Count("id", filter=Q(result_count=0), distinct=True),
        clicked=Count("id", filter=Q(clicks__isnull=False), distinct=True),
    )
    searches = agg["searches"] or 0
    agg["click_rate"] = (agg["clicked"] / searches) if searches else 0.0
    agg["zero_rate"] = (agg["zero_results"] / searches) if searches else 0.0
    return agg


def analytics_prune(*, older_than: datetime.timedelta = RETENTION) -> int:
    deleted, _ = SearchQueryLog.objects.filter(day__lt=timezone.localdate() - older_than).delete()
    return deleted


def analytics_record_search(params: Any, results: Any, *, source: str) -> int | None:
    """Log an answered search (``search.facets.SearchParams`` and ``search.queries.Results``)."""
    filters = params.filter_map
    return analytics_record(
        query=params.query,
        result_count=results.count,
        types=filters.get("type", ()),
        filters={k: list(v) for k, v in filters.items() if k != "type"},
        page=results.page,
        source=source,
    )
