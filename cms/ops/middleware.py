"""One JSON log line per request: route pattern, view, status, duration, request id.

Replaces gunicorn's access log, which writes the client address and the full URL (search words in
``?q=``, invitation tokens and confirmation keys in paths). The route pattern
(``forum/thema/<int:pk>/``) says which page without any value of the URL.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

log = logging.getLogger("cms.requests")


def route_of(request: HttpRequest) -> tuple[str, str]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "", ""
    return str(match.route or ""), match.view_name or ""


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        route, view = route_of(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        log.info(
            "%s /%s %s %.1f ms",
            request.method,
            route,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "route": route,
                "view": view,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response
