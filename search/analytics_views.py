"""The click-through redirect of the search results (``/suche/weiter/?t=…``); see search.analytics."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import analytics
from .permissions import member_required


@never_cache
@require_GET
@member_required
def search_click(request: HttpRequest) -> HttpResponse:
    """Record which result was followed, then go there; only to addresses of this site."""
    token = request.GET.get("t", "")
    try:
        target, click = analytics.click_resolve(token, host=request.get_host(), secure=request.is_secure())
    except analytics.InvalidClick:
        return HttpResponseBadRequest(
            _("Dieser Link ist ungültig."), content_type="text/plain; charset=utf-8"
        )
    if click is not None:
        analytics.click_record(search_id=click[0], position=click[1], url=target)
    response = HttpResponseRedirect(target)
    response["Referrer-Policy"] = "same-origin"
    return response
