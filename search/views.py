"""The search page /suche/: works as a plain GET form; small scripts add title suggestions
(search/autocomplete.js) and apply a ticked facet at once (search/facets.js)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import indexes, queries
from .analytics import analytics_record_search
from .client import SearchUnavailable
from .facets import InvalidSearch, SearchParams, params_from
from .permissions import member_required, viewer_for
from .sidebar import facet_groups, filter_chips

PAGE_KEY = "seite"
TEMPLATE = "search/search_page.html"
# Option texts that say what they do without the label, which phones hide to fit the count beside it.
SORT_CHOICES = [("relevance", _("Beste Treffer zuerst")), ("date", _("Neueste zuerst"))]


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


def _url(params: SearchParams, **changes: object) -> str:
    return "?" + params.urlencode(page_key=PAGE_KEY, **changes)


def _navigation(results: queries.Results) -> dict:
    """Prepared links: numbered pages inside the result window, a cursor for “Weiter” beyond it."""
    params = results.params
    nav: dict = {"pages": [], "next_url": None, "prev_url": None, "first_url": None}
    if results.page <= results.numbered_pages:
        nav["pages"] = [
            PageLink(n, _url(params, page=n, cursor=None), n == results.page) for n in results.page_links()
        ]
    if results.has_next:
        if results.next_is_numbered:
            nav["next_url"] = _url(params, page=results.page + 1, cursor=None)
        elif results.next_cursor:
            nav["next_url"] = _url(params, page=None, cursor=results.next_cursor)
    if 1 < results.page <= results.numbered_pages + 1:
        nav["prev_url"] = _url(params, page=results.page - 1, cursor=None)
    elif results.page > 1:  # deep pages (cursor only): back to the start, the browser's back button
        nav["first_url"] = _url(params, page=None, cursor=None)
    return nav


def _results_context(params: SearchParams, results: queries.Results) -> dict:
    """What the page shows about one answer: hits, facets with values, paging and correction links."""
    return {
        "search_log_id": analytics_record_search(params, results, source="page"),
        "query": results.query,  # the corrected query when its hits are shown (the form goes on from it)
        "results": results,
        "facet_groups": facet_groups(results.facets),
        "chips": filter_chips(params, page_key=PAGE_KEY),
        "nav": _navigation(results),
        "clear_filters_url": _url(SearchParams(query=params.query, sort=params.sort)),
        "suggestion_url": (
            _url(SearchParams(query=results.suggestion, filters=params.filters, sort=params.sort))
            if results.suggestion
            else None
        ),
        "as_typed_url": (  # "Stattdessen nach … suchen": the words as typed, no correction
            _url(replace(params, autocorrect=False), page=None, cursor=None)
            if results.corrected_from
            else None
        ),
    }


@member_required
def search_page(request: HttpRequest) -> HttpResponse:
    context: dict = {
        "query": queries.normalise_query(request.GET.get("q", "")),
        **{"results": None, "unavailable": False, "error": None, "sort": "relevance"},
        **{"sort_choices": SORT_CHOICES, "page_key": PAGE_KEY, "forum_url": reverse("forum-index")},
    }
    try:
        window = indexes.max_result_window()
        params = params_from(request.GET, page_key=PAGE_KEY, strict=False, max_result_window=window)
        context.update(query=params.query, sort=params.sort, params=params)
        if not (params.query or params.has_filters):
            return render(request, TEMPLATE, context)
        results = queries.search(viewer_for(request.user), params=params)
    except InvalidSearch as exc:
        return render(request, TEMPLATE, {**context, "error": str(exc)}, status=400)
    except SearchUnavailable:
        return render(request, TEMPLATE, {**context, "unavailable": True}, status=503)
    return render(request, TEMPLATE, {**context, **_results_context(params, results)})
