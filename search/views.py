from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from exchange.decorators import member_required
from exchange.permissions import viewer_for

from . import queries
from .services import SearchUnavailable


@member_required
def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    try:
        page = max(1, min(int(request.GET.get("seite", "1")), 1000))
    except ValueError:
        page = 1
    context: dict = {"query": queries.normalise_query(raw), "results": None, "unavailable": False}
    if context["query"]:
        try:
            context["results"] = queries.search(viewer_for(request.user), raw, page=page)
        except SearchUnavailable:
            context["unavailable"] = True
            return render(request, "search/search_page.html", context, status=503)
    return render(request, "search/search_page.html", context)
