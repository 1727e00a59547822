"""The JSON API under /api/ (django-ninja): the routers of the apps, authentication, the health
endpoint, and the one error path.

Endpoints raise; they never build error responses. ``ValidationError`` (a service refused the input)
answers 400 with its German messages, ``PermissionDenied`` 403, ``Http404`` 404 (a fixed German
sentence, or the exception's own message when it carries one), the forum's ``RateLimited`` 429 and
ninja's input validation 400. Every error body is ``{"detail": str}``, documented once: the error
answers are added to every operation's documentation here (:class:`ProjectAPI`), per router, with
one schema (``ErrorOut``), so the routers (search's too, which imports nothing from cms) declare
only their success answers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Schema, Status
from ninja.errors import ValidationError as InputError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import SessionAuth

from cms.ops.health import Finding, outbox_check, tasks_check
from exchange.alerts.api import router as saved_searches_router
from exchange.forum.api import router as forum_router
from exchange.forum.services import RateLimited
from exchange.membership.api import router as memberships_router
from exchange.messages.api import router as messages_router
from exchange.notifications.api import router as follows_router
from exchange.people.api import router as people_router
from exchange.people.auth import AuditedBearerTokenAuth
from search.api import router as search_router
from search.client import ping

from .celery import app as celery_app
from .practices_api import router as practices_router


class ErrorOut(Schema):
    """Every error answer of the API."""

    detail: str


class ProjectAPI(NinjaAPI):
    """The project's API: documents the error answers of each router's operations in one place."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error_statuses: dict[str, tuple[int, ...]] = {}

    def add_router_with_errors(self, prefix: str, router: Router, statuses: tuple[int, ...]) -> None:
        """Mount ``router`` under ``prefix``; its operations answer ``statuses`` with ErrorOut."""
        self.add_router(prefix, router)
        for path in router.path_operations:
            self.error_statuses[_path_key(prefix, path)] = statuses

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        root = self.get_root_path(path_params or {}) if path_prefix is None else path_prefix
        schema["components"].setdefault("schemas", {})["ErrorOut"] = ErrorOut.model_json_schema()
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path, operations in schema["paths"].items():
            for status in self.error_statuses.get(_path_key(path[len(root) :]), ()):
                for operation in operations.values():
                    operation["responses"].setdefault(
                        status, {"description": ERROR_DESCRIPTIONS[status], "content": content}
                    )
        return schema


def _path_key(*parts: str) -> str:
    return "/".join(part.strip("/") for part in parts if part.strip("/"))


ERROR_DESCRIPTIONS = {
    400: "Ungültige Eingabe",
    401: "Nicht angemeldet",
    403: "Nicht berechtigt",
    404: "Nicht gefunden",
    429: "Zu viele Anfragen",
    503: "Dienst nicht verfügbar",
}

api = ProjectAPI(
    title="#sicherimDienst Wissensaustausch API",
    version="1",
    description=(
        "Geschützte Schnittstelle des Mitgliederbereichs. Anmeldung per Sitzung (mit CSRF-Token) oder "
        "persönlichem Token: `Authorization: Bearer <token>`."
    ),
    auth=[AuditedBearerTokenAuth(), SessionAuth()],
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(InputError)
def invalid_input(request: HttpRequest, exc: InputError) -> HttpResponse:
    """Bad input is a 400 with a readable message (the documented ``{"detail": str}``), not
    django-ninja's undocumented 422 with a list."""
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error.get('loc', ())[1:]) or '-'}: {error.get('msg', '')}"
        for error in exc.errors
    )
    return _error(request, 400, _("Ungültige Eingabe: %s") % problems)


@api.exception_handler(ValidationError)
def refused_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 400, " ".join(str(message) for message in exc.messages))


@api.exception_handler(PermissionDenied)
def not_allowed(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("Dazu sind Sie nicht berechtigt."))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or _("Nicht gefunden."))


@api.exception_handler(RateLimited)
def too_fast(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return _error(request, 429, exc.message)


class Check(Schema):
    ok: bool
    detail: str


class HealthOut(Schema):
    status: str
    database: Check
    broker: Check
    search: Check
    outbox: Check  # cms/ops/health.py: rows older than OPS_OUTBOX_STALE_MINUTES
    tasks: Check  # failed Celery tasks within OPS_TASK_FAILURE_HOURS


def _check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check(ok=True, detail=connection.vendor)
    except Exception as exc:
        connection.close_if_unusable_or_obsolete()  # the next check connects afresh
        return Check(ok=False, detail=type(exc).__name__)


def _check_broker() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check(ok=True, detail="eager (kein Broker konfiguriert)")
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
        return Check(ok=True, detail="erreichbar")
    except Exception as exc:
        return Check(ok=False, detail=type(exc).__name__)


def _check_ops(check) -> Check:
    """A finding of cms/ops/health.py; it needs the database, so without one it is not ok."""
    try:
        finding: Finding = check()
    except Exception as exc:
        connection.close_if_unusable_or_obsolete()
        return Check(ok=False, detail=type(exc).__name__)
    return Check(ok=finding.ok, detail=finding.detail)


def _check_search() -> Check:
    return Check(ok=True, detail="erreichbar") if ping() else Check(ok=False, detail="nicht erreichbar")


@api.get(
    "/health",
    auth=None,
    response={200: HealthOut, 503: HealthOut},
    tags=["Betrieb"],
    summary="Erreichbarkeit von Datenbank, Broker und Suche; Warteschlangen und Aufgabenfehler",
)
def health(request):
    """503 only when the database is unreachable (nothing works then); a missing broker or search
    server, an outbox that stopped draining and failed tasks are reported as ``degraded`` with 200,
    because pages and writes keep working (the outbox keeps every change until they return)."""
    db, broker, search = _check_database(), _check_broker(), _check_search()
    outbox, tasks = _check_ops(outbox_check), _check_ops(tasks_check)
    healthy = db.ok and broker.ok and search.ok and outbox.ok and tasks.ok
    status = "ok" if healthy else ("degraded" if db.ok else "down")
    body = HealthOut(status=status, database=db, broker=broker, search=search, outbox=outbox, tasks=tasks)
    return Status(200 if db.ok else 503, body)


api.add_router_with_errors("/", people_router, (400, 401, 403, 404))
api.add_router_with_errors("/memberships", memberships_router, (400, 401, 403, 404))
api.add_router_with_errors("/forum", forum_router, (400, 401, 403, 404, 429))
api.add_router_with_errors("/forum", follows_router, (400, 401, 403, 404))
api.add_router_with_errors("/search", search_router, (400, 401, 403, 503))
api.add_router_with_errors("/practices", practices_router, (400, 401, 403, 404))
api.add_router_with_errors("/saved-searches", saved_searches_router, (400, 401, 403, 404))
api.add_router_with_errors("/messages", messages_router, (400, 401, 403, 404, 429))
