"""Error pages (403, 404, 500, 503) in the site's design, in German, with next steps; liveness.

403 and 404 render with the request (navigation, language switcher). 500 and 503 render without the
request and so without context processors: they must work while the database is the problem.

Django calls ``handler500`` for every uncaught exception (with DEBUG off) while the exception is
still being handled, so :func:`server_error` can tell a database outage (the connection was cut,
PostgreSQL restarts, a failover) from a programming error and answer 503 with a German message
instead of 500. Nothing is half-written: services own their transaction, and a cut connection never
commits. The broken connection is closed so that the next request connects afresh.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 300
DATABASE_RETRY_AFTER_SECONDS = 30


def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers: nothing else is touched (no database, no session, no template)."""
    return HttpResponse("ok\n", content_type="text/plain")


def _next_url(request: HttpRequest) -> str:
    return request.get_full_path()


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"next_url": _next_url(request)}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"request_path": request.path}, status=404)


def database_unavailable(exc: BaseException | None) -> bool:
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    # psycopg reports a connection lost in the middle of a statement as a plain DatabaseError
    return isinstance(exc, DatabaseError) and "connection" in str(exc).lower()


def server_error(request: HttpRequest) -> HttpResponse:
    # No request, no context processors: nothing here may need the database.
    exc = sys.exc_info()[1]
    if not database_unavailable(exc):
        return HttpResponseServerError(loader.get_template("500.html").render({}))
    log.error("database unavailable: %s: %s", type(exc).__name__, exc)
    for conn in connections.all(initialized_only=True):
        conn.close_if_unusable_or_obsolete()
    message = _(
        "Der Dienst ist gerade nicht erreichbar (die Datenbank antwortet nicht). "
        "Ihre letzte Aktion wurde nicht gespeichert. Bitte versuchen Sie es in einer Minute erneut."
    )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return service_unavailable(reason="database", message=message, retry_after=DATABASE_RETRY_AFTER_SECONDS)


def service_unavailable(
    *, reason: str = "maintenance", message: str = "", retry_after: int = RETRY_AFTER_SECONDS
) -> HttpResponse:
    """The 503 page (maintenance or an unavailable service), safe without database and session."""
    body = loader.get_template("503.html").render({"reason": reason, "message": message})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


# Paths that keep working during maintenance: static files and the health check for the load balancer.
MAINTENANCE_EXEMPT_PREFIXES = ("/static/", "/api/health")


class MaintenanceModeMiddleware:
    """With ``MAINTENANCE_MODE`` on, every page answers 503 with the maintenance page.

    Placed before the session and authentication middleware, so it touches neither database nor
    cache; operators switch it with the environment variable of the same name and a restart.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "MAINTENANCE_MODE", False) and not request.path_info.startswith(
            MAINTENANCE_EXEMPT_PREFIXES
        ):
            return service_unavailable(reason="maintenance")
        return self.get_response(request)
